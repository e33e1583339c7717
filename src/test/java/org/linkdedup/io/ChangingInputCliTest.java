package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * {@code check}, {@code symbols} and {@code apply} on a link whose input a build rewrites while
 * linkdedup reads it ({@link ByteView#openHook} changes it when a given input is opened): exit
 * status 3 and exactly one line naming the file, whether the mapping faults (the file shrank to
 * nothing: every page is gone), reads zeros (it shrank inside its last page) or the file grew; the
 * other inputs are untouched and nothing is left behind, no crash log either.
 */
class ChangingInputCliTest {
    private static final List<String> ORDER = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");

    @TempDir
    Path dir;

    private Path in;
    private List<Path> inputs;
    private Path http;
    private long httpSize;

    @BeforeEach
    void copyInputs() throws IOException {
        in = Files.createDirectory(dir.resolve("in"));
        inputs = new ArrayList<>();
        for (String f : ORDER) {
            inputs.add(Files.copy(Fixtures.small("perry-mini/elf/" + f), in.resolve(f)));
        }
        http = in.resolve("libperry_ext_http.a");
        httpSize = Files.size(http);
    }

    @AfterEach
    void noHook() {
        ByteView.openHook = null;
    }

    interface Change {
        void apply(Path f) throws IOException;
    }

    /** When the input named {@code trigger} is opened, {@code change} is done to {@code victim}. */
    static void when(String trigger, Path victim, Change change) {
        ByteView.openHook = p -> {
            if (p.getFileName().toString().equals(trigger)) {
                change.apply(victim);
            }
        };
    }

    static Change truncateTo(long size) {
        return f -> {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
        };
    }

    String line(String how) {
        return "linkdedup: " + http + ": changed while being read (was " + httpSize + " bytes, " + how
                + "); rerun when the build that writes it has finished\n";
    }

    Object[] args(Object... head) {
        List<Object> a = new ArrayList<>(List.of(head));
        a.addAll(inputs);
        return a.toArray();
    }

    /** Runs {@code args}, expecting exit 3 and {@code err}; the inputs but {@code http} keep their bytes, and {@code dir} holds only the inputs. */
    Cli.Result failsWith(String err, Object... args) throws IOException {
        Map<Path, String> before = hashes();
        Cli.Result r = Cli.run(args);
        assertEquals(err, r.err());
        assertEquals(3, r.exit(), r.err());
        Map<Path, String> after = hashes();
        before.remove(http);
        after.remove(http);
        assertEquals(before, after, "the other inputs are unchanged");
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(Stream.concat(Stream.of(dir, in), inputs.stream()).sorted().toList(), s.sorted().toList(), "nothing left behind");
        }
        assertNoCrashLog(dir);
        assertNoCrashLog(Path.of("").toAbsolutePath());
        return r;
    }

    static void assertNoCrashLog(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().matches("hs_err_pid.*\\.log")).toList());
        }
    }

    private Map<Path, String> hashes() throws IOException {
        Map<Path, String> h = new TreeMap<>();
        for (Path p : inputs) {
            try {
                h.put(p, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return h;
    }

    @Test
    void unchangedInputsCheckAsBefore() {
        assertEquals(0, Cli.run(args("check")).exit());
    }

    @Test
    void checkOfAnArchiveTruncatedAfterItsHeadersWereRead() throws IOException {
        // The archive is mapped and its members listed; truncated before its members are read, the
        // mapping faults on the first member byte.
        when("libperry_stdlib.a", http, truncateTo(0));
        Cli.Result r = failsWith(line("now 0"), args("check"));
        assertEquals("", r.out());
    }

    @Test
    void checkOfAnArchiveTruncatedInsideItsLastPage() throws IOException {
        // No fault: the bytes past the new end read as zeros, and the check after reading names the file.
        when("libperry_stdlib.a", http, truncateTo(1000));
        assertEquals("", failsWith(line("now 1000"), args("check")).out());
    }

    @Test
    void checkOfAnArchiveThatGrew() throws IOException {
        when("libperry_runtime.a", http, f -> Files.write(f, new byte[100], StandardOpenOption.APPEND));
        assertEquals("", failsWith(line("now " + (httpSize + 100)), args("check")).out());
    }

    /**
     * Many times over, once the readers are compiled: a fault HotSpot holds back until a later call
     * into the VM must still surface while the inputs are loaded, on whichever thread read the member.
     */
    @Test
    void checkOfArchivesTruncatedWhileReadingManyTimes() throws IOException {
        for (int i = 0; i < 30; i++) {
            assertEquals(0, Cli.run(args("check")).exit());
        }
        byte[] original = Files.readAllBytes(http);
        for (int trial = 0; trial < 100; trial++) {
            Files.write(http, original);
            when(trial % 2 == 0 ? "libperry_stdlib.a" : "libperry_runtime.a", http, truncateTo(0));
            Cli.Result r = Cli.run(trial % 3 == 0 ? args("apply", "--out-dir", in.resolve("out")) : args("check"));
            assertEquals(line("now 0"), r.err(), "trial " + trial);
            assertEquals(3, r.exit());
        }
    }

    @Test
    void symbolsOfAnArchiveTruncatedWhileReading() throws IOException {
        when("libperry_ext_http.a", http, truncateTo(0));
        Cli.Result r = failsWith(line("now 0"), args("symbols", "--format", "tsv"));
        for (String l : r.lines()) {
            assertTrue(l.startsWith(inputs.get(0) + "\t"), "only main.o, listed before: " + l);
        }
    }

    @Test
    void applyWritesNothingWhenAnInputIsTruncatedWhileReading() throws IOException {
        when("libperry_runtime.a", http, truncateTo(0));
        assertEquals("", failsWith(line("now 0"), args("apply", "--out-dir", in.resolve("out"))).out());
    }
}
