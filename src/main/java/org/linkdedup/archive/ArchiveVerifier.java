package org.linkdedup.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;

/**
 * Reads a written archive back and checks that it is exactly what its layout meant, before it is
 * renamed into place: with our reader (flavor, members' names, header offsets, sizes and bytes,
 * index entries) and with an independent parser, Commons Compress's (members, sizes, names).
 *
 * <p>Member data, of the written file and of the source, is compared through file reads into two
 * small buffers, not through mappings: a mapped page once read stays in the process's resident set
 * until the mapping is collected, so comparing a 25 MB wrapper through mappings added the sizes of
 * both files to the peak RSS of {@code apply}, for every archive written (46 MiB a large wrapper).
 * Only the headers and the index of the written file are read through its mapping.
 */
final class ArchiveVerifier {
    private ArchiveVerifier() {
    }

    /**
     * Checks {@code written} (the temporary file staged for {@code dest}), the archive {@code layout}
     * describes, made of members of {@code source}.
     *
     * @throws InputFormatException naming {@code dest} (the temporary file is gone by the time anyone
     *         reads the message), the input member concerned when there is one, and the first difference
     */
    static void verify(Path written, Path dest, Archive source, ArchiveLayout layout) throws IOException {
        String file = ByteStrings.of(dest);
        ByteView bytes = ByteView.map(written);
        Archive back;
        try {
            back = ArchiveReader.read(written, bytes);
        } catch (InputFormatException e) {
            throw new InputFormatException(file, e.member(), e.offset(), "written archive does not read back: " + e.reason(), e);
        }
        String what = null;
        String member = null;
        if (back.members().size() != layout.members().size()) {
            what = back.members().size() + " members read back, " + layout.members().size() + " written";
        } else if (back.index().kind() != layout.index().kind()) {
            what = "index " + back.index().kind() + " read back, " + layout.index().kind() + " written";
        }
        try (FileChannel out = FileChannel.open(written, StandardOpenOption.READ);
                FileChannel in = source.isThin() ? null : FileChannel.open(source.path(), StandardOpenOption.READ)) {
            DataCompare data = new DataCompare(in, out);
            for (int i = 0; what == null && i < layout.members().size(); i++) {
                what = memberDiffers(i, source, back, layout, data);
                member = what == null ? null : layout.members().get(i).entry().member().name();
            }
            if (what == null && layout.index().isPresent() && !back.index().entries().equals(layout.index().entries())) {
                what = indexDiffers("symbol index", back.index().entries(), layout.index().entries(), layout);
            }
            if (what == null && layout.index().isPresent() && !back.index().listing().equals(layout.index().listing())) {
                // COFF's first linker member (for every other kind the listing is the index itself)
                what = indexDiffers("first linker member", back.index().listing(), layout.index().listing(), layout);
            }
            if (what == null && !source.isThin()) {
                what = crossCheck(out, layout);
            }
        }
        if (what != null) {
            throw new InputFormatException(file, member, 0, "written archive failed verification: " + what);
        }
    }

    /** The first index entry that reads back otherwise than written, with the input members it names. */
    private static String indexDiffers(String what, List<SymbolIndex.Entry> got, List<SymbolIndex.Entry> want, ArchiveLayout layout) {
        if (got.size() != want.size()) {
            return what + " reads back with " + got.size() + " entries, " + want.size() + " written";
        }
        for (int k = 0; k < want.size(); k++) {
            if (!got.get(k).equals(want.get(k))) {
                return what + " entry " + k + " reads back as \"" + ByteStrings.printable(InputFormatException.excerpt(got.get(k).symbol()), true)
                        + "\" for " + memberOf(got.get(k), layout) + ", written as \""
                        + ByteStrings.printable(InputFormatException.excerpt(want.get(k).symbol()), true) + "\" for " + memberOf(want.get(k), layout);
            }
        }
        return null;
    }

    private static String memberOf(SymbolIndex.Entry e, ArchiveLayout layout) {
        int m = e.member();
        return m >= 0 && m < layout.members().size() ? "member " + m + " (" + layout.members().get(m).entry().member().name() + ")"
                : "member " + m;
    }

    /** How member {@code i} read {@code back} differs from what was written, or null. */
    private static String memberDiffers(int i, Archive source, Archive back, ArchiveLayout layout, DataCompare data) throws IOException {
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
        } else if (!thin && !(p.entry().replacement() != null ? data.same(p.entry().replacement(), got.dataOffset())
                : data.same(want.dataOffset(), got.dataOffset(), want.size()))) {
            return "member " + i + " (" + want.name() + ") data differs from " + (p.entry().replacement() != null
                    ? "its rewritten bytes" : "the input");
        }
        return null;
    }

    /**
     * Reads the written archive with an independent parser, Commons Compress's, and checks that it sees
     * the same members, in order, with the same sizes, and the same names wherever it can represent
     * them (it decodes names as US-ASCII and trims blanks). Null when it does.
     */
    private static String crossCheck(FileChannel written, ArchiveLayout layout) throws IOException {
        int i = 0;
        // the symbol index we wrote first: COFF's two linker members, or one member
        int index = layout.kind().coff() ? 2 : layout.index().isPresent() ? 1 : 0;
        // Every entry's data is read through here, so that getNextEntry has nothing left to skip: it
        // skips with commons-io's IOUtils.skip, which zero-fills its scratch buffer before every 8 KiB
        // it reads, and that fill runs as a plain byte loop until the JIT's C2 compiles it (bin/linkdedup
        // runs C1 only) — a third of `apply`'s time on six perry wrappers. Reading into our own buffer
        // is a copy from a buffered read of the file (not its mapping: see the class comment).
        byte[] drain = new byte[1 << 16];
        written.position(0);
        InputStream file = new BufferedInputStream(Channels.newInputStream(written), 1 << 16);
        try (ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = nextAfterReading(ar, drain)) {
                if (index > 0) {
                    index--;
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

    /**
     * Compares member data of the source file ({@code in}) and of the written file ({@code out}) by
     * reading both into two reused buffers. A read past the end of either file is a difference.
     */
    private static final class DataCompare {
        private static final int CHUNK = 1 << 16;
        private final FileChannel in;
        private final FileChannel out;
        private final ByteBuffer a = ByteBuffer.allocate(CHUNK);
        private final ByteBuffer b = ByteBuffer.allocate(CHUNK);

        DataCompare(FileChannel in, FileChannel out) {
            this.in = in;
            this.out = out;
        }

        /** Whether {@code size} bytes at {@code inOff} of the source are those at {@code outOff} of the written file. */
        boolean same(long inOff, long outOff, long size) throws IOException {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(CHUNK, size - done);
                if (!fill(in, a, inOff + done, n) || !fill(out, b, outOff + done, n) || !a.equals(b)) {
                    return false;
                }
                done += n;
            }
            return true;
        }

        /** Whether the written file holds {@code data} at {@code outOff}. */
        boolean same(byte[] data, long outOff) throws IOException {
            for (int done = 0; done < data.length; ) {
                int n = Math.min(CHUNK, data.length - done);
                if (!fill(out, b, outOff + done, n) || !ByteBuffer.wrap(data, done, n).equals(b)) {
                    return false;
                }
                done += n;
            }
            return true;
        }

        /** Reads {@code n} bytes at {@code pos} into {@code buf} (flipped for reading); false at the end of the file. */
        private static boolean fill(FileChannel ch, ByteBuffer buf, long pos, int n) throws IOException {
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    return false;
                }
            }
            buf.flip();
            return true;
        }
    }
}
