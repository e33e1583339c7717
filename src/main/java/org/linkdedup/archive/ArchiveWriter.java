package org.linkdedup.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.InputFiles;
import org.linkdedup.io.StagedFile;

/**
 * Writes an archive made of some members of an existing one, in the source's flavor, with a fresh
 * symbol index. Like LLVM's writer it computes the whole layout (headers, name tables, padding,
 * index size and its 64-bit switch, Darwin's 8-byte alignment: {@link ArchiveLayout}, one function
 * for every {@link ArchiveKind}) before writing a byte, writes deterministically (index members get
 * zero date, uid, gid and mode; kept members keep their own header fields), copies member data
 * without buffering it whole, re-reads the result and checks it against the layout
 * ({@link ArchiveVerifier}), and only then lets the temporary file be renamed into place
 * ({@link StagedFile}).
 *
 * <ul>
 * <li>GNU: {@code /} index (or {@code /SYM64/} when a member header lies past 4 GiB), {@code //} for
 *     names over 15 bytes or containing {@code /}, names end in {@code /}, members padded to 2.</li>
 * <li>BSD and DARWIN: {@code #1/N} names padded with NULs so member data starts 8-byte aligned, a
 *     {@code __.SYMDEF} index ({@code __.SYMDEF_64} past 4 GiB), little-endian; DARWIN also pads each
 *     member's data to a multiple of 8 with newlines that belong to the member (its size field counts
 *     them), as Apple's tools and llvm-ar do; a member already padded so stays as it is.</li>
 * <li>Thin GNU archives stay thin: member paths are written relative to the destination's directory.</li>
 * <li>COFF {@code .lib}: as {@code llvm-lib} writes it, two linker members (the first big-endian,
 *     each member's names in the order given; the second little-endian, every member's offset, the
 *     names sorted by byte value, each listed once, for its first member), a {@code //} table of
 *     NUL-terminated names, GNU-style member names, members padded to 2. Kept members keep their
 *     own header fields, as for every kind (llvm-lib writes zero date, uid and gid, mode 644).</li>
 * </ul>
 */
public final class ArchiveWriter {
    private ArchiveWriter() {
    }

    /**
     * A member to write and the names the index should give it.
     *
     * @param member      the source member: its header fields, and its data unless replaced
     * @param indexNames  the names the fresh index lists for it
     * @param replacement the member's new data (a symbol rewrite, which keeps the size), or null to
     *                    copy the source's bytes
     * @param digest      for a member copied as it is, the digest of its data as it was read when the
     *                    link was planned ({@link org.linkdedup.io.ByteView#contentDigests}), when known:
     *                    the verifier then checks the copy against it instead of reading the source's
     *                    bytes again
     */
    public record Entry(ArchiveMember member, List<String> indexNames, byte[] replacement, OptionalLong digest) {
        public Entry {
            Objects.requireNonNull(member);
            Objects.requireNonNull(digest);
            indexNames = List.copyOf(indexNames);
            if (replacement != null && replacement.length != member.size()) {
                throw new IllegalArgumentException("member " + member.position() + " (" + member.name() + ") is "
                        + member.size() + " bytes, its replacement " + replacement.length);
            }
            if (replacement != null && digest.isPresent()) {
                throw new IllegalArgumentException("member " + member.position() + " (" + member.name()
                        + ") is replaced: the digest of its input bytes does not describe it");
            }
        }

        /** A member written with new data (or copied, when {@code replacement} is null), checked byte by byte. */
        public Entry(ArchiveMember member, List<String> indexNames, byte[] replacement) {
            this(member, indexNames, replacement, OptionalLong.empty());
        }

        /** A member copied as it is, checked against the source's bytes. */
        public Entry(ArchiveMember member, List<String> indexNames) {
            this(member, indexNames, null, OptionalLong.empty());
        }

