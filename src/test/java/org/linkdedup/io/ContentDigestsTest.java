package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ByteView#contentDigests}: what the loader decides identical members by. */
class ContentDigestsTest {
    /** The digest computed independently: CRC-32C in the high half, CRC-32 in the low half. */
    private static long expected(byte[] data, long off, long len) {
        CRC32C c = new CRC32C();
        CRC32 d = new CRC32();
        c.update(data, (int) off, (int) len);
        d.update(data, (int) off, (int) len);
        return c.getValue() << 32 | d.getValue();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void mappedAndHeapViewsGiveEachRangeItsOwnDigestWhateverTheOrderAndThePieces(@TempDir Path dir) throws Exception {
        // Longer than three of the 256 KiB pieces the file is read in: ranges straddle piece ends,
        // span whole pieces, overlap, leave gaps, are empty, and are given out of file order.
        byte[] data = random(900_000, 1);
        Path f = dir.resolve("a.bin");
        Files.write(f, data);
        long[] offsets = {700_000, 0, 262_100, 10, 262_144, 300_000, 899_999, 5_000, 600_000, 600_000};
        long[] lengths = {200_000, 262_144, 100, 3, 524_288, 0, 1, 600_000, 1, 300_000};
        ByteView mapped = ByteView.map(f);
        ByteView heap = ByteView.of(data, "a.bin");
        long[] got = mapped.contentDigests(offsets, lengths);
        assertArrayEquals(got, heap.contentDigests(offsets, lengths), "mapped and heap views agree");
        for (int k = 0; k < offsets.length; k++) {
            assertEquals(expected(data, offsets[k], lengths[k]), got[k], "range " + k);
        }
    }

    @Test
    void rangesOfASliceAreRelativeToIt(@TempDir Path dir) throws Exception {
        byte[] data = random(70_000, 2);
        Path f = dir.resolve("lib.a");
        Files.write(f, data);
        ByteView member = ByteView.map(f).member("m.o", 1_000, 60_000);
        long[] got = member.contentDigests(new long[] {0, 59_000}, new long[] {60_000, 1_000});
        assertEquals(expected(data, 1_000, 60_000), got[0]);
        assertEquals(expected(data, 60_000, 1_000), got[1]);
    }

    @Test
    void equalBytesGiveEqualDigestsAndOneChangedByteAnother(@TempDir Path dir) throws Exception {
        byte[] a = random(300_000, 3);
        byte[] b = a.clone();
        b[299_000] ^= 1;
        Path fa = dir.resolve("a");
        Path fb = dir.resolve("b");
        Files.write(fa, a);
        Files.write(fb, b);
        long[] da = ByteView.map(fa).contentDigests(new long[] {0, 100}, new long[] {300_000, 1_000});
        long[] db = ByteView.map(fb).contentDigests(new long[] {0, 100}, new long[] {300_000, 1_000});
        assertNotEquals(da[0], db[0]);
        assertEquals(da[1], db[1]);
    }

    @Test
    void aRangeOutsideTheViewIsAnErrorNamingIt() throws Exception {
        ByteView v = ByteView.of(new byte[100], "lib.a").member("m.o", 10, 50);
        InputFormatException e = assertThrows(InputFormatException.class, () -> v.contentDigests(new long[] {40}, new long[] {20}));
        assertEquals("lib.a(m.o) at byte 50: digested range of 20 bytes runs past the end (10 bytes left)", e.getMessage());
    }

    @Test
    void aFileThatShrankSinceItWasOpenedIsReportedAsChanged(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lib.a");
        Files.write(f, random(400_000, 4));
        ByteView v = ByteView.map(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(100_000);
        }
        InputChangedException e = assertThrows(InputChangedException.class,
                () -> v.contentDigests(new long[] {0, 300_000}, new long[] {10, 50_000}));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
