package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the external tools the oracle tests compare against (clang, llvm-nm, rustc). A
 * missing tool fails the test when {@code CI} is "true" and skips it elsewhere.
 */
final class ExternalTools {
    private static final long TIMEOUT_SECONDS = 300;

    private ExternalTools() {
    }

    /** The output of one finished command. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** The executable {@code name} on PATH (or in ~/.cargo/bin); fails on CI, skips elsewhere, when absent. */
    static String require(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add(Path.of(System.getProperty("user.home"), ".cargo", "bin").toString());
        for (String dir : dirs) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("required tool " + name + " is not installed");
        }
        Assumptions.abort(name + " is not installed");
        throw new AssertionError("unreachable");
    }

    /** Runs {@code command} in {@code dir}; fails on a timeout. */
    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
    }

    /** Runs {@code command} and asserts it succeeded. */
    static Result check(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        assertEquals(0, r.exit(), () -> String.join(" ", command) + " failed:\n" + r.err());
        return r;
    }
}
