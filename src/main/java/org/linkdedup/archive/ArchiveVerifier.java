package org.linkdedup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.ContentDigest;
import org.linkdedup.io.InputFormatException;

/**
 * Reads a written archive back and checks that it is exactly what its layout meant, before it is
 * renamed into place, three ways:
 * <ol>
 * <li>our reader, through a mapping of the written file (it reads headers, name table and index
 *     only): the members' count, names, header offsets and sizes, and the index entries (and COFF's
 *     first linker member's listing);</li>
 * <li>every byte of the written file compared with what was meant to be written there: the prefix
 *     (magic, index, {@code //} table) and each member's header as laid out, each member's data as
 *     the source file holds it (or its replacement), its padding; a member copied with the digest its
 *     data had when the link was planned ({@link ArchiveWriter.Entry#digest}) is checked against that
 *     digest instead of the source's bytes (read again only to name the first differing byte when it
 *     does not match);</li>
 * <li>an independent parser, Commons Compress's: the same members in order, with the same sizes,
 *     names (wherever it can represent them) and data offsets as our reader's.</li>
 * </ol>
 * The second and third share one sequential read of the written file: Commons Compress reads it
 * through a stream that compares each block with the expected bytes as it is read. So the written
 * file is read once (besides the headers our reader touches), and the source's member data at most
 * once: not at all for the members with a digest, which in a link of wrappers are nearly all of them
 * (every member that another member of the link has the length of).
 *
 * <p>Member data, of the written file and of the source, is read into small buffers, not through
 * mappings: a mapped page once read stays in the process's resident set until the mapping is
 * collected, so comparing a 25 MB wrapper through mappings added the sizes of both files to the peak
 * RSS of {@code apply}, for every archive written (46 MiB a large wrapper).
 */
final class ArchiveVerifier {
    private ArchiveVerifier() {
    }

    /** Bytes of the written file read at a time (and of the source, at most). */
    private static final int BLOCK = 1 << 16;

    /**
     * Each thread's buffers, reused for every archive it verifies (archives are staged in parallel):
     * a block of the written file and one of the source (direct: a file read lands there without a
     * copy, and a direct buffer's memory is only returned once a collection finds it unreachable),
     * and the array Commons Compress copies entry data into.
     */
    private record Buffers(ByteBuffer written, ByteBuffer source, byte[] drain) {
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(
            () -> new Buffers(ByteBuffer.allocateDirect(BLOCK), ByteBuffer.allocateDirect(BLOCK), new byte[BLOCK]));

    /**
     * Checks {@code written} (the temporary file staged for {@code dest}), the archive {@code layout}
     * describes, made of members of {@code source}.
     *
     * @throws InputFormatException naming {@code dest} (the temporary file is gone by the time anyone
     *         reads the message), the input member concerned when there is one, the offset in the
     *         written file, and the first difference
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
        Difference d = null;
        if (back.members().size() != layout.members().size()) {
            d = new Difference(null, 0, back.members().size() + " members read back, " + layout.members().size() + " written");
        } else if (back.index().kind() != layout.index().kind()) {
            d = new Difference(null, 0, "index " + back.index().kind() + " read back, " + layout.index().kind() + " written");
        }
        for (int i = 0; d == null && i < layout.members().size(); i++) {
            d = memberDiffers(i, source, back, layout);
        }
        if (d == null && layout.index().isPresent() && !back.index().entries().equals(layout.index().entries())) {
            d = indexDiffers("symbol index", back.index().entries(), layout.index().entries(), layout);
        }
        if (d == null && layout.index().isPresent() && !back.index().listing().equals(layout.index().listing())) {
            // COFF's first linker member (for every other kind the listing is the index itself)
            d = indexDiffers("first linker member", back.index().listing(), layout.index().listing(), layout);
        }
        if (d == null) {
            try (FileChannel out = FileChannel.open(written, StandardOpenOption.READ);
                    FileChannel in = source.isThin() ? null : FileChannel.open(source.path(), StandardOpenOption.READ)) {
                d = bytesAndCrossCheck(out, in, source, back, layout);
            }
        }
        if (d != null) {
            throw new InputFormatException(file, d.member(), d.offset(), "written archive failed verification: " + d.what());
        }
    }

    /** A difference found: the input member concerned (or null), the offset in the written file, what differs. */
    private record Difference(String member, long offset, String what) {
    }

