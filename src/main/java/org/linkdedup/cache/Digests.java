package org.linkdedup.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** SHA-256 of bytes (keys, manifests) and fast checksums of files (inputs' contents, stored files): what identifies contents in the cache. */
public final class Digests {
    private static final int CHUNK = 1 << 20;

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * A fast check of a stored file's bytes: CRC-32C and CRC-32 of the whole file (64 bits, two
     * polynomials; both computed by the processor's instructions). It detects damage (flipped bits, a
     * truncated or replaced file), not forgery: an entry's manifest, which lists these, is checked
     * by its own SHA-256.
     */
    public static String checksum(Path file) throws IOException {
        return checksum(crcs(file));
    }

    /** {@link #checksum(Path)} of what {@link #copy} copied ({@code sums} as it returns them). */
    public static String checksum(long[] sums) {
        return String.format("crc32c:%08x crc32:%08x", sums[1], sums[2]);
    }

    /**
     * Copies {@code from} (from its start to its end) to {@code to} at its position, through one
     * buffer, and gives the bytes copied, their CRC-32C and their CRC-32: the bytes written are the
     * bytes checked, and the source is read once.
     */
    public static long[] copy(FileChannel from, FileChannel to) throws IOException {
        return sums(from, to);
    }

    /**
     * What identifies an input's contents in a cache key: its size and {@link #checksum} (the size
     * counted in the same read). An accidental collision of two versions of a file needs their
     * difference to be a multiple of both 32-bit polynomials at once (about one chance in 2^64; every
     * change of up to 32 consecutive bits is always seen); it is not meant to stand against someone
     * who can write the inputs, who can change the link anyway.
     */
    public static String content(Path file) throws IOException {
        long[] sums = crcs(file);
        return String.format("size:%d crc32c:%08x crc32:%08x", sums[0], sums[1], sums[2]);
    }

    /** The bytes read, their CRC-32C and their CRC-32, in one pass over the file in 1 MiB pieces. */
    private static long[] crcs(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return sums(ch, null);
        }
    }

    /** The bytes read from {@code from} to its end, their CRC-32C and CRC-32; each piece also written to {@code to} when not null. */
    private static long[] sums(FileChannel from, FileChannel to) throws IOException {
        CRC32C c = new CRC32C();
        CRC32 d = new CRC32();
        long size = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        while (from.read(buf) >= 0) {
            buf.flip();
            size += buf.remaining();
            c.update(buf.duplicate());
            d.update(buf.duplicate());
            while (to != null && buf.hasRemaining()) {
                to.write(buf);
            }
            buf.clear();
        }
        return new long[] {size, c.getValue(), d.getValue()};
    }

    public static String of(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
