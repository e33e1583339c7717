package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/** Issue 5, output safety: inputs never change, outputs appear whole or not at all. */
class OutputSafetyTest {
    static final List<String> MINI = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");

    @TempDir
    Path dir;

    private List<Path> copyMini() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String f : MINI) {
            Path p = dir.resolve("in").resolve(f);
            Files.createDirectories(p.getParent());
            Files.copy(Fixtures.small("perry-mini/elf/" + f), p);
            out.add(p);
        }
        return out;
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    static Map<Path, String> hashes(List<Path> files) throws Exception {
        Map<Path, String> m = new TreeMap<>();
        for (Path p : files) {
            m.put(p, sha256(p) + "@" + Files.getLastModifiedTime(p).toMillis());
        }
        return m;
    }

    private static Object[] with(List<Path> inputs, Object... head) {
        List<Object> all = new ArrayList<>(List.of(head));
        all.addAll(inputs);
        return all.toArray();
    }

    @Test
    void noCommandModifiesItsInputs() throws Exception {
        Fixtures.requireTool("cc");
        List<Path> in = copyMini();
        Map<Path, String> before = hashes(in);
        List<Object[]> commands = List.of(
                with(in, "symbols", "--all"), with(in, "symbols", "--format", "json"),
                with(in, "plan"), with(in, "plan", "--shared-deps", "--json"),
                with(in, "apply", "--out-dir", dir.resolve("o1")), with(in, "apply", "--shared-deps", "--out-dir", dir.resolve("o2")),
                with(in, "check", "--json"), with(in, "check", "--write-baseline", dir.resolve("b.json")),
                with(in, "exec", "--dry-run", "--", "cc", "-o", dir.resolve("app0")),
                with(in, "exec", "--", "cc", "-o", dir.resolve("app")));
        for (Object[] c : commands) {
            Cli.Result r = Cli.run(c);
            assertEquals(0, r.exit(), String.join(" ", Stream.of(c).map(Object::toString).toList()) + "\n" + r.err());
            assertEquals(before, hashes(in), "inputs changed by " + c[0]);
        }
        assertTrue(Files.exists(dir.resolve("app")));
    }

    @Test
    void twoAppliesIntoOneDirectoryAtOnceDoNotCorruptEachOther() throws Exception {
        List<Path> in = copyMini();
        Path reference = dir.resolve("ref");
        assertEquals(0, Cli.run(with(in, "apply", "--out-dir", reference)).exit());
        String want = sha256(reference.resolve("libperry_ext_http.a"));
        Path shared = dir.resolve("shared");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                List<Future<Cli.Result>> runs = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    runs.add(pool.submit(() -> Cli.run(with(in, "apply", "--out-dir", shared))));
                }
                for (Future<Cli.Result> f : runs) {
                    Cli.Result r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(0, r.exit(), r.err());
                }
                assertEquals(want, sha256(shared.resolve("libperry_ext_http.a")), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.list(shared)) {
            assertEquals(List.of("libperry_ext_http.a"), s.map(p -> p.getFileName().toString()).toList(), "no temporary files left");
        }
    }

    /**
     * SIGKILL while a large archive is being written: the destination holds the old content or the
     * complete new one, never a mix, and the next run succeeds despite the leftover temporary file.
     */
    @Test
    @Tag("large")
    void killedInTheMiddleOfWritingALargeArchive() throws Exception {
        Fixtures.requireTool("llvm-ar");
        List<Path> in = copyMini();
        // A wrapper with a 1.5 GB member next to its runtime copy (sparse: cheap to make, real to copy).
        Path work = dir.resolve("big");
        Files.createDirectories(work);
        Fixtures.run(work, "llvm-ar", "x", in.get(1).toString()).assertOk();
        try (RandomAccessFile f = new RandomAccessFile(work.resolve("bulk_data.o").toFile(), "rw")) {
            f.setLength(1536L << 20);
        }
        List<String> members = new ArrayList<>(List.of("llvm-ar", "rcs", "libperry_ext_http.a", "bulk_data.o"));
        try (Stream<Path> s = Files.list(work)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rcgu.o")).sorted().forEach(members::add);
        }
        Fixtures.run(work, members.toArray(String[]::new)).assertOk();
        Path wrapper = work.resolve("libperry_ext_http.a");
        List<Path> order = List.of(in.get(0), wrapper, in.get(2), in.get(3));

        Path expectedDir = dir.resolve("expected");
        assertEquals(0, Cli.run(with(order, "apply", "--no-verify", "--out-dir", expectedDir)).exit());
        String newContent = sha256(expectedDir.resolve("libperry_ext_http.a"));
        Files.delete(expectedDir.resolve("libperry_ext_http.a"));

        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path dest = out.resolve("libperry_ext_http.a");
        Files.copy(Fixtures.small("ar/gnu.a"), dest);
        String oldContent = sha256(dest);

        boolean killedMidWrite = false;
        for (int attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.linkdedup.cli.Main", "apply", "--no-verify", "--out-dir", out.toString()));
            order.forEach(p -> cmd.add(p.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline) {
                Path tmp = temporaryFile(out);
                if (tmp != null && Files.size(tmp) > (64L << 20)) {
                    p.destroyForcibly();   // SIGKILL on Linux
                    killedMidWrite = true;
                    break;
                }
                Thread.sleep(1);
            }
            p.waitFor(60, TimeUnit.SECONDS);
            String now = sha256(dest);
            assertTrue(now.equals(oldContent) || now.equals(newContent), "destination is the old or the complete new archive");
            if (!killedMidWrite) {
                Files.copy(Fixtures.small("ar/gnu.a"), dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertTrue(killedMidWrite, "the kill landed while the temporary file was being written");
        assertEquals(oldContent, sha256(dest), "killed before the rename: the old content stays");
        assertNotNull(temporaryFile(out), "the killed run left its temporary file");

        Cli.Result again = Cli.run(with(order, "apply", "--no-verify", "--out-dir", out));
        assertEquals(0, again.exit(), again.err());
        assertEquals(newContent, sha256(dest), "the next run writes the complete archive despite the leftover");
        assertEquals(3, ArchiveReader.open(dest).members().size());
        assertNull(temporaryFile(out), "the next run removed the killed run's temporary file (issue 15)");
    }

    /** A wrapper with a {@code megabytes} MB member beside its runtime copy (sparse: cheap to make, real to copy). */
    private List<Path> withLargeWrapper(List<Path> in, int megabytes) throws Exception {
        Path work = dir.resolve("big");
        Files.createDirectories(work);
        Fixtures.run(work, "llvm-ar", "x", in.get(1).toString()).assertOk();
        try (RandomAccessFile f = new RandomAccessFile(work.resolve("bulk_data.o").toFile(), "rw")) {
            f.setLength((long) megabytes << 20);
        }
        List<String> members = new ArrayList<>(List.of("llvm-ar", "rcs", "libperry_ext_http.a", "bulk_data.o"));
        try (Stream<Path> s = Files.list(work)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rcgu.o")).sorted().forEach(members::add);
        }
        Fixtures.run(work, members.toArray(String[]::new)).assertOk();
        return List.of(in.get(0), work.resolve("libperry_ext_http.a"), in.get(2), in.get(3));
    }

    /**
     * Issue 15, finding 4: SIGTERM (and SIGINT) while a large archive is being written: the run
     * removes its temporary file on the way out, the destination keeps its old content, and the
     * next run succeeds.
     */
    @Test
    @Tag("large")
    void terminatedInTheMiddleOfWritingLeavesNothingBehind() throws Exception {
        Fixtures.requireTool("llvm-ar", "kill");
        List<Path> order = withLargeWrapper(copyMini(), 768);
        Map<Path, String> inputs = hashes(order);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path dest = out.resolve("libperry_ext_http.a");
        Files.copy(Fixtures.small("ar/gnu.a"), dest);
        String oldContent = sha256(dest);
        for (String signal : List.of("TERM", "INT")) {
            boolean signalled = false;
            for (int attempt = 0; attempt < 5 && !signalled; attempt++) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "org.linkdedup.cli.Main", "apply", "--no-verify",
                        "--out-dir", out.toString()));
                order.forEach(p -> cmd.add(p.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (p.isAlive() && System.nanoTime() < deadline) {
                    Path tmp = temporaryFile(out);
                    if (tmp != null && Files.exists(tmp) && Files.size(tmp) > (32L << 20)) {
                        Fixtures.run(dir, "kill", "-" + signal, Long.toString(p.pid())).assertOk();
                        signalled = true;
                        break;
                    }
                    Thread.sleep(1);
                }
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ends after SIG" + signal);
                if (signalled) {
                    assertNotEquals(0, p.exitValue(), "SIG" + signal + " ends the run with a failure status");
                    assertEquals(oldContent, sha256(dest), "signalled before the rename: the old content stays");
                } else {
                    Files.copy(Fixtures.small("ar/gnu.a"), dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            assertTrue(signalled, "SIG" + signal + " landed while the temporary file was being written");
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(List.of("libperry_ext_http.a"), s.map(x -> x.getFileName().toString()).toList(),
                        "no temporary file left after SIG" + signal);
            }
        }
        assertEquals(inputs, hashes(order));
        Cli.Result again = Cli.run(with(order, "apply", "--no-verify", "--out-dir", out));
        assertEquals(0, again.exit(), again.err());
        assertEquals(3, ArchiveReader.open(dest).members().size());
    }

    private static Path temporaryFile(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".linkdedup-tmp")).findFirst().orElse(null);
        }
    }
}