    /** The first index entry that reads back otherwise than written, with the input members it names. */
    private static Difference indexDiffers(String what, List<SymbolIndex.Entry> got, List<SymbolIndex.Entry> want, ArchiveLayout layout) {
        if (got.size() != want.size()) {
            return new Difference(null, 0, what + " reads back with " + got.size() + " entries, " + want.size() + " written");
        }
        for (int k = 0; k < want.size(); k++) {
            if (!got.get(k).equals(want.get(k))) {
                return new Difference(null, 0, what + " entry " + k + " reads back as \""
                        + ByteStrings.printable(InputFormatException.excerpt(got.get(k).symbol()), true)
                        + "\" for " + memberOf(got.get(k), layout) + ", written as \""
                        + ByteStrings.printable(InputFormatException.excerpt(want.get(k).symbol()), true) + "\" for " + memberOf(want.get(k), layout));
            }
        }
        return null;
    }

    private static String memberOf(SymbolIndex.Entry e, ArchiveLayout layout) {
        int m = e.member();
        return m >= 0 && m < layout.members().size() ? "member " + m + " (" + layout.members().get(m).entry().member().name() + ")"
                : "member " + m;
    }

    /** How member {@code i} as our reader reads it {@code back} differs from what was written, or null (its data is compared later). */
    private static Difference memberDiffers(int i, Archive source, Archive back, ArchiveLayout layout) {
        ArchiveLayout.Placed p = layout.members().get(i);
        ArchiveMember got = back.members().get(i);
        ArchiveMember want = p.entry().member();
        boolean thin = source.isThin();   // a thin member's name is a path, its data a file of its own
        if (!thin && !got.name().equals(want.name())) {
            return new Difference(want.name(), got.headerOffset(), "member " + i + " reads back as \"" + got.name() + "\", written as \"" + want.name() + "\"");
        } else if (got.headerOffset() != p.headerOffset()) {
            return new Difference(want.name(), got.headerOffset(), "member " + i + " header at " + got.headerOffset() + ", laid out at " + p.headerOffset());
        } else if (!thin && got.size() != p.sizeRead()) {
            return new Difference(want.name(), got.headerOffset(), "member " + i + " (" + want.name() + ") reads back with " + got.size()
                    + " bytes, written with " + want.size() + (layout.kind().paddingInMember() ? " and " + p.pad() + " of padding" : ""));
        }
        return null;
    }

    /**
     * Reads the written file once, comparing every byte with what was meant to be written
     * ({@link Expected}) and letting Commons Compress parse it on the way ({@link #crossCheck}); for a
     * thin archive, which Commons Compress does not read, only the comparison. Null when both agree.
     */
    private static Difference bytesAndCrossCheck(FileChannel out, FileChannel in, Archive source, Archive back, ArchiveLayout layout)
            throws IOException {
        Buffers buffers = BUFFERS.get();
        CheckedFile checked = new CheckedFile(out, buffers.written(), buffers.drain(), new Expected(layout, out, in, buffers.source()));
        Difference d = null;
        IOException failure = null;
        try {
            if (!source.isThin()) {
                d = crossCheck(checked, back, layout);
            }
            if (d == null) {
                checked.readToEnd();
            }
        } catch (IOException e) {
            failure = e;   // a difference found by the comparison surfaces here, through Commons Compress or not
        }
        // The first byte that differs explains whatever followed from it (Commons Compress refusing a
        // header, or seeing other members).
        if (checked.difference() != null) {
            return checked.difference();
        }
        if (failure != null) {
            return new Difference(null, checked.position(), "Commons Compress cannot read it: " + failure.getMessage());
        }
        return d;
    }

