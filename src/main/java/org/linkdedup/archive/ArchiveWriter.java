package org.linkdedup.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.StagedFile;

/**
 * Writes an archive made of some members of an existing one, in the source's flavor, with a fresh
 * symbol index. Like LLVM's writer it computes the whole layout (headers, name tables, padding,
 * index size and its 64-bit switch, Darwin's 8-byte alignment: {@link ArchiveLayout}, one function
 * for every {@link ArchiveKind}) before writing a byte, writes deterministically (index members get
 * zero date, uid, gid and mode; kept members keep their own header fields), copies member data
 * without buffering it whole, re-reads the result and checks it against the layout, and only then
 * lets the temporary file be renamed into place ({@link StagedFile}).
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
        ArchiveLayout layout = ArchiveLayout.of(source, entries, dest.toAbsolutePath().getParent());
        return StagedFile.write(dest, tmp -> {
            write(tmp, source, layout);
            afterWrite.accept(tmp);
            verify(tmp, source, layout);
        });
    }

    /** Writes {@code layout} to {@code file}, with each member's data copied from {@code source}. */
    private static void write(Path file, Archive source, ArchiveLayout layout) throws IOException {
        boolean thin = layout.kind().thin();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                FileChannel in = thin ? null : FileChannel.open(source.path(), StandardOpenOption.READ)) {
            writeAll(out, layout.prefix());
            for (ArchiveLayout.Placed p : layout.members()) {
                writeAll(out, p.header());
                if (!thin) {
                    copy(in, p.entry().member().dataOffset(), p.entry().member().size(), out);
                    writeAll(out, newlines(p.pad()));
                }
            }
        }
    }

    private static ByteBuffer newlines(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) '\n');
        return ByteBuffer.wrap(b);
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
     * Checks {@code written}, the archive {@code layout} describes, made of members of {@code source}.
     * @throws InputFormatException naming {@code written} and the first difference
     */
    private static void verify(Path written, Archive source, ArchiveLayout layout) throws IOException {
        ByteView bytes = ByteView.map(written);
        Archive back;
        try {
            back = ArchiveReader.read(written, bytes);
        } catch (InputFormatException e) {
            throw new InputFormatException(written.toString(), e.member(), e.offset(),
                    "written archive does not read back: " + e.reason(), e);
        }
        String what = null;
        if (back.members().size() != layout.members().size()) {
            what = back.members().size() + " members read back, " + layout.members().size() + " written";
        } else if (back.index().kind() != layout.index().kind()) {
            what = "index " + back.index().kind() + " read back, " + layout.index().kind() + " written";
        }
        for (int i = 0; what == null && i < layout.members().size(); i++) {
            what = memberDiffers(i, source, back, layout);
        }
        if (what == null && layout.index().isPresent() && !back.index().entries().equals(layout.index().entries())) {
            what = "symbol index reads back with " + back.index().entries().size() + " entries, "
                    + layout.index().entries().size() + " written";
        }
        if (what == null && !source.isThin()) {
            what = crossCheck(bytes, layout);
        }
        if (what != null) {
            throw new InputFormatException(written.toString(), null, 0, "written archive failed verification: " + what);
        }
    }

    /** How member {@code i} read {@code back} differs from what was written, or null. */
    private static String memberDiffers(int i, Archive source, Archive back, ArchiveLayout layout) {
        ArchiveLayout.Placed p = layout.members().get(i);
        ArchiveMember got = back.members().get(i);
        ArchiveMember want = p.entry().member();
        boolean thin = source.isThin();   // a thin member's name is a path, its data a file of its own
        if (!thin && !got.name().equals(want.name())) {
            return "member " + i + " reads back as \"" + got.name() + "\", written as \"" + want.name() + "\"";
        } else if (got.headerOffset() != p.headerOffset()) {
            return "member " + i + " header at " + got.headerOffset() + ", laid out at " + p.headerOffset();
        } else if (!thin && got.size() != p.sizeRead()) {
            return "member " + i + " (" + want.name() + ") reads back with " + got.size() + " bytes, written with "
                    + want.size() + (layout.kind().paddingInMember() ? " and " + p.pad() + " of padding" : "");
        } else if (!thin && !sameBytes(source.data(want), back.data(got), want.size())) {
            return "member " + i + " (" + want.name() + ") data differs from the input";
        }
        return null;
    }

    /**
     * Reads the written archive with an independent parser, Commons Compress's, and checks that it sees
     * the same members, in order, with the same sizes, and the same names wherever it can represent
     * them (it decodes names as US-ASCII and trims blanks). Null when it does.
     */
    private static String crossCheck(ByteView written, ArchiveLayout layout) throws IOException {
        int i = 0;
        boolean index = layout.index().isPresent();
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
                if (i >= layout.members().size()) {
                    return "Commons Compress reads an extra member";
                }
                ArchiveLayout.Placed p = layout.members().get(i++);
                String want = p.entry().member().name();
                String got = e.getName();
                int nul = got.indexOf('\0');
                got = nul < 0 ? got : got.substring(0, nul);
                if (e.getLength() != p.sizeRead() || plainAscii(want) && !got.equals(want)) {
                    return "Commons Compress reads member " + (i - 1) + " as \"" + got + "\" of " + e.getLength()
                            + " bytes, written as \"" + want + "\" of " + p.sizeRead();
                }
            }
        }
        return i == layout.members().size() ? null : "Commons Compress reads " + i + " members, " + layout.members().size() + " written";
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
