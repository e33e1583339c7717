package org.linkdedup.archive;

import static org.linkdedup.archive.ArFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.StagedFile;

/**
 * Writes an archive made of some members of an existing one, in the source's flavor, with a fresh
 * symbol index. Like LLVM's writer it computes the whole layout (headers, name tables, padding,
 * index size and its 64-bit switch, Darwin's 8-byte alignment) before writing a byte, writes
 * deterministically (index members get zero date, uid, gid and mode; kept members keep their own
 * header fields), copies member data without buffering it whole, re-reads the result and checks it
 * against the layout, and only then renames the temporary file into place.
 *
 * <ul>
 * <li>GNU: {@code /} index (or {@code /SYM64/} when a member header lies past 4 GiB), {@code //} for
 *     names over 15 bytes or containing {@code /}, names end in {@code /}, members padded to 2.</li>
 * <li>BSD and DARWIN: {@code #1/N} names padded with NULs so member data starts 8-byte aligned, a
 *     {@code __.SYMDEF} index ({@code __.SYMDEF_64} past 4 GiB), little-endian; DARWIN also pads each
 *     member's data to a multiple of 8 with newlines that belong to the member (its size field counts
 *     them), as Apple's tools and llvm-ar do; a member already padded so stays as it is.</li>
 * <li>Thin GNU archives stay thin: member paths are written relative to the destination's directory.</li>
 * <li>COFF {@code .lib} archives are read but not written.</li>
 * </ul>
 */
public final class ArchiveWriter {
    private ArchiveWriter() {
    }

    /** A member to write and the names the index should give it. */
    public record Entry(ArchiveMember member, List<String> indexNames) {
        public Entry {
            Objects.requireNonNull(member);
            indexNames = List.copyOf(indexNames);
        }
    }

    /** The computed layout of one member in the output. */
    private record Placed(Entry entry, String headerName, byte[] bsdName, long headerOffset, long dataSize, int dataPad) {
    }

    /**
     * Writes {@code entries} (members of {@code source}, in the order given) to {@code dest} atomically.
     * @throws InputFormatException when the written file does not read back as intended (nothing replaced)
     */
    public static void write(Archive source, List<Entry> entries, Path dest) throws IOException {
        stage(source, entries, dest).commit();
    }

    /**
     * Writes {@code entries} to a temporary file beside {@code dest} and verifies it; nothing is
     * replaced until the caller commits it (staging every output first lets a caller replace several
     * archives only once all of them are known good).
     */
    public static StagedFile stage(Archive source, List<Entry> entries, Path dest) throws IOException {
        return stage(source, entries, dest, tmp -> { });
    }

    /** A step between writing the temporary file and checking it (tests use it to damage the file). */
    interface AfterWrite {
        void accept(Path tmp) throws IOException;
    }