    /**
     * Reads the written archive with an independent parser, Commons Compress's, and checks that it sees
     * the same members, in order, with the same sizes, the same names wherever it can represent them
     * (it decodes names as US-ASCII and trims blanks) and their data where our reader found it. Null
     * when it does.
     */
    private static Difference crossCheck(CheckedFile file, Archive back, ArchiveLayout layout) throws IOException {
        byte[] drain = file.sink();
        int i = 0;
        // the symbol index we wrote first: COFF's two linker members, or one member
        int index = layout.kind().coff() ? 2 : layout.index().isPresent() ? 1 : 0;
        // Every entry's data is read through here, so that getNextEntry has nothing left to skip: it
        // skips with commons-io's IOUtils.skip, which zero-fills its scratch buffer before every 8 KiB
        // it reads, and that fill runs as a plain byte loop until the JIT's C2 compiles it (bin/linkdedup
        // runs C1 only). The data read here was compared with the expected bytes as the file was read,
        // and is not copied into the drain ({@link CheckedFile#sink}).
        try (ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            for (ArArchiveEntry e = ar.getNextEntry(); e != null; e = nextAfterReading(ar, drain)) {
                if (index > 0) {
                    index--;
                    continue;
                }
                if (i >= layout.members().size()) {
                    return new Difference(null, ar.getBytesRead(), "Commons Compress reads an extra member");
                }
                ArchiveLayout.Placed p = layout.members().get(i++);
                String want = p.entry().member().name();
                String got = e.getName();
                int nul = got.indexOf('\0');
                got = nul < 0 ? got : got.substring(0, nul);
                if (e.getLength() != p.sizeRead() || plainAscii(want) && !got.equals(want)) {
                    return new Difference(want, p.headerOffset(), "Commons Compress reads member " + (i - 1) + " as \"" + got + "\" of "
                            + e.getLength() + " bytes, written as \"" + want + "\" of " + p.sizeRead());
                }
                long ours = back.members().get(i - 1).dataOffset();
                if (ar.getBytesRead() != ours) {
                    return new Difference(want, p.headerOffset(), "Commons Compress reads member " + (i - 1) + " (" + want + ") data at "
                            + ar.getBytesRead() + ", our reader at " + ours);
                }
            }
        }
        return i == layout.members().size() ? null
                : new Difference(null, file.position(), "Commons Compress reads " + i + " members, " + layout.members().size() + " written");
    }