        /** A member copied as it is whose data had {@code digest} when it was read. */
        public static Entry copied(ArchiveMember member, List<String> indexNames, OptionalLong digest) {
            return new Entry(member, indexNames, null, digest);
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
        // The member data is copied from the source file again: if it changed since it was read (a
        // build rewriting it), the failure names it instead of reporting a short copy.
        InputFiles files = new InputFiles();
        files.add(source.bytes());
        return files.read(() -> StagedFile.write(dest, tmp -> {
            write(tmp, source, layout);
            afterWrite.accept(tmp);
            ArchiveVerifier.verify(tmp, dest, source, layout);
        }));
    }

    /**
     * Writes {@code layout} to {@code file}, with each member's data copied from {@code source}.
     *
     * <p>Headers, padding and the data of small members are gathered in a buffer written a megabyte
     * at a time, the small members' data read from the source straight into it; a member of at least
     * half the buffer is copied by the kernel ({@code transferTo}) in one call. Writing each header
     * and copying each member with calls of its own made three system calls a member (the copy
     * checking the source's size each time), more than a thousand for a wrapper of 350 members, each
     * through code the JIT had not compiled yet. The staged file is written as
     * {@link StagedFile#overwrite} writes one.
     */
    private static void write(Path file, Archive source, ArchiveLayout layout) throws IOException {
        StagedFile.overwrite(file, out -> {
            write(out, source, layout);
            return null;
        });
    }

    private static void write(FileChannel out, Archive source, ArchiveLayout layout) throws IOException {
        boolean thin = layout.kind().thin();
        try (FileChannel in = thin ? null : FileChannel.open(source.path(), StandardOpenOption.READ)) {
            Sink sink = new Sink(out, in, BUFFER.get());
            sink.put(layout.prefix());
            for (ArchiveLayout.Placed p : layout.members()) {
                sink.put(p.header());
                if (!thin) {
                    ArchiveWriter.Entry e = p.entry();
                    if (e.replacement() != null) {
                        sink.put(ByteBuffer.wrap(e.replacement()));
                    } else {
                        sink.copy(e.member().dataOffset(), e.member().size());
                    }
                    for (int k = 0; k < p.pad(); k++) {
                        sink.put((byte) '\n');
                    }
                }
            }
            sink.flush();
        }
    }

    /** Bytes gathered before a write; members of at least half of it are copied by the kernel. */
    private static final int BUFFER_SIZE = 1 << 20;

    /** Each thread's buffer (archives are written in parallel): direct, so a file read lands in it without a copy. */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_SIZE));

    /** An output file written in order through a buffer, and the source file member data comes from. */
    private static final class Sink {
        private final FileChannel out;
        private final FileChannel in;
        private final ByteBuffer buf;

        Sink(FileChannel out, FileChannel in, ByteBuffer buf) {
            this.out = out;
            this.in = in;
            this.buf = buf.clear();
        }

        void put(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int n = Math.min(bytes.remaining(), buf.remaining());
                buf.put(buf.position(), bytes, bytes.position(), n);
                buf.position(buf.position() + n);
                bytes.position(bytes.position() + n);
            }
        }

        void put(byte b) throws IOException {
            if (!buf.hasRemaining()) {
                flush();
            }
            buf.put(b);
        }

        /** {@code size} bytes of the source from {@code pos}. */
        void copy(long pos, long size) throws IOException {
            if (size >= BUFFER_SIZE / 2) {
                flush();
                transfer(pos, size);
                return;
            }
            if (size > buf.remaining()) {
                flush();
            }
            int end = buf.position() + (int) size;
            buf.limit(end);
            while (buf.hasRemaining()) {
                if (in.read(buf, pos + size - (end - buf.position())) < 0) {
                    throw new IOException("short copy from " + pos + " (" + (size - (end - buf.position())) + " of " + size + " bytes)");
                }
            }
            buf.limit(buf.capacity());
        }

        private void transfer(long pos, long size) throws IOException {
            long done = 0;
            while (done < size) {
                long n = in.transferTo(pos + done, size - done, out);
                if (n <= 0) {
                    throw new IOException("short copy from " + pos + " (" + done + " of " + size + " bytes)");
                }
                done += n;
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            buf.clear();
        }
    }
}
