package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * A cargo-built Rust program that links perry's staticlibs ({@code testdata/cargo-app}): with rustc's
 * default linker (rust-lld through {@code cc -fuse-ld=lld}) the link fails on the duplicates between
 * the wrapper's and stdlib's bundled std; with {@code linkdedup exec} as cargo's linker, running the
 * same {@code cc -fuse-ld=lld} command, it links and the program runs with one runtime.
 */
@Toolchain
class CargoExecTest {
    private static final Duration CARGO_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aCargoBinaryLinksItsStaticlibsThroughExecWithRustLld() throws Exception {
        Fixtures.requireTool("cargo", "rustc", "cc");
        Path perry = Fixtures.perry("default");
        Path app = dir.resolve("app");
        FileUtils.copyDirectory(Fixtures.projectRoot().resolve("testdata/cargo-app").toFile(), app.toFile());
        String sysroot = Fixtures.run(dir, "rustc", "--print", "sysroot").assertOk().stdout().trim();
        String host = Fixtures.run(dir, "rustc", "--print", "host-tuple").assertOk().stdout().trim();
        Path gccLd = Path.of(sysroot, "lib", "rustlib", host, "bin", "gcc-ld");
        assertTrue(Files.isExecutable(gccLd.resolve("ld.lld")), gccLd + " has rustc's ld.lld (rust-lld)");

        // rustc's default link: cc -fuse-ld=lld with rust-lld: the bundled std copies clash.
        Fixtures.ProcessResult plain = cargo(app, perry, dir.resolve("target-plain"), null);
        assertNotEquals(0, plain.exitCode(), plain.describe());
        assertTrue(plain.stderr().contains("rust-lld: error: duplicate symbol"), plain.stderr());

        // The same command through linkdedup exec: the wrapper's runtime copy dropped, the rest weakened.
        Path report = dir.resolve("report.txt");
        Path linker = dir.resolve("linkdedup-gcc");
        Files.writeString(linker, "#!/bin/sh\nexec '" + javaBin() + "' -cp '" + System.getProperty("java.class.path")
                + "' org.linkdedup.cli.Main exec -- cc -fuse-ld=lld -B '" + gccLd + "' \"$@\" 2>>'" + report + "'\n");
        Files.setPosixFilePermissions(linker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = dir.resolve("target-exec");
        Fixtures.ProcessResult built = cargo(app, perry, target, linker);
        assertEquals(0, built.exitCode(), built.describe() + "\n" + (Files.exists(report) ? Files.readString(report) : ""));
        String text = Files.readString(report);
        assertTrue(text.contains("[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s)"), text);
        assertTrue(text.contains("[strip-dedup] verified with linker model lld: duplicate diagnostics 225 → 0, split-runtime hazards 1 → 0"),
                text);
        Fixtures.ProcessResult run = Fixtures.run(dir, target.resolve("release/app").toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("FETCH DONE 200") && run.stdout().contains("PASS"), run.describe());
    }

    private Fixtures.ProcessResult cargo(Path app, Path perry, Path target, Path linker) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "PERRY_DIR=" + perry, "CARGO_TARGET_DIR=" + target,
                "RUSTFLAGS=", "CARGO_BUILD_RUSTFLAGS="));
        if (linker != null) {
            cmd.add("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=" + linker);
        }
        cmd.addAll(List.of("cargo", "build", "--release", "--offline", "--quiet", "--manifest-path", app.resolve("Cargo.toml").toString()));
        return Fixtures.run(dir, CARGO_TIMEOUT, cmd.toArray(String[]::new));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