    private static ArArchiveEntry nextAfterReading(ArArchiveInputStream ar, byte[] drain) throws IOException {
        while (ar.read(drain, 0, drain.length) > 0) {
            // compared with the expected bytes as the file was read
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
     * The bytes the writer meant to write, in file order, as consecutive pieces: the prefix, then each
     * member's header, data (from the source file, or its replacement) and padding. Compares blocks of
     * the written file with them, in order.
     */
    private static final class Expected {
        private enum Kind { PREFIX, HEADER, DATA, PADDING }

        /**
         * A piece of the file: {@code bytes} as given, or (null) {@code length} bytes of the source from
         * {@code sourceOffset}, which had {@code digest} when they were read, if it is present.
         */
        private record Piece(Kind kind, int member, long start, long length, ByteBuffer bytes, long sourceOffset, OptionalLong digest) {
        }

        private static final ByteBuffer NEWLINES = ByteBuffer.wrap("\n\n\n\n\n\n\n\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        private final ArchiveLayout layout;
        private final FileChannel source;
        private final List<Piece> pieces = new ArrayList<>();
        private final long end;
        private final ByteBuffer sourceBuf;
        private final FileChannel written;
        /** The piece the last compared byte was in: blocks come in file order. */
        private int at;
        /** The digest of the bytes of the current piece compared so far, when it has one. */
        private final ContentDigest digest = new ContentDigest();

        Expected(ArchiveLayout layout, FileChannel written, FileChannel source, ByteBuffer sourceBuf) {
            this.layout = layout;
            this.written = written;
            this.source = source;
            this.sourceBuf = sourceBuf;
            long pos = 0;
            ByteBuffer prefix = layout.prefix();
            pos = add(Kind.PREFIX, -1, pos, prefix.remaining(), prefix, 0, OptionalLong.empty());
            for (int i = 0; i < layout.members().size(); i++) {
                ArchiveLayout.Placed p = layout.members().get(i);
                ByteBuffer header = p.header();
                pos = add(Kind.HEADER, i, pos, header.remaining(), header, 0, OptionalLong.empty());
                if (!layout.kind().thin()) {
                    ArchiveWriter.Entry e = p.entry();
                    pos = e.replacement() != null
                            ? add(Kind.DATA, i, pos, e.replacement().length, ByteBuffer.wrap(e.replacement()), 0, OptionalLong.empty())
                            : add(Kind.DATA, i, pos, e.member().size(), null, e.member().dataOffset(), e.digest());
                    pos = add(Kind.PADDING, i, pos, p.pad(), NEWLINES.duplicate().limit(p.pad()), 0, OptionalLong.empty());
                }
            }
            end = pos;
        }

        private long add(Kind kind, int member, long start, long length, ByteBuffer bytes, long sourceOffset, OptionalLong digest) {
            if (length > 0) {
                pieces.add(new Piece(kind, member, start, length, bytes == null ? null : bytes.slice(), sourceOffset, digest));
            }
            return start + length;
        }

        /** Where the written file should end. */
        long end() {
            return end;
        }

        /** The first difference between {@code got} (its remaining bytes, read at {@code pos} of the written file) and what belongs there; null when none. */
        Difference compare(long pos, ByteBuffer got) throws IOException {
            int n = got.remaining();
            int done = 0;
            while (done < n) {
                long off = pos + done;
                if (off >= end) {
                    return new Difference(null, off, "the file runs past its laid-out end (" + end + " bytes)");
                }
                while (pieces.get(at).start() + pieces.get(at).length() <= off) {
                    at++;
                }
                Piece p = pieces.get(at);
                long into = off - p.start();
                int len = (int) Math.min(n - done, p.length() - into);
                if (p.digest().isPresent()) {
                    // member data whose digest is known: checked against it, without reading the source
                    if (into == 0) {
                        digest.reset();
                    }
                    digest.update(got.slice(got.position() + done, len));
                    done += len;
                    if (into + len == p.length() && digest.value() != p.digest().getAsLong()) {
                        return located(p);
                    }
                    continue;
                }
                ByteBuffer want;
                if (p.bytes() != null) {
                    want = p.bytes().slice((int) into, len);
                } else {
                    want = sourceBytes(p.sourceOffset() + into, len);
                    if (want == null) {
                        return difference(p, off, " (the input ends before it)");
                    }
                }
                int m = got.slice(got.position() + done, len).mismatch(want);
                if (m >= 0) {
                    return difference(p, off + m, "");
                }
                done += len;
            }
            return null;
        }

        /** The difference of a file that ends at {@code off}, before {@link #end()}: what is missing. */
        Difference missing(long off) {
            while (pieces.get(at).start() + pieces.get(at).length() <= off) {
                at++;
            }
            return difference(pieces.get(at), off, " (the file ends at byte " + off + ", laid out to end at " + end + ")");
        }

        /**
         * Where data piece {@code p}, whose digest did not match, differs from the source's bytes: the
         * first differing byte (both files read again), or, when the copy is the source's bytes as
         * they are now, the input changed since the link was planned on it.
         */
        private Difference located(Piece p) throws IOException {
            ByteBuffer mine = ByteBuffer.allocate(sourceBuf.capacity());
            for (long done = 0; done < p.length(); ) {
                int len = (int) Math.min(p.length() - done, mine.capacity());
                if (readAt(written, mine, p.start() + done, len) == null) {
                    return missing(written.size());   // where the file ends
                }
                ByteBuffer want = sourceBytes(p.sourceOffset() + done, len);
                if (want == null) {
                    return difference(p, p.start() + done, " (the input ends before it)");
                }
                int m = mine.mismatch(want);
                if (m >= 0) {
                    return difference(p, p.start() + done + m, "");
                }
                done += len;
            }
            return difference(p, p.start(), " as it was read when the link was planned (the input's bytes there changed since)");
        }

        private ByteBuffer sourceBytes(long pos, int len) throws IOException {
            return readAt(source, sourceBuf, pos, len);
        }

        /** {@code buf} holding the {@code len} bytes of {@code ch} at {@code pos}, or null when the file ends first. */
        private static ByteBuffer readAt(FileChannel ch, ByteBuffer buf, long pos, int len) throws IOException {
            buf.clear().limit(len);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    return null;
                }
            }
            return buf.flip();
        }

        private Difference difference(Piece p, long off, String more) {
            if (p.kind() == Kind.PREFIX) {
                return new Difference(null, off, "byte " + off + " of the index and name tables differs from what was laid out" + more);
            }
            ArchiveLayout.Placed placed = layout.members().get(p.member());
            String name = placed.entry().member().name();
            String what = "member " + p.member() + " (" + name + ") ";
            return new Difference(name, off, switch (p.kind()) {
                case HEADER -> what + "header differs from what was laid out";
                case DATA -> what + "data differs from " + (placed.entry().replacement() != null ? "its rewritten bytes" : "the input");
                default -> what + "padding differs from what was laid out";
            } + more);
        }
    }

    /**
     * The written file as a stream, read a block at a time into a direct buffer (no extra copy), each
     * block compared with the expected bytes before anything reads from it. After the first
     * difference it reads as ending there ({@link #difference()} says what differed).
     */
    private static final class CheckedFile extends InputStream {
        private final FileChannel file;
        private final Expected expected;
        private final long size;
        private final ByteBuffer buf;
        private final byte[] sink;
        /** File offset of the end of the block in {@link #buf}. */
        private long filled;
        private Difference difference;

        CheckedFile(FileChannel file, ByteBuffer buf, byte[] sink, Expected expected) throws IOException {
            this.file = file;
            this.sink = sink;
            this.buf = buf.clear().flip();
            this.expected = expected;
            this.size = file.size();
        }

        Difference difference() {
            return difference;
        }

        /**
         * An array that a read into advances the stream without copying anything into it: what is
         * only read to be passed over (entry data drained through Commons Compress) was compared
         * with the expected bytes as the file was read, and copying it again to a place nobody
         * looks at was one more pass over every written byte.
         */
        byte[] sink() {
            return sink;
        }

        /** The offset of the next byte read. */
        long position() {
            return filled - buf.remaining();
        }

        /** Reads (and so compares) the rest of the file; records a difference if it ends before its laid-out end. */
        void readToEnd() throws IOException {
            while (difference == null && (buf.hasRemaining() || refill())) {
                buf.position(buf.limit());
            }
            if (difference == null && filled < expected.end()) {
                difference = expected.missing(filled);
            }
        }

        private boolean refill() throws IOException {
            if (difference != null) {
                return false;
            }
            buf.clear();
            while (buf.hasRemaining() && file.read(buf, filled + buf.position()) >= 0) {
                // fill the block
            }
            buf.flip();
            if (!buf.hasRemaining()) {
                return false;
            }
            difference = expected.compare(filled, buf);
            filled += buf.remaining();
            if (difference != null) {
                buf.limit(0);
                return false;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return buf.hasRemaining() || refill() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining() && !refill()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            if (b == sink) {
                buf.position(buf.position() + n);
            } else {
                buf.get(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long done = 0;
            while (done < n && (buf.hasRemaining() || refill())) {
                int k = (int) Math.min(n - done, buf.remaining());
                buf.position(buf.position() + k);
                done += k;
            }
            return done;
        }

        @Override
        public int available() {
            return difference != null ? 0 : (int) Math.min(Integer.MAX_VALUE, buf.remaining() + Math.max(0, size - filled));
        }
    }
}
