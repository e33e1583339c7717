package org.linkdedup.cache;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store itself: publishing, concurrent writers, damaged entries, eviction, fingerprints. */
class ResultCacheTest {
    @TempDir
    Path dir;

    private Path file(String name, int size, int seed) throws Exception {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        Path p = dir.resolve("src").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, b);
        return p;
    }

    private static boolean store(ResultCache c, String key, String payload, Path... files) {
        ResultCache.Pending p = c.begin(key);
        for (Path f : files) {
            p.addFile(f);
        }
        return p.publish(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStoredEntryGivesBackItsPayloadAndTheExactBytes() throws Exception {
        ResultCache c = ResultCache.open(dir.resolve("cache"), 1 << 30);
        Path a = file("a", 5000, 1);
        assertTrue(store(c, "k1", "payload", a));
        ResultCache.Entry e = c.get("k1").orElseThrow();
        assertEquals("payload", new String(e.payload(), StandardCharsets.UTF_8));
        Path out = dir.resolve("out");
        Files.write(out, new byte[] {9});
        e.copyTo(0, out);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(out));
        assertTrue(c.get("other").isEmpty());
        assertEquals(List.of(), names(dir.resolve("cache/tmp")), "nothing left aside");
    }

    @Test
    void twoWritersOfOneKeyBothSucceedAndLeaveOneValidEntry() throws Exception {
        Path a = file("a", 200_000, 1);
        Path b = file("b", 300_000, 2);
        int writers = 4;
        CyclicBarrier atPublish = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                results.add(pool.submit(() -> {
                    // each its own instance, as separate processes would have
                    ResultCache c = ResultCache.open(dir.resolve("cache"), 1 << 30);
                    ResultCache.Pending p = c.begin("same");
                    p.addFile(a);
                    p.addFile(b);
                    atPublish.await();
                    return p.publish("the result".getBytes(StandardCharsets.UTF_8));
                }));
            }
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won, "exactly one publish wins, the others are discarded");
        } finally {
            pool.shutdownNow();
        }
        ResultCache c = ResultCache.open(dir.resolve("cache"), 1 << 30);
        ResultCache.Entry e = c.get("same").orElseThrow();
        Path out = dir.resolve("out");
        Files.createFile(out);
        e.copyTo(1, out);
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(out));
        assertEquals(List.of("same"), names(dir.resolve("cache/entries")));
        assertEquals(List.of(), names(dir.resolve("cache/tmp")), "the losers' copies are gone");
    }

    @Test
    void aFlippedByteInAStoredFileIsDetectedWhenCopiedOut() throws Exception {
        ResultCache c = ResultCache.open(dir.resolve("cache"), 1 << 30);
        store(c, "k", "p", file("a", 4096, 1));
        Path stored = dir.resolve("cache/entries/k/0");
        stored.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[1234] ^= 0x10;
        Files.write(stored, bytes);
        ResultCache.Entry e = c.get("k").orElseThrow();   // same size: found only by the digest
        Path out = dir.resolve("out");
        Files.createFile(out);
        assertThrows(DamagedEntryException.class, () -> e.copyTo(0, out));
    }

    @Test
    void aTruncatedStoredFileOrADamagedManifestIsAMissAndTheEntryIsRemoved() throws Exception {
        ResultCache c = ResultCache.open(dir.resolve("cache"), 1 << 30);
        store(c, "short", "p", file("a", 4096, 1));
        store(c, "manifest", "p", file("b", 4096, 2));
        Path stored = dir.resolve("cache/entries/short/0");
        stored.toFile().setWritable(true);
        Files.write(stored, java.util.Arrays.copyOf(Files.readAllBytes(stored), 4000));
        Path manifest = dir.resolve("cache/entries/manifest/manifest");
        byte[] m = Files.readAllBytes(manifest);
        m[m.length / 2] ^= 1;
        Files.write(manifest, m);

        assertTrue(c.get("short").isEmpty());
        assertTrue(c.get("manifest").isEmpty());
        assertEquals(List.of(), names(dir.resolve("cache/entries")));
        assertEquals(2, c.notes().stream().filter(n -> n.contains("damaged")).count(), c.notes().toString());
        assertTrue(store(c, "short", "p", file("a", 4096, 1)), "a new entry takes the place of the damaged one");
        assertTrue(c.get("short").isPresent());
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheSizeLimitIsExceeded() throws Exception {
        Path f = file("a", 100_000, 1);
        ResultCache c = ResultCache.open(dir.resolve("cache"), 250_000);
        store(c, "k1", "p", f);
        store(c, "k2", "p", f);
        long past = System.currentTimeMillis() - 60_000;
        Files.setLastModifiedTime(dir.resolve("cache/entries/k1/manifest"), FileTime.fromMillis(past));
        Files.setLastModifiedTime(dir.resolve("cache/entries/k2/manifest"), FileTime.fromMillis(past + 1000));
        assertTrue(c.get("k1").isPresent());   // used now: k2 is the least recently used
        store(c, "k3", "p", f);
        assertEquals(List.of("k1", "k3"), names(dir.resolve("cache/entries")));
        assertTrue(c.stats().bytes() <= 250_000, c.stats().toString());

        ResultCache tiny = ResultCache.open(dir.resolve("cache"), 0);
        tiny.evict();
        assertEquals(List.of(), names(dir.resolve("cache/entries")));
    }

    @Test
    void aFingerprintRecordIsTrustedOnlyForTheSameStatAndSettledTimes() throws Exception {
        Path f = file("in.a", 10_000, 1);
        long now = Fingerprints.wallClockNanos();
        // The file was just written: its times are within 2 s of now, so nothing is recorded.
        Fingerprints fresh = new Fingerprints(dir.resolve("stat"), () -> now);
        Fingerprints.Fingerprint a = fresh.of(f);
        assertTrue(a.fresh());
        assertEquals(List.of(), names(dir.resolve("stat")));
        fresh.of(f);
        assertEquals(2, fresh.hashed());

        // Ten seconds later (the clock moved on): recorded once, then trusted.
        Fingerprints later = new Fingerprints(dir.resolve("stat"), () -> now + 10_000_000_000L);
        Fingerprints.Fingerprint b = later.of(f);
        assertFalse(b.fresh());
        assertEquals(1, names(dir.resolve("stat")).size());
        assertEquals(b.content(), later.of(f).content());
        assertEquals(1, later.hashed(), "the second look came from the record");
        assertEquals(a.content(), b.content());

        // The same size and modification time, other bytes: the change time differs, so it is hashed again.
        FileTime mtime = Files.getLastModifiedTime(f);
        byte[] bytes = Files.readAllBytes(f);
        bytes[5000] ^= 1;
        Thread.sleep(20);
        Files.write(f, bytes);
        Files.setLastModifiedTime(f, mtime);
        Fingerprints.Fingerprint c = later.of(f);
        assertEquals(2, later.hashed());
        assertNotEquals(b.content(), c.content());
        assertFalse(later.unchanged(b));
    }

    @Test
    void aFreshFingerprintIsRehashedToTellItIsUnchanged() throws Exception {
        Path f = file("in.a", 1000, 1);
        Fingerprints fp = new Fingerprints(null, Fingerprints::wallClockNanos);
        Fingerprints.Fingerprint a = fp.of(f);
        assertTrue(fp.unchanged(a));
        assertEquals(2, fp.hashed(), "fresh: hashed again to compare");
        Files.write(f, new byte[1000]);
        assertFalse(fp.unchanged(a));
    }
}
