package org.linkdedup.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Test fixtures and external tools (see testdata/README.md).
 *
 * <ul>
 *   <li>{@link #small} – committed fixtures under {@code testdata/small}.
 *   <li>{@link #perry} – the perry-shaped cargo archives, built by {@code testdata/perry/build.sh}
 *       into {@code target/fixtures/perry-<variant>/} once, and again only when the sources change.
 *   <li>{@link #perryLarge} – the same shape at real scale (tokio, hyper, serde_json, regex from
 *       Debian's packaged crates), built by {@code testdata/perry-large/build.sh} into
 *       {@code target/fixtures/perry-large-<variant>/}, cached the same way.
 *   <li>{@link #requireTool} / {@link #tool} – a missing tool skips the test, or fails it on CI
 *       ({@code CI=true}).
 *   <li>{@link #run} – runs a process with a timeout and captures its output.
 * </ul>
 */
public final class Fixtures {

    /** Timeout of {@link #run(Path, String...)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** The perry build compiles std-bundling staticlibs: a few seconds normally, give it room. */
    private static final Duration PERRY_BUILD_TIMEOUT = Duration.ofMinutes(20);

    private static final List<String> PERRY_VARIANTS = List.of("default", "foreign", "lto", "incremental");
    private static final List<String> PERRY_OUTPUTS =
            List.of("libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a", "main.o");

    private static final Map<String, Path> PERRY_BUILT = new HashMap<>();

    private static final List<String> PERRY_LARGE_VARIANTS = List.of("one-graph", "foreign");
    /** The six wrappers of the large fixtures, in the order the link shapes list them. */
    public static final List<String> PERRY_LARGE_WRAPPERS = List.of("libperry_ext_http.a", "libperry_ext_fs.a",
            "libperry_ext_json.a", "libperry_ext_regex.a", "libperry_ext_timers.a", "libperry_ext_events.a");
    private static final List<String> PERRY_LARGE_OUTPUTS = Stream.concat(PERRY_LARGE_WRAPPERS.stream(),
            Stream.of("libperry_stdlib.a", "libperry_runtime.a", "main.o", "BUILD-INFO")).toList();
    private static final Map<String, Path> PERRY_LARGE_BUILT = new HashMap<>();

    private Fixtures() {
    }

    /** Exit code and output of a finished process. */
    public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Fails the test unless the process exited with 0. */
        public ProcessResult assertOk() {
            if (exitCode != 0) {
                Assertions.fail(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + " exited with " + exitCode
                    + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
        }
    }

    // ------------------------------------------------------------------ paths

    /** The Maven project directory (surefire runs tests there). */
    public static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir;
    }

    /** A committed fixture, e.g. {@code small("ar/gnu.a")}; fails when it does not exist. */
    public static Path small(String relative) {
        Path p = projectRoot().resolve("testdata/small").resolve(relative);
        if (!Files.exists(p)) {
            Assertions.fail("missing fixture " + p + " (regenerate with testdata/small/make.sh)");
        }
        return p;
    }

    /**
     * A gzipped committed fixture, decompressed once into {@code target/fixtures/small/},
     * e.g. {@code smallGunzipped("elf/xindex-x86_64.o.gz")}.
     */
    public static synchronized Path smallGunzipped(String relativeGz) {
        Path gz = small(relativeGz);
        String name = relativeGz.endsWith(".gz") ? relativeGz.substring(0, relativeGz.length() - 3) : relativeGz;
        Path out = projectRoot().resolve("target/fixtures/small").resolve(name);
        try {
            if (!Files.exists(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(gz)) < 0) {
                Files.createDirectories(out.getParent());
                Path tmp = Files.createTempFile(out.getParent(), out.getFileName().toString(), ".tmp");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            Assertions.fail("cannot decompress " + gz, e);
        }
        return out;
    }

    /**
     * The perry-shaped archives of one variant ({@code default}, {@code foreign}, {@code lto}):
     * a directory holding libperry_ext_http.a, libperry_stdlib.a, libperry_runtime.a and main.o
     * (the lto variant also bin/ld.lld, a link to rust-lld). Built at most once per JVM, and reused
     * from an earlier run while the stamp (a hash of testdata/perry and of {@code rustc -vV})
     * matches. Needs cargo and cc.
     */
    public static synchronized Path perry(String variant) {
        if (!PERRY_VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unknown perry variant " + variant + "; one of " + PERRY_VARIANTS);
        }
        Path dir = PERRY_BUILT.get(variant);
        if (dir == null) {
            dir = buildPerry(variant);
            PERRY_BUILT.put(variant, dir);
        }
        return dir;
    }

    private static Path buildPerry(String variant) {
        requireTool("cargo", "rustc", "cc");
        Path root = projectRoot();
        Path out = root.resolve("target/fixtures/perry-" + variant);
        return buildCached(root.resolve("testdata/perry"), variant, out, PERRY_OUTPUTS,
                out.getParent().resolve("perry-" + variant + ".lock"),
                "bash", root.resolve("testdata/perry/build.sh").toString(), out.toString(), variant);
    }

    /**
     * The large perry-shaped archives of one variant ({@code one-graph}, {@code foreign}; see
     * testdata/README.md, "perry-large/"): a directory holding main.o, the six
     * {@link #PERRY_LARGE_WRAPPERS}, libperry_stdlib.a, libperry_runtime.a and BUILD-INFO. Built at
     * most once per JVM and reused while the stamp (testdata/perry-large and {@code rustc -vV})
     * matches. Both variants share one cargo target directory ({@code target/fixtures/perry-large-cargo}),
     * so they are built one at a time. Needs cargo, cc and Debian's crate sources in
     * /usr/share/cargo/registry; a fresh build takes a minute or two on two cores.
     */
    public static synchronized Path perryLarge(String variant) {
        if (!PERRY_LARGE_VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unknown perry-large variant " + variant + "; one of " + PERRY_LARGE_VARIANTS);
        }
        Path dir = PERRY_LARGE_BUILT.get(variant);
        if (dir == null) {
            requireTool("cargo", "rustc", "cc");
            if (!Files.isDirectory(Path.of("/usr/share/cargo/registry/tokio-1.24.2"))) {
                String message = "Debian's crate sources are not installed (apt-get install librust-tokio-dev "
                        + "librust-hyper-dev librust-serde-json-dev librust-regex-dev)";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail(message);
                }
                Assumptions.abort(message);
            }
            Path root = projectRoot();
            Path fixtures = root.resolve("target/fixtures");
            Path out = fixtures.resolve("perry-large-" + variant);
            dir = buildCached(root.resolve("testdata/perry-large"), variant, out, PERRY_LARGE_OUTPUTS,
                    fixtures.resolve("perry-large.lock"),
                    "env", "PERRY_LARGE_CARGO_TARGET_DIR=" + fixtures.resolve("perry-large-cargo"),
                    "bash", root.resolve("testdata/perry-large/build.sh").toString(), out.toString(), variant);
            PERRY_LARGE_BUILT.put(variant, dir);
        }
        return dir;
    }

    /**
     * Runs {@code command} to build {@code outputs} into {@code out}, unless the stamp there says
     * they were built from the same sources ({@code srcDir}, the variant, {@code rustc -vV}).
     * Surefire forks may build at the same time: one builds under {@code lock}, the rest wait.
     */
    private static Path buildCached(Path srcDir, String variant, Path out, List<String> outputs, Path lock,
            String... command) {
        Path stamp = out.resolve(".stamp");
        String hash = perrySourceHash(srcDir, variant);
        try {
            Files.createDirectories(out.getParent());
            try (FileChannel lockFile = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock held = lockFile.lock();
                try {
                    if (upToDate(out, stamp, hash, outputs)) {
                        return out;
                    }
                    Files.deleteIfExists(stamp);
                    ProcessResult r = run(projectRoot(), PERRY_BUILD_TIMEOUT, command);
                    if (!r.ok()) {
                        Assertions.fail("building the fixtures in " + out + " failed: " + r.describe());
                    }
                    Files.writeString(stamp, hash);
                } finally {
                    held.release();
                }
            }
        } catch (IOException e) {
            Assertions.fail("cannot build the fixtures in " + out, e);
        }
        return out;
    }

    private static boolean upToDate(Path out, Path stamp, String hash, List<String> outputs) throws IOException {
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(hash)) {
            return false;
        }
        return outputs.stream().allMatch(f -> Files.exists(out.resolve(f)));
    }

    private static String perrySourceHash(Path dir, String variant) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("variant=" + variant + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(run(dir, "rustc", "-vV").stdout().getBytes(StandardCharsets.UTF_8));
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile)
                        .filter(p -> !dir.relativize(p).startsWith("target"))
                        .sorted()
                        .toList();
            }
            for (Path f : files) {
                md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return Assertions.fail("cannot hash " + dir, e);
        }
    }

    // ------------------------------------------------------------------ tools

    /**
     * Skips the test when one of the commands is not installed; on CI ({@code CI=true}) fails
     * it instead, so a broken CI image cannot pass by skipping.
     */
    public static void requireTool(String... commands) {
        List<String> missing = new ArrayList<>();
        for (String c : commands) {
            if (findTool(c).isEmpty()) {
                missing.add(c);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "required tool(s) not found: " + String.join(", ", missing)
                + " (searched PATH, /usr/lib/llvm-14/bin, /usr/lib/llvm-19/bin and the rustup toolchains)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /**
     * An executable outside the tool directories (e.g. Debian's {@code /usr/lib/wine/wine64}):
     * returns it, or when it is missing skips the test, or fails it on CI, as {@link #requireTool}.
     */
    public static Path requireExecutable(String path, String installHint) {
        return requireFile(path, true, installHint);
    }

    /** A file a test needs (e.g. an import library of mingw-w64), handled as {@link #requireExecutable}. */
    public static Path requireFile(String path, String installHint) {
        return requireFile(path, false, installHint);
    }

    private static Path requireFile(String path, boolean executable, String installHint) {
        Path p = Path.of(path);
        if (Files.isRegularFile(p) && (!executable || Files.isExecutable(p))) {
            return p;
        }
        String message = "required " + (executable ? "program" : "file") + " not found: " + path + " (" + installHint + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        return Assumptions.abort(message);
    }

    /**
     * The path of a tool, e.g. {@code tool("ld64.lld")} or {@code tool("rust-lld")}; a missing tool
     * is handled as in {@link #requireTool}.
     */
    public static Path tool(String name) {
        requireTool(name);
        return findTool(name).orElseThrow();
    }

    /** Looks in PATH, then the LLVM 14 and 19 bin directories, then the rustup toolchains. */
    public static Optional<Path> findTool(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/lib/llvm-14/bin"));
        dirs.add(Path.of("/usr/lib/llvm-19/bin"));
        dirs.addAll(rustupToolDirs());
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code <toolchain>/bin} and {@code <toolchain>/lib/rustlib/<host>/bin}, stable first. */
    private static List<Path> rustupToolDirs() {
        String home = System.getenv("RUSTUP_HOME");
        Path toolchains = (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".rustup"))
                .resolve("toolchains");
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(toolchains)) {
            return dirs;
        }
        try (Stream<Path> tcs = Files.list(toolchains)) {
            List<Path> sorted = tcs.sorted((a, b) -> Boolean.compare(
                    !a.getFileName().toString().startsWith("stable"),
                    !b.getFileName().toString().startsWith("stable"))).toList();
            for (Path tc : sorted) {
                dirs.add(tc.resolve("bin"));
                Path rustlib = tc.resolve("lib/rustlib");
                if (Files.isDirectory(rustlib)) {
                    try (Stream<Path> hosts = Files.list(rustlib)) {
                        hosts.map(h -> h.resolve("bin")).filter(Files::isDirectory).sorted().forEach(dirs::add);
                    }
                }
            }
        } catch (IOException e) {
            // no usable rustup installation: nothing to add
        }
        return dirs;
    }

    // ------------------------------------------------------------------ processes

    /** Runs {@code cmd} in {@code dir} with {@link #DEFAULT_TIMEOUT}; see {@link #run(Path, Duration, String...)}. */
    public static ProcessResult run(Path dir, String... cmd) {
        return run(dir, DEFAULT_TIMEOUT, cmd);
    }

    /**
     * Runs a process and captures stdout and stderr (through files, so a chatty process cannot
     * block). The program is looked up like {@link #findTool}. Fails the test when the program
     * cannot be started or runs past the timeout; a non-zero exit is returned, not failed.
     */
    public static ProcessResult run(Path dir, Duration timeout, String... cmd) {
        List<String> command = new ArrayList<>(List.of(cmd));
        findTool(command.get(0)).ifPresent(p -> command.set(0, p.toString()));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("linkdedup-run", ".out");
            err = Files.createTempFile("linkdedup-run", ".err");
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                Assertions.fail(String.join(" ", command) + " timed out after " + timeout);
            }
            return new ProcessResult(List.copyOf(command), p.exitValue(),
                    new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Assertions.fail("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Assertions.fail("interrupted: " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }
}
