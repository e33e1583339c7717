package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.linkdedup.testing.Cli;

/**
 * Issue 19: {@code -v} says what each phase took and every decision with its rule; without it stderr
 * stays quiet. Run in a JVM of its own: the log goes to the process's stderr.
 */
class VerboseLoggingTest {
    private static Cli.Result run(Object... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String err = new String(p.getErrorStream().readAllBytes());
        return new Cli.Result(p.waitFor(), new String(out.get()), err);
    }

    private static Object[] plan(String... flags) {
        Object[] head = new Object[flags.length + 1];
        head[0] = "plan";
        System.arraycopy(flags, 0, head, 1, flags.length);
        return Cli.withPerryMini(head);
    }

    @Test
    void verboseLogsPhasesAndDecisionsAndQuietStaysQuiet() throws Exception {
        Cli.Result v = run(plan("-v"));
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.err().lines().anyMatch(l -> l.matches("linkdedup: INFO: load: \\d+ ms \\(4 inputs, 9 members\\)")), v.err());
        assertTrue(v.err().lines().anyMatch(l -> l.matches("linkdedup: INFO: verify and rewrite: \\d+ ms")), v.err());
        assertTrue(v.err().contains("linkdedup: INFO: libperry_ext_http.a: drop perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o"
                + " (provider-bundles)"), v.err());
        Cli.Result quiet = run(plan());
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err(), "without -v nothing is logged");
    }
}
