package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

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
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;
import org.linkdedup.testing.Links;

/**
 * {@code apply} and {@code exec} through the prepared-result cache: a hit prints the same bytes,
 * exits the same and writes the same archives as the miss that stored it; {@code --no-cache} leaves
 * the cache directory alone; concurrent runs sharing a cache all succeed and leave one entry.
 */
class ResultCacheCliTest {
    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("cache");
    }

    private List<String> entries() throws Exception {
        Path e = cache().resolve("entries");
        if (!Files.exists(e)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(e)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Sets every entry's last use an hour back; {@link #usedSince} then tells which were hit. */
    private void ageEntries() throws Exception {
        for (String k : entries()) {
            Files.setLastModifiedTime(cache().resolve("entries").resolve(k).resolve("manifest"),
                    FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
    }

    private boolean usedSince(String key) throws Exception {
        long used = Files.getLastModifiedTime(cache().resolve("entries").resolve(key).resolve("manifest")).toMillis();
        return used > System.currentTimeMillis() - 600_000;
    }

    private static void assertSameFile(Path a, Path b) throws Exception {
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), a + " vs " + b);
    }

    @Test
    void applyHitPrintsAndWritesExactlyWhatTheMissDid() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result miss = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", out));
        assertEquals(0, miss.exit(), miss.err());
        byte[] first = Files.readAllBytes(out.resolve("libperry_ext_http.a"));
        assertEquals(1, entries().size());
        ageEntries();
        Files.delete(out.resolve("libperry_ext_http.a"));

        Cli.Result hit = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", out));
        assertTrue(usedSince(entries().get(0)), "served from the entry");
        assertEquals(miss, hit);
        assertArrayEquals(first, Files.readAllBytes(out.resolve("libperry_ext_http.a")));

        Cli.Result none = Cli.run(Cli.withPerryMini("apply", "--no-cache", "--out-dir", dir.resolve("plain")));
        assertEquals(miss.out().replace(out.toString(), "X"), none.out().replace(dir.resolve("plain").toString(), "X"));
        assertSameFile(out.resolve("libperry_ext_http.a"), dir.resolve("plain/libperry_ext_http.a"));
        assertEquals(1, entries().size());
    }

    @Test
    void applyJsonAndLinkOrderFileOnAHitAreTheSameBytes() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result miss = Cli.run(Cli.withPerryMini("apply", "--json", "--cache-dir", cache(), "--out-dir", out,
                "--link-order-file", dir.resolve("order1.txt")));
        assertEquals(0, miss.exit(), miss.err());
        ageEntries();
        Cli.Result hit = Cli.run(Cli.withPerryMini("apply", "--json", "--cache-dir", cache(), "--out-dir", out,
                "--link-order-file", dir.resolve("order2.txt")));
        assertTrue(usedSince(entries().get(0)));
        assertEquals(miss, hit);
        assertSameFile(dir.resolve("order1.txt"), dir.resolve("order2.txt"));
        Cli.Result none = Cli.run(Cli.withPerryMini("apply", "--json", "--no-cache", "--out-dir", out,
                "--link-order-file", dir.resolve("order3.txt")));
        assertEquals(miss, none, "the cached document is the document");
        assertTrue(miss.out().contains("\"linkOrder\""), miss.out());

        // the text form is another entry (a JSON run verifies under every model)
        Cli.Result text = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", out));
        assertEquals(0, text.exit());
        assertEquals(2, entries().size());
    }

    @Test
    void anotherOutDirOnAHitIsPrintedAndGuarded() throws Exception {
        Cli.Result miss = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", dir.resolve("a")));
        assertEquals(0, miss.exit(), miss.err());
        ageEntries();
        Cli.Result hit = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", dir.resolve("b")));
        assertTrue(usedSince(entries().get(0)));
        assertEquals(miss.out().replace(dir.resolve("a").toString(), "X"), hit.out().replace(dir.resolve("b").toString(), "X"));
        assertSameFile(dir.resolve("a/libperry_ext_http.a"), dir.resolve("b/libperry_ext_http.a"));

        // a hit whose out dir is the inputs' directory is refused like a miss: nothing written
        Path mini = Fixtures.small("perry-mini/elf");
        byte[] before = Files.readAllBytes(mini.resolve("libperry_ext_http.a"));
        Cli.Result refused = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", mini));
        Cli.Result refusedPlain = Cli.run(Cli.withPerryMini("apply", "--no-cache", "--out-dir", mini));
        assertEquals(2, refused.exit(), refused.err());
        assertEquals(refusedPlain, refused);
        assertArrayEquals(before, Files.readAllBytes(mini.resolve("libperry_ext_http.a")));
    }

    @Test
    void noCacheWritesNothingIntoTheCacheDirectory() throws Exception {
        Cli.Result r = Cli.run(Cli.withPerryMini("apply", "--no-cache", "--cache-dir", cache(), "--out-dir", dir.resolve("out")));
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(cache()));
    }

    @Test
    void concurrentRunsSharingACacheAllSucceedAndLeaveOneEntry() throws Exception {
        int runs = 3;
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<Cli.Result> results = new ArrayList<>();
        try {
            List<Future<Cli.Result>> fs = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path out = dir.resolve("out" + i);
                fs.add(pool.submit(() -> {
                    start.await();
                    return Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", out));
                }));
            }
            for (Future<Cli.Result> f : fs) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < runs; i++) {
            assertEquals(0, results.get(i).exit(), results.get(i).err());
            assertEquals(results.get(0).out().replace(dir.resolve("out0").toString(), "X"),
                    results.get(i).out().replace(dir.resolve("out" + i).toString(), "X"));
            assertSameFile(dir.resolve("out0/libperry_ext_http.a"), dir.resolve("out" + i + "/libperry_ext_http.a"));
        }
        assertEquals(1, entries().size());
        try (Stream<Path> s = Files.list(cache().resolve("tmp"))) {
            assertEquals(List.of(), s.toList(), "nothing left half-written");
        }
        ageEntries();
        Cli.Result hit = Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", dir.resolve("out0")));
        assertTrue(usedSince(entries().get(0)));
        assertEquals(results.get(0), hit);
    }

    @Toolchain
    @Test
    void execOnAHitLinksTheSameProgramAndReportsTheSame() throws Exception {
        Fixtures.requireTool("cc", "ld");
        Path p = Fixtures.perry("default");
        List<Cli.Result> rs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path app = dir.resolve("app" + i);
            rs.add(Cli.run("exec", "--cache-dir", cache(), "--", "cc", p.resolve("main.o"), p.resolve("libperry_ext_http.a"),
                    p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"), "-o", app, "-lpthread", "-ldl"));
            assertEquals(0, rs.get(i).exit(), rs.get(i).err());
            Fixtures.ProcessResult run = Links.runProgram(app);
            assertEquals(0, run.exitCode(), run.describe());
            assertTrue(run.stdout().contains("PASS"), run.stdout());
            if (i == 0) {
                assertEquals(1, entries().size());
                ageEntries();
            }
        }
        assertTrue(usedSince(entries().get(0)), "the second link was served from the cache");
        assertEquals(rs.get(0), rs.get(1));
        assertSameFile(dir.resolve("app0"), dir.resolve("app1"));
    }

    @Toolchain
    @Test
    void execWithNothingToDropIsServedFromTheCacheToo() throws Exception {
        Fixtures.requireTool("cc", "ld");
        Path p = Fixtures.perry("default");
        List<Cli.Result> rs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            rs.add(Cli.run("exec", "--cache-dir", cache(), "--", "cc", p.resolve("main.o"), p.resolve("libperry_stdlib.a"),
                    p.resolve("libperry_ext_http.a"), p.resolve("libperry_runtime.a"), "-o", dir.resolve("app" + i), "-lpthread", "-ldl"));
            assertEquals(0, rs.get(i).exit(), rs.get(i).err());
            if (i == 0) {
                assertEquals(1, entries().size(), "a result without archives is stored too");
                ageEntries();
            }
        }
        assertTrue(usedSince(entries().get(0)));
        assertEquals(rs.get(0), rs.get(1));
        assertTrue(Files.isRegularFile(dir.resolve("app1")));
    }

    @Test
    void cacheStatsAndClear() throws Exception {
        Cli.Result empty = Cli.run("cache", "stats", "--cache-dir", cache(), "--cache-max-size", "1G");
        assertEquals(0, empty.exit(), empty.err());
        assertEquals(cache() + ": 0 entries, 0.0 MB (limit 1024 MB)\n", empty.out());
        assertFalse(Files.exists(cache()), "stats creates nothing");
        assertEquals(0, Cli.run(Cli.withPerryMini("apply", "--cache-dir", cache(), "--out-dir", dir.resolve("out"))).exit());
        Cli.Result one = Cli.run("cache", "stats", "--cache-dir", cache(), "--cache-max-size", "2G");
        assertTrue(one.out().startsWith(cache() + ": 1 entries, "), one.out());
        assertTrue(one.out().endsWith("(limit 2048 MB)\n"), one.out());
        Cli.Result cleared = Cli.run("cache", "clear", "--cache-dir", cache());
        assertTrue(cleared.out().startsWith(cache() + ": removed 1 entries, "), cleared.out());
        assertEquals(List.of(), entries());
        assertFalse(Files.exists(cache().resolve("stat")));
        // the test JVM's LINKDEDUP_CACHE_MAX_SIZE (pom.xml) is the default limit
        assertTrue(Cli.run("cache", "stats", "--cache-dir", cache()).out().endsWith("(limit 256 MB)\n"));
        Cli.Result bad = Cli.run("cache", "purge", "--cache-dir", cache());
        assertEquals(2, bad.exit());
        assertEquals("linkdedup: cache: expected stats or clear, not 'purge'\n", bad.err());
    }
}
