package org.linkdedup.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only, bounds-checked view of bytes: a whole memory-mapped file or a slice of one (an archive
 * member, a section). Every read is checked against the view's own length and fails with an
 * {@link InputFormatException} naming the file, member and absolute file offset; no
 * {@code IndexOutOfBoundsException} or {@code BufferUnderflowException} ever escapes.
 *
 * <p>Files are mapped in windows of 1 GiB (one {@code FileChannel.map} call maps at most 2 GiB), so
 * files past 2 GiB are read like any other; a value that straddles two windows is assembled byte by
 * byte. Offsets are {@code long} everywhere. Names are decoded as ISO-8859-1, one char per byte, so
 * that no byte sequence is lost or altered.
 *
 * <p>A file that changes while it is read (a concurrent build rewriting it) is reported, not read
 * as garbage: a read that faults because the mapped file shrank throws an {@link
 * InputChangedException} naming the file when HotSpot throws the fault in the read (it may hold it
 * back: {@link InputFiles} surfaces it at the end of the reading step), and {@link
 * #checkUnchanged()} compares the file with what it was when mapped. How many mappings are held is
 * bounded (see {@code Mappings}): past a few thousand mapped windows, small files are read into the
 * heap with positional reads instead.
 */
public final class ByteView {
    private static final int WINDOW_SHIFT = 30;

    /** Little-endian windows covering the whole underlying file (or array), each {@code 1 << shift} bytes but the last. */
    private final ByteBuffer[] windows;
    private final int shift;
    private final long mask;
    private final long start;
    private final long length;
    private final boolean bigEndian;
    private final String file;
    private final String member;
    /** What the whole view is, for messages: "file", "member", "fat slice". */
    private final String extent;
    /** The file as it was when opened, or {@code null} for an array. */
    private final InputFile source;
    /**
     * What is added to a position in {@link #windows} to give its offset in the file, for messages
     * and {@link #fileOffset}: 0, but for a {@link Direct#copy copy} of a few bytes, whose one
     * window starts at the copied range.
     */
    private final long origin;

    /** A test hook: called when {@link #map} has opened a file (and mapped it, if it does), before any byte is read. */
    interface OpenHook {
        void opened(Path path) throws IOException;
    }

    /** Tests set it to change a file while it is being read; {@code null} in production. */
    static volatile OpenHook openHook;

    private ByteView(ByteBuffer[] windows, int shift, long start, long length, boolean bigEndian, String file, String member,
            String extent, InputFile source) {
        this(windows, shift, start, length, bigEndian, file, member, extent, source, 0);
    }

    private ByteView(ByteBuffer[] windows, int shift, long start, long length, boolean bigEndian, String file, String member,
            String extent, InputFile source, long origin) {
        this.origin = origin;
        this.windows = windows;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.start = start;
        this.length = length;
        this.bigEndian = bigEndian;
        this.file = file;
        this.member = member;
        this.extent = extent;
        this.source = source;
    }

    /**
     * Maps {@code path} read-only, or reads it into the heap when the mappings held are many (see
     * {@code Mappings}) or it cannot be mapped. The mapping outlives the channel, which is closed at
     * once. Throws {@link InputChangedException} when the file changes while it is opened or read.
     */
    public static ByteView map(Path path) throws IOException {
        return map(path, WINDOW_SHIFT);
    }

    /** {@link #map(Path)} with windows of {@code 1 << shift} bytes (tests use small windows). */
    static ByteView map(Path path, int shift) throws IOException {
        return open(path, shift, true);
    }

    /** {@link #map(Path, int)} reading the file into the heap, as past the mapping budget. */
    static ByteView read(Path path, int shift) throws IOException {
        return open(path, shift, false);
    }

    private static ByteView open(Path path, int shift, boolean mayMap) throws IOException {
        if (java.nio.file.Files.isDirectory(path)) {
            // FileChannel says only "Is a directory" (or "No such device"), without the name
            throw new java.nio.file.FileSystemException(path.toString(), null, "a directory, not an archive or object file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            InputFile f = InputFile.opened(path, ch);
            long size = f.size();
            int count = (int) Math.max(1, (size + (1L << shift) - 1) >>> shift);
            ByteBuffer[] windows = null;
            if (mayMap && size > 0 && Mappings.reserve(count, size)) {
                try {
                    windows = mapWindows(ch, size, shift, count);
                    Mappings.register(windows, f, count);
                } catch (IOException e) {
                    Mappings.release(count);
                    InputChangedException c = f.changedSince(e);   // shrank before it was mapped
                    if (c != null) {
                        throw c;
                    }
                    if (size > Mappings.HEAP_READ_MAX) {
                        throw e;
                    }
                    // The process's memory map is full after all, or the file system cannot map: read it.
                }
            }
            OpenHook hook = openHook;
            if (hook != null) {
                hook.opened(path);
            }
            if (windows == null) {
                windows = readWindows(ch, f, shift, count);
            }
            return new ByteView(windows, shift, 0, size, false, f.name(), null, "file", f);
        }
    }

    private static ByteBuffer[] mapWindows(FileChannel ch, long size, int shift, int count) throws IOException {
        ByteBuffer[] windows = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long pos = (long) i << shift;
            long len = Math.min(1L << shift, size - pos);
            windows[i] = ch.map(FileChannel.MapMode.READ_ONLY, pos, len).order(ByteOrder.LITTLE_ENDIAN);
        }
        return windows;
    }

    /** The file's bytes read into heap windows with positional reads; a read that comes up short means the file shrank. */
    private static ByteBuffer[] readWindows(FileChannel ch, InputFile f, int shift, int count) throws IOException {
        long size = f.size();
        ByteBuffer[] windows = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            long pos = (long) i << shift;
            ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(1L << shift, size - pos)));
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw f.changed("now " + ch.size(), null);
                }
            }
            windows[i] = b.clear().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (ch.size() != size) {
            throw f.changed("now " + ch.size(), null);
        }
        return windows;
    }

    /** A view of an in-memory array, labelled {@code file} in errors (tests, fuzzing, nested blobs). */
    public static ByteView of(byte[] data, String file) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        return new ByteView(new ByteBuffer[] {buf}, 31, 0, data.length, false, file, null, "file", null);
    }

    public long size() {
        return length;
    }

    public String file() {
        return file;
    }

    /** The archive member this view belongs to, or {@code null}. */
    public String member() {
        return member;
    }

    /** The absolute offset in the underlying file of {@code off} in this view. */
    public long fileOffset(long off) {
        return origin + start + off;
    }

    /** The same bytes read with another byte order. */
    public ByteView order(ByteOrder order) {
        boolean be = order == ByteOrder.BIG_ENDIAN;
        return be == bigEndian ? this : new ByteView(windows, shift, start, length, be, file, member, extent, source, origin);
    }

    /** A checked sub-view {@code [off, off+len)} that keeps this view's labels and byte order. */
    public ByteView slice(long off, long len) {
        check(off, len, "slice");
        return new ByteView(windows, shift, start + off, len, bigEndian, file, member, extent, source, origin);
    }

    /** A checked sub-view that readers treat as a whole of its own, called {@code extent} in messages ("fat slice"). */
    public ByteView part(long off, long len, String extent) {
        check(off, len, extent);
        return new ByteView(windows, shift, start + off, len, bigEndian, file, member, extent, source, origin);
    }

    /** A checked sub-view labelled as archive member {@code name}. */
    public ByteView member(String name, long off, long len) {
        check(off, len, "member data");
        return new ByteView(windows, shift, start + off, len, bigEndian, file, name, "member", source, origin);
    }

    /** What this view is: "file", "member", or what {@link #part} named it. */
    public String extent() {
        return extent;
    }

    /** "the end of the member (656 bytes)": for messages about a field that points past this view. */
    public String end() {
        return "the end of the " + extent + " (" + length + " bytes)";
    }

    /** Whether {@code [off, off+len)} lies inside this view. */
    public boolean contains(long off, long len) {
        return off >= 0 && len >= 0 && off <= length && len <= length - off;
    }

    /** Throws unless {@code [off, off+len)} lies inside this view; {@code what} names the field. */
    public void check(long off, long len, String what) {
        if (!contains(off, len)) {
            if (off < 0 || off > length) {
                throw error(Math.max(0, Math.min(off, length)),
                        what + " at offset " + Long.toUnsignedString(off) + " is past the end (size " + length + ")");
            }
            throw error(off, what + " of " + Long.toUnsignedString(len) + " bytes runs past the end ("
                    + (length - off) + " bytes left)");
        }
    }

    public InputFormatException error(long off, String reason) {
        return new InputFormatException(file, member, origin + start + off, reason);
    }

    public InputFormatException error(long off, String reason, Throwable cause) {
        return new InputFormatException(file, member, origin + start + off, reason, cause);
    }

    // ---- primitive reads ------------------------------------------------------------------------

    public int u8(long off) {
        check(off, 1, "byte");
        try {
            return rawByte(start + off) & 0xff;
        } catch (InternalError e) {
            throw faulted(e);
        }
    }

    public int u16(long off) {
        check(off, 2, "16-bit field");
        long p = start + off;
        ByteBuffer w = windows[(int) (p >>> shift)];
        int i = (int) (p & mask);
        short v;
        try {
            if (i + 2 <= w.limit()) {
                v = w.getShort(i);
            } else {
                v = (short) ((rawByte(p) & 0xff) | (rawByte(p + 1) & 0xff) << 8);
            }
        } catch (InternalError e) {
            throw faulted(e);
        }
        return (bigEndian ? Short.reverseBytes(v) : v) & 0xffff;
    }

    public long u32(long off) {
        return Integer.toUnsignedLong(s32(off));
    }

    public int s32(long off) {
        check(off, 4, "32-bit field");
        long p = start + off;
        ByteBuffer w = windows[(int) (p >>> shift)];
        int i = (int) (p & mask);
        int v;
        try {
            if (i + 4 <= w.limit()) {
                v = w.getInt(i);
            } else {
                v = 0;
                for (int k = 3; k >= 0; k--) {
                    v = v << 8 | (rawByte(p + k) & 0xff);
                }
            }
        } catch (InternalError e) {
            throw faulted(e);
        }
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    /** A 64-bit field as raw bits; callers that use it as a size or offset check it against sizes. */
    public long u64(long off) {
        check(off, 8, "64-bit field");
        long p = start + off;
        ByteBuffer w = windows[(int) (p >>> shift)];
        int i = (int) (p & mask);
        long v;
        try {
            if (i + 8 <= w.limit()) {
                v = w.getLong(i);
            } else {
                v = 0;
                for (int k = 7; k >= 0; k--) {
                    v = v << 8 | (rawByte(p + k) & 0xff);
                }
            }
        } catch (InternalError e) {
            throw faulted(e);
        }
        return bigEndian ? Long.reverseBytes(v) : v;
    }

    /** A 32- or 64-bit word, as ELF32/ELF64 and Mach-O 32/64 fields are. */
    public long word(long off, boolean is64) {
        return is64 ? u64(off) : u32(off);
    }

    public byte[] bytes(long off, int len) {
        byte[] out = new byte[len];
        copyTo(off, out, 0, len);
        return out;
    }

    /** Copies {@code len} bytes at {@code off} into {@code dst} at {@code dstOff}. */
    public void copyTo(long off, byte[] dst, int dstOff, int len) {
        check(off, len, "byte range");
        long p = start + off;
        int done = 0;
        try {
            while (done < len) {
                ByteBuffer w = windows[(int) ((p + done) >>> shift)];
                int i = (int) ((p + done) & mask);
                int n = Math.min(len - done, w.limit() - i);
                w.get(i, dst, dstOff + done, n);
                done += n;
            }
        } catch (InternalError e) {
            throw faulted(e);
        }
    }

    /** Bytes compared per step by {@link #rangeEquals}. */
    private static final int COMPARE_CHUNK = 1 << 16;

    /**
     * Whether {@code len} bytes at {@code off} equal those of {@code other} at {@code otherOff}. Each
     * side is copied out a chunk at a time and the copies compared: a bulk copy out of a mapping whose
     * file shrank faults as an {@link InternalError} that names the file, whereas comparing mapped
     * memory in place ({@code ByteBuffer.mismatch}, a JIT stub HotSpot does not guard) takes the whole
     * JVM down with SIGBUS.
     */
    public boolean rangeEquals(long off, ByteView other, long otherOff, long len) {
        check(off, len, "compared range");
        other.check(otherOff, len, "compared range");
        int chunk = (int) Math.min(COMPARE_CHUNK, len);
        byte[] a = new byte[chunk];
        byte[] b = new byte[chunk];
        for (long done = 0; done < len; done += chunk) {
            int n = (int) Math.min(chunk, len - done);
            copyTo(off + done, a, 0, n);
            try {
                other.copyTo(otherOff + done, b, 0, n);
            } catch (InputChangedException e) {
                // Either file may have shrunk: this one if it did, else the other.
                InputChangedException mine = source == null ? null : source.changedSince(e);
                throw mine != null ? mine : e;
            }
            if (Arrays.mismatch(a, 0, n, b, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes at {@code off} equal {@code expected} (false when out of range). */
    public boolean startsWith(long off, byte[] expected) {
        if (!contains(off, expected.length)) {
            return false;
        }
        try {
            for (int k = 0; k < expected.length; k++) {
                if (rawByte(start + off + k) != expected[k]) {
                    return false;
                }
            }
        } catch (InternalError e) {
            throw faulted(e);
        }
        return true;
    }

    /** {@code len} bytes at {@code off} as ISO-8859-1 text. */
    public String string(long off, int len) {
        return new String(bytes(off, len), StandardCharsets.ISO_8859_1);
    }

    /**
     * The offset of the first {@code b} in {@code [from, to)}, or -1. Searched in bulk copies of
     * growing pieces (256 bytes first, longer than most symbol names; up to 64 KiB), not with a
     * mapped-buffer read per byte.
     */
    public long indexOf(byte b, long from, long to) {
        check(from, to - from, "search range");
        byte[] piece = new byte[(int) Math.min(SEARCH_FIRST, to - from)];
        for (long p = from; p < to; ) {
            int n = (int) Math.min(piece.length, to - p);
            copyTo(p, piece, 0, n);
            for (int k = 0; k < n; k++) {
                if (piece[k] == b) {
                    return p + k;
                }
            }
            p += n;
            if (piece.length < SEARCH_MAX && p < to) {
                piece = new byte[(int) Math.min(SEARCH_MAX, Math.min(2L * piece.length, to - p))];
            }
        }
        return -1;
    }

    /** The first and the largest piece {@link #indexOf} copies out. */
    private static final int SEARCH_FIRST = 256;
    private static final int SEARCH_MAX = 1 << 16;

    /**
     * The NUL-terminated string at {@code off} that must end before {@code limit} (the end of its
     * string table); {@code what} names the table in the error.
     */
    public String cstring(long off, long limit, String what) {
        if (off < 0 || off >= limit) {
            throw error(Math.max(0, Math.min(limit, length)),
                    what + " offset " + off + " is outside the table (size " + limit + ")");
        }
        long end = indexOf((byte) 0, off, limit);
        if (end < 0) {
            throw error(off, what + " at offset " + off + " is not NUL-terminated");
        }
        if (end - off > Integer.MAX_VALUE - 8) {
            throw error(off, what + " at offset " + off + " is too long");
        }
        return string(off, (int) (end - off));
    }

    private byte rawByte(long p) {
        return windows[(int) (p >>> shift)].get((int) (p & mask));
    }

    /**
     * Throws {@link InputChangedException} when the file this view reads has changed since it was
     * opened: another size, another file at its path, another modification time, or gone. Views of
     * arrays never have. Code that reads the file again by its path (copying member data into an
     * output) calls it after reading, so that what it wrote comes from the bytes that were read.
     */
    public void checkUnchanged() {
        InputChangedException c = source == null ? null : source.changedSince(null);
        if (c != null) {
            throw c;
        }
    }

    /**
     * Copies of small pieces of this view read through the file rather than through its mapping
     * (a reader of scattered fields: the member headers of an archive). On the machines measured a
     * first touch of a mapped page costs about 20 us (a page fault, expensive in a VM) and a
     * positional read of a few bytes about 3 us, and a header read so leaves no mapped page
     * resident. Views that are not mapped are copied from memory. Close it to close the file.
     */
    public final class Direct implements AutoCloseable {
        private final FileChannel channel;

        private Direct(FileChannel channel) {
            this.channel = channel;
        }

        /**
         * A view of the {@code len} bytes at {@code off} of this view, copied out: it has this view's
         * labels and byte order, and reports the same file offsets in errors. A range past the end is
         * the error {@link #check} gives. A file that can no longer be read by its path, or that came
         * up short (it shrank), is read through the mapping instead, which reports the change.
         */
        public ByteView copy(long off, int len) {
            check(off, len, "header");
            byte[] b = new byte[len];
            if (channel == null || !readFully(channel, start + off, b)) {
                copyTo(off, b, 0, len);
            }
            return copied(off, b);
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // read-only: nothing was written that a failed close could lose
                }
            }
        }
    }

    /** Reads {@code into.length} bytes at file position {@code pos}; false when the file ends first or cannot be read. */
    private static boolean readFully(FileChannel ch, long pos, byte[] into) {
        ByteBuffer buf = ByteBuffer.wrap(into);
        try {
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    return false;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    /** {@code b}, the bytes at {@code off} of this view read elsewhere, as a view labelled as they are here. */
    private ByteView copied(long off, byte[] b) {
        return new ByteView(new ByteBuffer[] {ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)}, 31, 0, b.length, bigEndian, file,
                member, extent, source, origin + start + off);
    }

    /** The largest piece {@link #copyThrough} copies; a longer one is this view's own slice. */
    private static final long COPY_THROUGH_MAX = 1 << 26;

    /**
     * The {@code len} bytes at {@code off} as a view of their own: a copy read through the file by
     * position while a reading step of {@link InputFiles} runs (on this machine a first touch of a
     * mapped page costs several times a positional read, and leaves the page resident), with this
     * view's labels, byte order and file offsets in errors; otherwise, and for views that are not
     * of a mapped file, for pieces over 64 MiB, or when the read comes up short (the file shrank:
     * the mapping then reports the change), the slice of this view itself.
     */
    public ByteView copyThrough(long off, long len) {
        check(off, len, "table");
        FileChannel ch;
        if (len == 0 || len > COPY_THROUGH_MAX || !isMapped() || source == null || (ch = source.channel()) == null) {
            return slice(off, len);
        }
        byte[] b = new byte[(int) len];
        return readFully(ch, start + off, b) ? copied(off, b) : slice(off, len);
    }

    /** A {@link Direct} reader of this view's file (copies from memory when it is not a mapped file). */
    public Direct direct() {
        FileChannel ch = null;
        if (isMapped() && source != null) {
            try {
                ch = FileChannel.open(source.path(), StandardOpenOption.READ);
            } catch (IOException e) {
                ch = null;   // gone or unreadable since it was mapped: the mapping is read instead
            }
        }
        return new Direct(ch);
    }

    /**
     * Range indexes by their offsets. A class, not a lambda: links of wrappers digest, the build's
     * training link (whose members are too small to share) does not, so a lambda would be spun at
     * every run instead of coming from the class-data archive.
     */
    private static final class ByOffset implements java.util.Comparator<Integer> {
        private final long[] offsets;

        ByOffset(long[] offsets) {
            this.offsets = offsets;
        }

        @Override
        public int compare(Integer x, Integer y) {
            return Long.compare(offsets[x], offsets[y]);
        }
    }

    /** Bytes read at a time by {@link #contentDigests}, into a buffer each thread keeps. */
    private static final int DIGEST_CHUNK = 1 << 18;
    private static final ThreadLocal<ByteBuffer> DIGEST_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DIGEST_CHUNK));

    /**
     * The {@link ContentDigest} of each range {@code [offsets[k], offsets[k] + lengths[k])} of this view.
     *
     * <p>A mapped file is read for this through positional reads of its file, not through the
     * mapping: every page touched through a mapping stays in the process's resident set until the
     * mapping is collected, and a digest touches every byte. The ranges are read in the order
     * given (give them in file order for sequential reads). A file that changed since it was opened
     * is reported as {@link InputChangedException}.
     *
     * @throws InputFormatException when a range is not inside this view
     */
    public long[] contentDigests(long[] offsets, long[] lengths) throws IOException {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(offsets.length + " offsets, " + lengths.length + " lengths");
        }
        for (int k = 0; k < offsets.length; k++) {
            check(offsets[k], lengths[k], "digested range");
        }
        long[] out = new long[offsets.length];
        if (!isMapped() || source == null) {
            ContentDigest digest = new ContentDigest();
            for (int k = 0; k < offsets.length; k++) {
                digest.reset();
                for (long done = 0; done < lengths[k]; ) {
                    long p = start + offsets[k] + done;
                    int n = (int) Math.min(lengths[k] - done, (1L << shift) - (p & mask));
                    ByteBuffer w = windows[(int) (p >>> shift)].duplicate();
                    digest.update(w.limit((int) (p & mask) + n).position((int) (p & mask)));
                    done += n;
                }
                out[k] = digest.value();
            }
            return out;
        }
        // The file is read in large pieces from the first range to the last, each piece feeding every
        // range it overlaps: a few reads per archive instead of one per member, and a gap between
        // ranges is skipped when no range spans it.
        Integer[] order = new Integer[offsets.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, new ByOffset(offsets));
        ContentDigest[] digests = new ContentDigest[offsets.length];
        java.util.List<Integer> active = new java.util.ArrayList<>();
        ByteBuffer buf = DIGEST_BUFFER.get();
        try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
            int next = 0;
            long pos = 0;
            while (next < order.length || !active.isEmpty()) {
                if (active.isEmpty()) {
                    pos = Math.max(pos, offsets[order[next]]);
                }
                int n = ch.read(buf.clear(), start + pos);
                if (n < 0) {
                    InputChangedException changed = source.changedSince(null);
                    throw changed != null ? changed : error(pos, "the file ends before the digested range does");
                }
                long end = pos + n;
                ByteBuffer part = buf.duplicate();
                while (next < order.length && offsets[order[next]] <= end) {
                    int k = order[next++];
                    digests[k] = new ContentDigest();
                    active.add(k);
                }
                for (java.util.Iterator<Integer> it = active.iterator(); it.hasNext(); ) {
                    int k = it.next();
                    long lo = Math.max(offsets[k], pos);
                    long hi = Math.min(offsets[k] + lengths[k], end);
                    if (hi > lo) {
                        digests[k].update(part.limit((int) (hi - pos)).position((int) (lo - pos)));
                    }
                    if (offsets[k] + lengths[k] <= end) {
                        out[k] = digests[k].value();
                        it.remove();
                    }
                }
                pos = end;
            }
        }
        return out;
    }

    /**
     * The identity of the whole file this view reads, as it was when opened (see {@code InputFile}):
     * equal for views of one file, even through different paths; null for arrays and for file
     * systems that give files no identity.
     */
    public Object fileIdentity() {
        return source == null ? null : source.identity();
    }

    /** Whether the bytes are mapped from the file (else they were read into the heap, or are an array). */
    boolean isMapped() {
        return windows[0].isDirect();
    }

    /** The file as it was when opened, or {@code null} for an array. */
    InputFile source() {
        return source;
    }

    /**
     * What a read that failed with {@code e} throws: for the fault of a mapped file that shrank, an
     * {@link InputChangedException} naming this view's file, or the file mapped by this run that
     * changed (HotSpot may report one read's fault during a later one); any other error is rethrown.
     */
    private RuntimeException faulted(InternalError e) {
        if (!InputChangedException.isMappingFault(e)) {
            throw e;
        }
        InputChangedException c = source == null ? null : source.changedSince(e);
        return c != null ? c : InputChangedException.ofFault(e);
    }

    @Override
    public String toString() {
        return file + (member == null ? "" : "(" + member + ")") + "[" + (origin + start) + "+" + length + "]";
    }
}
