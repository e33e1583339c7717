package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ByteView.Direct}: small pieces read through the file, labelled as the view they come from. */
class DirectCopyTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    @Test
    void aCopyHoldsTheBytesAndReportsTheFileOffsetsOfItsPlace(@TempDir Path dir) throws Exception {
        byte[] data = bytes(100_000);
        Path f = dir.resolve("lib.a");
        Files.write(f, data);
        for (ByteView file : new ByteView[] {ByteView.map(f), ByteView.of(data, f.toString())}) {
            ByteView member = file.member("m.o", 40_000, 50_000);
            try (ByteView.Direct d = member.direct()) {
                ByteView c = d.copy(1_000, 60);
                assertArrayEquals(Arrays.copyOfRange(data, 41_000, 41_060), c.bytes(0, 60));
                assertEquals(41_010, c.fileOffset(10));
                assertEquals("m.o", c.member());
                InputFormatException e = assertThrows(InputFormatException.class, () -> c.u32(58));
                assertEquals(f + "(m.o) at byte 41058: 32-bit field of 4 bytes runs past the end (2 bytes left)", e.getMessage());
                assertEquals(41_020, c.slice(20, 10).fileOffset(0), "a slice of a copy keeps its place");
                InputFormatException past = assertThrows(InputFormatException.class, () -> d.copy(49_990, 60));
                assertEquals(89_990, past.offset());
            }
        }
    }

    @Test
    void aFileThatShrankIsReadThroughTheMappingWhichReportsTheChange(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lib.a");
        Files.write(f, bytes(200_000));
        InputFiles files = new InputFiles();
        ByteView v = files.open(f);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(4096);
        }
        try (ByteView.Direct d = v.direct()) {
            assertArrayEquals(Arrays.copyOfRange(bytes(200_000), 0, 60), d.copy(0, 60).bytes(0, 60), "what is still there is read");
            InputChangedException e = assertThrows(InputChangedException.class, () -> files.read(() -> d.copy(150_000, 60)));
            assertTrue(e.getMessage().contains("was 200000 bytes, now 4096"), e.getMessage());
        }
    }

    @Test
    void copyThroughCopiesByPositionDuringAReadingStepAndSlicesOtherwise(@TempDir Path dir) throws Exception {
        byte[] data = bytes(300_000);
        Path f = dir.resolve("lib.a");
        Files.write(f, data);
        InputFiles files = new InputFiles();
        ByteView v = files.open(f);
        ByteView member = v.member("m.o", 100_000, 150_000);
        ByteView copy = files.read(() -> member.copyThrough(20_000, 70_000));
        assertFalse(copy.isMapped(), "read into the heap");
        assertArrayEquals(Arrays.copyOfRange(data, 120_000, 190_000), copy.bytes(0, 70_000));
        assertEquals(120_000 + 69_999, copy.fileOffset(69_999));
        InputFormatException e = assertThrows(InputFormatException.class, () -> copy.u16(69_999));
        assertEquals(f + "(m.o) at byte 189999: 16-bit field of 2 bytes runs past the end (1 bytes left)", e.getMessage());
        // after the step the file's channel is closed: a copy is the mapped slice itself
        ByteView after = member.copyThrough(20_000, 70_000);
        assertTrue(after.isMapped());
        assertArrayEquals(copy.bytes(0, 70_000), after.bytes(0, 70_000));
        assertThrows(InputFormatException.class, () -> member.copyThrough(100_000, 50_001));
    }

    @Test
    void aViewNoReadingStepRegisteredIsNeverCopiedThroughAChannel(@TempDir Path dir) throws Exception {
        // A thin archive's member file is mapped on its own, with no step to close a channel on it.
        Path f = dir.resolve("member.o");
        Files.write(f, bytes(10_000));
        ByteView alone = ByteView.map(f);
        InputFiles files = new InputFiles();
        files.open(dir.resolve("member.o"));
        ByteView inStep = files.read(() -> alone.copyThrough(0, 5_000));
        assertTrue(inStep.isMapped(), "its own mapping, read in place");
        assertNull(alone.source().channel(), "no channel was opened for it");
    }
}