    static StagedFile stage(Archive source, List<Entry> entries, Path dest, AfterWrite afterWrite) throws IOException {
        if (source.flavor() == ArchiveFlavor.COFF) {
            throw new IOException(source.path() + ": writing COFF .lib archives is not supported");
        }
        Path dir = dest.toAbsolutePath().getParent();
        return StagedFile.write(dest, tmp -> {
            Layout layout = source.flavor() == ArchiveFlavor.GNU ? gnuLayout(source, entries, dir) : bsdLayout(source, entries);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeAll(out, ByteBuffer.wrap(layout.prefix));
                try (FileChannel in = source.isThin() ? null : FileChannel.open(source.path(), StandardOpenOption.READ)) {
                    for (Placed p : layout.placed) {
                        writeAll(out, ByteBuffer.wrap(layout.header(p)));
                        if (!source.isThin()) {
                            copy(in, p.entry().member().dataOffset(), p.entry().member().size(), out);
                            writeAll(out, ByteBuffer.wrap(padding(p.dataPad(), layout.padByte)));
                        }
                    }
                }
            }
            afterWrite.accept(tmp);
            verify(tmp, source, layout);
        });
    }

    /** Everything about the output except member data. */
    private static final class Layout {
        final ArchiveFlavor flavor;
        final boolean thin;
        byte[] prefix;             // magic, index member, long-name table
        List<Placed> placed = new ArrayList<>();
        byte padByte;
        IndexKind indexKind;

        Layout(ArchiveFlavor flavor, boolean thin) {
            this.flavor = flavor;
            this.thin = thin;
        }

        /**
         * A placed member's data as a reader sees it: in a Darwin archive with its padding (Darwin
         * counts the padding in the member; GNU and BSD pad to 2 outside it).
         */
        long dataSizeRead(Placed p) {
            return p.dataSize() + (flavor == ArchiveFlavor.DARWIN ? p.dataPad() : 0);
        }

        byte[] header(Placed p) {
            ArchiveMember m = p.entry().member();
            long size = dataSizeRead(p) + (p.bsdName() == null ? 0 : p.bsdName().length);   // the size field
            byte[] h = header(p.headerName(), m.mtime(), m.uid(), m.gid(), m.mode(), size);
            if (p.bsdName() == null) {
                return h;
            }
            byte[] out = new byte[h.length + p.bsdName().length];
            System.arraycopy(h, 0, out, 0, h.length);
            System.arraycopy(p.bsdName(), 0, out, h.length, p.bsdName().length);
            return out;
        }

        static byte[] header(String name, String date, String uid, String gid, String mode, long size) {
            StringBuilder sb = new StringBuilder(HEADER_SIZE);
            pad(sb, name, NAME_LEN);
            // A kept member keeps its date, uid, gid and mode when they are numbers; a field that is
            // not (readers tolerate it, but not every reader) is written as ar writes a fresh one.
            pad(sb, digits(date, 10) ? date : "0", DATE_LEN);
            pad(sb, digits(uid, 10) ? uid : "0", UID_LEN);
            pad(sb, digits(gid, 10) ? gid : "0", GID_LEN);
            pad(sb, digits(mode, 8) ? mode : "644", MODE_LEN);
            pad(sb, Long.toString(size), SIZE_LEN);
            sb.append("`\n");
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /** A non-empty run of digits of {@code radix} (8 or 10). */
        private static boolean digits(String s, int radix) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private static void pad(StringBuilder sb, String s, int width) {
            if (s.length() > width) {
                throw new IllegalArgumentException("ar header field \"" + s + "\" is wider than " + width);
            }
            sb.append(s);
            for (int i = s.length(); i < width; i++) {
                sb.append(' ');
            }
        }
    }

    private static Layout gnuLayout(Archive source, List<Entry> entries, Path destDir) throws IOException {
        Layout l = new Layout(ArchiveFlavor.GNU, source.isThin());
        l.padByte = '\n';
        // Long names: all of them for a thin archive (paths), else names > 15 bytes or with '/'.
        StringBuilder longNames = new StringBuilder();
        List<String> headerNames = new ArrayList<>(entries.size());
        Path srcDir = source.path().toAbsolutePath().getParent();
        for (Entry e : entries) {
            String name = e.member().name();
            if (source.isThin()) {
                Path abs = e.member().external();
                name = destDir == null ? abs.toString() : destDir.relativize(abs).toString();
                if (name.isEmpty()) {
                    name = ".";   // the destination's own directory: "" would be an empty name
                }
            }
            if (source.isThin() || !fitsGnuHeader(name)) {
                if (name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) {
                    throw new IOException(source.path() + ": member " + e.member().position() + " name \""
                            + ByteStrings.printable(InputFormatException.excerpt(name), false) + "\" cannot be written in a GNU archive: it needs the // table, where a newline or NUL ends a name");
                }
                headerNames.add("/" + longNames.length());
                longNames.append(name).append("/\n");
            } else {
                headerNames.add(name + "/");
            }
        }
        if (longNames.length() % 2 != 0) {
            longNames.append('\n');
        }
        IndexSize n = IndexSize.of(entries);
        long symbolCount = n.symbols(), stringBytes = n.stringBytes();
        boolean hasIndex = symbolCount > 0 || source.index().isPresent();
        // Try the 32-bit index first; switch to /SYM64/ when a member header lies past 4 GiB.
        for (boolean is64 : new boolean[] {false, true}) {
            int w = is64 ? 8 : 4;
            long indexSize = hasIndex ? align(w + symbolCount * w + stringBytes, is64 ? 8 : 2) : 0;
            long pos = MAGIC_SIZE + (hasIndex ? HEADER_SIZE + indexSize : 0)
                    + (longNames.length() > 0 ? HEADER_SIZE + longNames.length() : 0);
            List<Placed> placed = new ArrayList<>(entries.size());
            long maxHeader = 0;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                long size = e.member().size();
                int pad = source.isThin() ? 0 : (int) (size & 1);
                placed.add(new Placed(e, headerNames.get(i), null, pos, size, pad));
                maxHeader = pos;
                pos += HEADER_SIZE + (source.isThin() ? 0 : size + pad);
            }
            if (!is64 && maxHeader > 0xffffffffL) {
                continue;
            }
            l.placed = placed;
            l.indexKind = hasIndex ? (is64 ? IndexKind.GNU64 : IndexKind.GNU) : IndexKind.NONE;
            ByteBuffer prefix = ByteBuffer.allocate((int) (placed.isEmpty() ? pos : placed.get(0).headerOffset())).order(ByteOrder.BIG_ENDIAN);
            prefix.put(source.isThin() ? THIN_MAGIC : MAGIC);
            if (hasIndex) {
                prefix.put(Layout.header(is64 ? "/SYM64/" : "/", "0", "0", "0", "0", indexSize));
                long start = prefix.position();
                if (is64) {
                    prefix.putLong(symbolCount);
                } else {
                    prefix.putInt((int) symbolCount);
                }
                for (Placed p : placed) {
                    for (int k = 0; k < p.entry().indexNames().size(); k++) {
                        if (is64) {
                            prefix.putLong(p.headerOffset());
                        } else {
                            prefix.putInt((int) p.headerOffset());
                        }
                    }
                }
                for (Placed p : placed) {
                    for (String s : p.entry().indexNames()) {
                        prefix.put(s.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
                    }
                }
                while (prefix.position() - start < indexSize) {
                    prefix.put((byte) 0);
                }
            }
            if (longNames.length() > 0) {
                prefix.put(Layout.header("//", "", "", "", "", longNames.length()));
                prefix.put(longNames.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            l.prefix = prefix.array();
            return l;
        }
        throw new IllegalStateException("unreachable: 64-bit index always fits");
    }

    /**
     * Whether {@code name} reads back from a GNU header field as {@code name/}: 1 to 15 bytes, no
     * {@code /} (a name ends at the first one), nothing the reader trims at its start (bytes up to
     * space), and not {@code #1/} once its {@code /} is added (a BSD name). Every other name goes to
     * the {@code //} table.
     */
    static boolean fitsGnuHeader(String name) {
        return !name.isEmpty() && name.length() <= 15 && name.indexOf('/') < 0 && name.charAt(0) > ' '
                && !(name + "/").startsWith(BSD_NAME_PREFIX);   // "#1" too: its field "#1/" is a BSD name
    }

    private static Layout bsdLayout(Archive source, List<Entry> entries) {
        ArchiveFlavor flavor = source.flavor();
        Layout l = new Layout(flavor, false);
        l.padByte = '\n';
        boolean darwin = flavor == ArchiveFlavor.DARWIN;
        IndexSize n = IndexSize.of(entries);
        long symbolCount = n.symbols(), stringBytes = n.stringBytes();
        // A first member named like an index would be read as the index: write an (empty) index before it.
        boolean hasIndex = symbolCount > 0 || source.index().isPresent()
                || !entries.isEmpty() && ArchiveReader.isBsdIndexName(entries.get(0).member().name());
        for (boolean is64 : new boolean[] {false, true}) {
            int w = is64 ? 8 : 4;
            String indexName = is64 ? "__.SYMDEF_64" : "__.SYMDEF";
            byte[] indexNameBytes = bsdName(indexName, MAGIC_SIZE);
            long strSize = align(stringBytes, w);
            long indexSize = w + symbolCount * 2 * w + w + strSize;
            long pos = MAGIC_SIZE + (hasIndex ? HEADER_SIZE + indexNameBytes.length + indexSize : 0);
            pos = align(pos, 2);
            List<Placed> placed = new ArrayList<>(entries.size());
            long maxHeader = 0;
            for (Entry e : entries) {
                byte[] name = bsdName(e.member().name(), pos);
                long size = e.member().size();
                int pad = darwin ? (int) (align(size, 8) - size) : (int) (size & 1);
                placed.add(new Placed(e, "#1/" + name.length, name, pos, size, pad));
                maxHeader = pos;
                pos += HEADER_SIZE + name.length + size + pad;
            }
            if (!is64 && maxHeader > 0xffffffffL) {
                continue;
            }
            l.placed = placed;
            l.indexKind = hasIndex ? (is64 ? IndexKind.BSD64 : IndexKind.BSD) : IndexKind.NONE;
            long prefixSize = placed.isEmpty() ? pos : placed.get(0).headerOffset();
            ByteBuffer prefix = ByteBuffer.allocate((int) prefixSize).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put(MAGIC);
            if (hasIndex) {
                prefix.put(Layout.header("#1/" + indexNameBytes.length, "0", "0", "0", "0", indexNameBytes.length + indexSize));
                prefix.put(indexNameBytes);
                putWord(prefix, symbolCount * 2 * w, is64);
                long strx = 0;
                for (Placed p : placed) {
                    for (String s : p.entry().indexNames()) {
                        putWord(prefix, strx, is64);
                        putWord(prefix, p.headerOffset(), is64);
                        strx += s.length() + 1;
                    }
                }
                putWord(prefix, strSize, is64);
                for (Placed p : placed) {
                    for (String s : p.entry().indexNames()) {
                        prefix.put(s.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
                    }
                }
                for (long k = stringBytes; k < strSize; k++) {
                    prefix.put((byte) 0);
                }
            }
            while (prefix.position() < prefixSize) {
                prefix.put((byte) '\n');
            }
            l.prefix = prefix.array();
            return l;
        }
        throw new IllegalStateException("unreachable: 64-bit index always fits");
    }

    /** How many index entries the members get, and the bytes of their NUL-terminated names. */
    private record IndexSize(long symbols, long stringBytes) {
        static IndexSize of(List<Entry> entries) {
            long symbols = 0, bytes = 0;
            for (Entry e : entries) {
                symbols += e.indexNames().size();
                for (String s : e.indexNames()) {
                    bytes += s.length() + 1;
                }
            }
            return new IndexSize(symbols, bytes);
        }
    }

    /** A {@code #1/N} name: the name and at least one NUL, padded so the data after it starts 8-byte aligned. */
    private static byte[] bsdName(String name, long headerOffset) {
        long dataStart = headerOffset + HEADER_SIZE + name.length() + 1;
        int len = (int) (align(dataStart, 8) - headerOffset - HEADER_SIZE);
        byte[] out = new byte[len];
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, out, 0, n.length);
        return out;
    }

    private static void putWord(ByteBuffer b, long v, boolean is64) {
        if (is64) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    private static long align(long x, int a) {
        return (x + a - 1) / a * a;
    }

    private static byte[] padding(int n, byte b) {
        byte[] p = new byte[n];
        java.util.Arrays.fill(p, b);
        return p;
    }

    private static void writeAll(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static void copy(FileChannel in, long pos, long size, FileChannel out) throws IOException {
        long done = 0;
        while (done < size) {
            long n = in.transferTo(pos + done, size - done, out);
            if (n <= 0) {
                throw new IOException("short copy from " + pos + " (" + done + " of " + size + " bytes)");
            }
            done += n;
        }
    }

    /**
     * Reads the written file back and checks it is exactly what the layout meant: flavor, members
     * (names, sizes, data), index entries. Throws before anything is renamed into place.
     */
    private static void verify(Path tmp, Archive source, Layout layout) throws IOException {
        ByteView written = ByteView.map(tmp);
        Archive back;
        try {
            back = ArchiveReader.read(tmp, written);
        } catch (InputFormatException e) {
            throw new InputFormatException(tmp.toString(), e.member(), e.offset(),
                    "written archive does not read back: " + e.reason(), e);
        }
        String what = null;
        if (back.members().size() != layout.placed.size()) {
            what = back.members().size() + " members read back, " + layout.placed.size() + " written";
        } else if (back.index().kind() != layout.indexKind) {
            what = "index " + back.index().kind() + " read back, " + layout.indexKind + " written";
        }
        List<SymbolIndex.Entry> expected = new ArrayList<>();
        for (int i = 0; what == null && i < layout.placed.size(); i++) {
            Placed p = layout.placed.get(i);
            ArchiveMember got = back.members().get(i);
            ArchiveMember want = p.entry().member();
            if (!source.isThin() && !got.name().equals(want.name())) {
                what = "member " + i + " reads back as \"" + got.name() + "\", written as \"" + want.name() + "\"";
            } else if (got.headerOffset() != p.headerOffset()) {
                what = "member " + i + " header at " + got.headerOffset() + ", laid out at " + p.headerOffset();
            } else if (!source.isThin() && got.size() != layout.dataSizeRead(p)) {
                what = "member " + i + " (" + want.name() + ") reads back with " + got.size() + " bytes, written with "
                        + want.size() + (layout.flavor == ArchiveFlavor.DARWIN ? " and " + p.dataPad() + " of padding" : "");
            } else if (!source.isThin() && !sameBytes(source.data(want), back.data(got), want.size())) {
                what = "member " + i + " (" + want.name() + ") data differs from the input";
            }
            for (String s : p.entry().indexNames()) {
                expected.add(new SymbolIndex.Entry(s, i));
            }
        }
        if (what == null && layout.indexKind != IndexKind.NONE && !back.index().entries().equals(expected)) {
            what = "symbol index reads back with " + back.index().entries().size() + " entries, "
                    + expected.size() + " written";
        }
        if (what == null && !source.isThin()) {
            what = crossCheck(written, layout);
        }
        if (what != null) {
            throw new InputFormatException(tmp.toString(), null, 0, "written archive failed verification: " + what);
        }
    }

    /**
     * Reads the written archive with an independent parser, Commons Compress's, and checks that it sees
     * the same members, in order, with the same sizes, and the same names wherever it can represent
     * them (it decodes names as US-ASCII and trims blanks). Null when it does.
     */
    private static String crossCheck(ByteView written, Layout layout) throws IOException {
        int i = 0;
        boolean index = layout.indexKind != IndexKind.NONE;
        // Every entry's data is read through here, so that getNextEntry has nothing left to skip: it
        // skips with commons-io's IOUtils.skip, which zero-fills its scratch buffer before every 8 KiB
        // it reads, and that fill runs as a plain byte loop until the JIT's C2 compiles it (bin/linkdedup
        // runs C1 only) — a third of `apply`'s time on six perry wrappers. Reading into our own buffer
        // is a memory copy from the mapped file.
        byte[] drain = new byte[1 << 16];
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new ViewInputStream(written))) {
            for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = nextAfterReading(ar, drain)) {
                if (index) {
                    index = false;   // the symbol index we wrote first
                    continue;
                }
                if (i >= layout.placed.size()) {
                    return "Commons Compress reads an extra member";
                }
                Placed p = layout.placed.get(i++);
                String want = p.entry().member().name();
                String got = e.getName();
                int nul = got.indexOf('\0');
                got = nul < 0 ? got : got.substring(0, nul);
                long size = layout.dataSizeRead(p);
                if (e.getLength() != size || plainAscii(want) && !got.equals(want)) {
                    return "Commons Compress reads member " + (i - 1) + " as \"" + got + "\" of " + e.getLength()
                            + " bytes, written as \"" + want + "\" of " + size;
                }
            }
        }
        return i == layout.placed.size() ? null : "Commons Compress reads " + i + " members, " + layout.placed.size() + " written";
    }

    private static ArArchiveEntry nextAfterReading(ArArchiveInputStream ar, byte[] drain) throws IOException {
        while (ar.read(drain, 0, drain.length) > 0) {
            // the data itself was compared by verify(); here only the container is cross-checked
        }
        return ar.getNextEntry();
    }

    /** Printable ASCII without blanks at either end: a name Commons Compress gives back as written. */
    private static boolean plainAscii(String name) {
        if (name.isEmpty() || name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (name.charAt(k) < 0x20 || name.charAt(k) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBytes(ByteView a, ByteView b, long size) {
        return b.size() >= size && a.rangeEquals(0, b, 0, size);
    }
}
