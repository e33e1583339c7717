package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that changes while it is read is reported as {@link InputChangedException} naming it (exit
 * status 3): a mapping that faults because its file shrank, a positional read that comes up short, a
 * file that grew, was rewritten, replaced or deleted, and a fault that surfaces outside the read
 * that caused it.
 */
class InputChangeTest {
    static final String RERUN = "; rerun when the build that writes it has finished";

    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        ByteView.openHook = null;
    }

    /** A file of {@code size} bytes, none of them zero (so zeros read from a shrunk page stand out). */
    Path file(String name, int size) throws IOException {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (1 + i % 251);
        }
        return Files.write(dir.resolve(name), b);
    }

    static void truncate(Path f, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void append(Path f, int n) throws IOException {
        Files.write(f, new byte[n], StandardOpenOption.APPEND);
    }

    /**
     * Waits until files are mapped again: views other tests left behind count against the mapping
     * budget until they are collected.
     */
    static void roomToMap() throws InterruptedException {
        for (int i = 0; i < 50 && Mappings.windows() > Mappings.BUDGET - 16; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(Mappings.windows() <= Mappings.BUDGET - 16, Mappings.windows() + " windows still mapped");
    }

    static String changed(Path f, String how) {
        return f + ": changed while being read (" + how + ")" + RERUN;
    }

    static InputChangedException assertChanged(String message, Executable read) {
        InputChangedException e = assertThrows(InputChangedException.class, read);
        assertEquals(message, e.getMessage());
        assertEquals(3, e.exitCode().code());
        return e;
    }

    /** A read of a view: what {@link InputFiles#read} runs in production. */
    interface Read {
        Object run();
    }

    /**
     * Every accessor of a mapping whose file shrank: the fault becomes the change of the file, in the
     * accessor when HotSpot throws it there, else where the reading step ends (compiled code may
     * throw it on return from the accessor, or later).
     */
    @Test
    void everyReadOfAShrunkMappingNamesTheFile() throws Exception {
        roomToMap();
        Path f = file("big.o", 65536);
        InputFiles files = new InputFiles();
        ByteView v = files.open(f);
        ByteView other = ByteView.of(new byte[4096], "other");
        assertTrue(v.isMapped());
        assertEquals(1 + 40000 % 251, v.u8(40000));
        truncate(f, 5000);
        String msg = changed(f, "was 65536 bytes, now 5000");
        List<Read> reads = List.of(
                () -> v.u8(40000),
                () -> v.u16(40000),
                () -> v.u32(40000),
                () -> v.u64(40000),
                () -> v.bytes(40000, 100),
                () -> v.string(40000, 8),
                () -> v.indexOf((byte) 0, 40000, 50000),
                () -> v.cstring(40000, 50000, "name"),
                () -> v.startsWith(40000, new byte[] {1, 2}),
                () -> v.rangeEquals(40000, other, 0, 4096),
                () -> other.rangeEquals(0, v, 40000, 4096),
                () -> v.member("m.o", 32768, 32768).order(java.nio.ByteOrder.BIG_ENDIAN).u32(8000));
        for (Read read : reads) {
            assertChanged(msg, () -> files.read(read::run));
        }
        assertEquals(1 + 4000 % 251, v.u8(4000), "bytes still in the file read as before");
        assertChanged(msg, v::checkUnchanged);
    }

    private static long sum(ByteView v, long from) {
        long s = 0;
        for (long o = from; o < from + 4096; o += 8) {
            s += v.u64(o);
        }
        return s;
    }

    /**
     * Compiled, a read of a page the file no longer has returns zeros and HotSpot throws the fault
     * later, at the thread's next call into the VM: {@link InputFiles#read} makes it surface inside
     * the step, and leaves none pending to replace its exception on the way up.
     */
    @Test
    void aFaultHeldByHotSpotSurfacesInTheStep() throws Exception {
        roomToMap();
        Path warm = file("warm.o", 65536);
        ByteView w = ByteView.map(warm);
        long s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += sum(w, 8192);
        }
        assertNotEquals(0, s);
        Path f = file("late.o", 65536);
        for (int trial = 0; trial < 50; trial++) {
            InputFiles files = new InputFiles();
            ByteView v = files.open(f);
            truncate(f, 0);
            boolean malformed = trial % 2 == 1;   // a reader that fails on the zeros, or one that does not
            assertChanged(changed(f, "was 65536 bytes, now 0"), () -> files.read(() -> {
                long z = sum(v, 8192);
                if (malformed && z == 0) {
                    throw v.error(8192, "bad magic");
                }
                return z;
            }));
            InputFiles.surfaceFault();   // nothing is left pending
            Files.write(f, Files.readAllBytes(warm));
        }
    }

    @Test
    void aFaultSurfacingLaterIsNamedFromTheFilesRead() throws IOException {
        // HotSpot may throw the fault at a later safepoint, outside any read, and a parallel stream
        // rethrows it wrapped in another InternalError: both are attributed to the file that shrank.
        List<InternalError> faults = List.of(new InternalError("a fault occurred in a recent unsafe memory access operation"),
                new InternalError(new InternalError("a fault occurred in a recent unsafe memory access operation in compiled Java code")));
        for (int i = 0; i < faults.size(); i++) {
            InternalError fault = faults.get(i);
            Path a = file("a" + i + ".o", 3000);
            Path b = file("b" + i + ".o", 3000);
            InputFiles files = new InputFiles();
            InputChangedException e = assertChanged(changed(b, "was 3000 bytes, now 10"), () -> files.read(() -> {
                files.open(a);
                files.open(b);
                truncate(b, 10);
                throw fault;
            }));
            assertSame(fault, e.getCause());
        }
        InternalError other = new InternalError("something else");
        assertSame(other, assertThrows(InternalError.class, () -> new InputFiles().read(() -> {
            throw other;
        })), "an InternalError that is no mapping fault is left alone");
    }

    /**
     * A fault that surfaces where no file of the step changed (on a thread that had read another
     * step's mapping) is named from every mapping held: the one that shrank, not one deleted or
     * replaced (their mappings stay whole), even when that one was mapped first.
     */
    @Test
    void aFaultOutsideItsStepIsNamedForTheFileThatShrank() throws Exception {
        roomToMap();
        Path gone = file("gone.o", 8192);
        Path replaced = file("replaced.o", 8192);
        Path shrunk = file("shrunk.o", 8192);
        List<ByteView> held = List.of(ByteView.map(gone), ByteView.map(replaced), ByteView.map(shrunk));
        assertTrue(held.stream().allMatch(ByteView::isMapped));
        Files.delete(gone);
        Files.move(file("next.o", 8192), replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        truncate(shrunk, 100);
        InternalError fault = new InternalError("a fault occurred in a recent unsafe memory access operation in compiled Java code");
        assertEquals(changed(shrunk, "was 8192 bytes, now 100"), InputChangedException.ofFault(fault).getMessage());
        assertChanged(changed(shrunk, "was 8192 bytes, now 100"), () -> new InputFiles().read(() -> {
            throw fault;
        }));
        assertEquals(3, held.size());
    }

    @Test
    void aMalformedReadOfChangedBytesIsTheChange() throws IOException {
        Path a = file("a.o", 3000);
        InputFiles files = new InputFiles();
        InputFormatException garbage = new InputFormatException(a.toString(), null, 2000, "bad magic");
        InputChangedException e = assertChanged(changed(a, "was 3000 bytes, now 2000"), () -> files.read(() -> {
            files.open(a);
            truncate(a, 2000);   // in the last page: reads past 2000 see zeros, no fault
            throw garbage;
        }));
        assertSame(garbage, e.getCause());
    }

    /** What a writer that copies member data from an input by its path gets when the input shrank since it was loaded. */
    @Test
    void aShortCopyFromAnInputLoadedEarlierIsItsChange() throws IOException {
        Path a = file("liba.a", 224528);
        ByteView loaded = ByteView.map(a);
        truncate(a, 51112);
        InputFiles files = new InputFiles();
        files.add(loaded);
        files.add(ByteView.of(new byte[8], "array"));
        IOException shortCopy = new IOException("short copy from 299948 (51112 of 224528 bytes)");
        assertSame(shortCopy, assertChanged(changed(a, "was 224528 bytes, now 51112"), () -> files.read(() -> {
            throw shortCopy;
        })).getCause());
        assertChanged(changed(a, "was 224528 bytes, now 51112"), () -> files.read(() -> "copied"));
    }

    @Test
    void aFailureWithNothingChangedIsKept() throws IOException {
        Path a = file("a.o", 3000);
        InputFiles files = new InputFiles();
        InputFormatException bad = new InputFormatException(a.toString(), null, 0, "bad magic");
        assertSame(bad, assertThrows(InputFormatException.class, () -> files.read(() -> {
            files.open(a);
            throw bad;
        })));
        assertEquals("ok", files.read(() -> {
            files.open(a);
            return "ok";
        }));
    }

    @Test
    void grownRewrittenReplacedAndDeletedFilesAreChanges() throws IOException {
        record Case(String how, Consumer<Path> change) {
        }
        List<Case> cases = List.of(
                new Case("was 3000 bytes, now 3100", f -> io(() -> append(f, 100))),
                new Case("was 3000 bytes, now rewritten in place", f -> io(() -> {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9}), 100);
                    }
                    Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 10_000));
                })),
                new Case("was 3000 bytes, now another file of 3000 bytes", f -> io(() -> {
                    Path next = file("next", 3000);
                    Files.move(next, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                })),
                new Case("was 3000 bytes, now deleted", f -> io(() -> Files.delete(f))));
        for (Case c : cases) {
            Path f = file("f.o", 3000);
            InputFiles files = new InputFiles();
            assertChanged(changed(f, c.how()), () -> files.read(() -> {
                ByteView v = files.open(f);
                c.change().accept(f);
                return v.u32(0);
            }));
            Files.deleteIfExists(f);
        }
        Path f = file("f.o", 3000);
        InputFiles files = new InputFiles();
        assertEquals(0x04030201L, files.read(() -> files.open(f).u32(0)), "an unchanged file passes");
        ByteView.map(f).checkUnchanged();
    }

    @Test
    void aShortPositionalReadIsAChange() throws IOException {
        Path f = file("small.o", 3000);
        ByteView.openHook = p -> truncate(p, 100);
        assertChanged(changed(f, "was 3000 bytes, now 100"), () -> ByteView.read(f, 30));
        Files.delete(f);
        file("small.o", 3000);
        ByteView.openHook = p -> append(p, 5);
        assertChanged(changed(f, "was 3000 bytes, now 3005"), () -> ByteView.read(f, 30));
        ByteView.openHook = null;
        ByteView read = ByteView.read(f, 4);   // windows of 16 bytes
        assertFalse(read.isMapped());
        assertEquals(ByteView.of(Files.readAllBytes(f), "x").u64(1000), read.u64(1000));
        assertEquals(ByteView.of(Files.readAllBytes(f), "x").u64(1004), read.u64(1004), "across two windows");
    }

    @Test
    void aFileShrunkBeforeItIsMappedFaultsOnFirstRead() throws Exception {
        roomToMap();
        Path f = file("lib.a", 12288);
        ByteView.openHook = p -> truncate(p, 0);
        InputFiles files = new InputFiles();
        ByteView v = files.open(f);
        assertTrue(v.isMapped());
        assertEquals(12288, v.size());
        assertChanged(changed(f, "was 12288 bytes, now 0"), () -> files.read(() -> v.u8(0)));
    }

    @Test
    void mappingsAreBoundedPastTheBudget() throws IOException {
        int extra = 64;
        Path f = file("tiny.o", 100);
        ByteView[] views = new ByteView[Mappings.BUDGET + extra];
        int heap = 0;
        for (int i = 0; i < views.length; i++) {
            views[i] = ByteView.map(f);
            heap += views[i].isMapped() ? 0 : 1;
        }
        assertTrue(Mappings.windows() <= Mappings.BUDGET, Mappings.windows() + " windows mapped");
        assertTrue(heap >= extra, heap + " of " + views.length + " views read into the heap");
        for (ByteView v : views) {
            assertEquals(1 + 99 % 251, v.u8(99));
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
