package org.linkdedup.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds ar files byte by byte for tests: every header field as given, nothing checked. */
final class ArBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static ArBytes gnu() {
        return new ArBytes().raw("!<arch>\n");
    }

    static ArBytes thin() {
        return new ArBytes().raw("!<thin>\n");
    }

    ArBytes raw(String s) {
        return raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    ArBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A header with {@code name} and {@code size} (other fields zero), then data and even padding. */
    ArBytes member(String name, byte[] data) {
        header(name, Integer.toString(data.length));
        raw(data);
        if (data.length % 2 == 1) {
            raw("\n");
        }
        return this;
    }

    ArBytes member(String name, String data) {
        return member(name, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    ArBytes header(String name, String size) {
        return raw(String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "644", size));
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A GNU symbol index: big-endian count, header offsets, NUL-terminated names. */
    static byte[] gnuIndex(long[] offsets, String... names) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        be32(b, offsets.length);
        for (long o : offsets) {
            be32(b, o);
        }
        for (String n : names) {
            b.writeBytes(n.getBytes(StandardCharsets.ISO_8859_1));
            b.write(0);
        }
        return b.toByteArray();
    }

    private static void be32(ByteArrayOutputStream b, long v) {
        b.write((int) (v >>> 24));
        b.write((int) (v >>> 16));
        b.write((int) (v >>> 8));
        b.write((int) v);
    }
}
