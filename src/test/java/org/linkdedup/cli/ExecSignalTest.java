package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 19: {@code exec} stopped by SIGTERM while its linker runs stops the linker and removes its
 * temporary directory of trimmed archives, and exits as a process killed by SIGTERM does (143).
 * The "linker" is a script that records its arguments and process id, then sleeps; linkdedup runs
 * in a JVM of its own so that the signal ends it.
 */
@Toolchain
class ExecSignalTest {
    @TempDir
    Path dir;

    @Test
    void sigtermStopsTheLinkerAndRemovesTheTrimmedArchives() throws Exception {
        Path linker = dir.resolve("fake-ld");
        Path pidFile = dir.resolve("pid");
        Path argsFile = dir.resolve("args");
        Files.writeString(linker, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + argsFile + ".tmp\nmv " + argsFile + ".tmp " + argsFile
                + "\necho $$ > " + pidFile + ".tmp\nmv " + pidFile + ".tmp " + pidFile + "\nexec sleep 120\n");
        Files.setPosixFilePermissions(linker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mini = Fixtures.small("perry-mini/elf");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "exec", "--", linker.toString(),
                mini.resolve("main.o").toString(), mini.resolve("libperry_ext_http.a").toString(),
                mini.resolve("libperry_stdlib.a").toString(), mini.resolve("libperry_runtime.a").toString(), "-o", dir.resolve("app").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("linkdedup.log").toFile());
        Process linkdedup = pb.start();
        try {
            // waiting for the linker to start is no timing assertion: it ends as soon as the file appears
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(pidFile) && linkdedup.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(pidFile), "the linker never started: " + Files.readString(dir.resolve("linkdedup.log")));
            long linkerPid = Long.parseLong(Files.readString(pidFile).strip());
            List<String> args = Files.readAllLines(argsFile);
            Path trimmed = args.stream().filter(a -> a.contains("linkdedup-exec-")).map(Path::of).findFirst()
                    .orElseThrow(() -> new AssertionError("no trimmed archive among " + args));
            assertTrue(Files.exists(trimmed), trimmed.toString());

            linkdedup.destroy();   // SIGTERM
            assertTrue(linkdedup.waitFor(60, TimeUnit.SECONDS), "linkdedup did not end");
            assertEquals(143, linkdedup.exitValue(), Files.readString(dir.resolve("linkdedup.log")));
            assertFalse(Files.exists(trimmed.getParent()), "the temporary directory " + trimmed.getParent() + " is left");
            Optional<ProcessHandle> child = ProcessHandle.of(linkerPid);
            if (child.isPresent()) {
                child.get().onExit().get(60, TimeUnit.SECONDS);
            }
            assertFalse(ProcessHandle.of(linkerPid).map(ProcessHandle::isAlive).orElse(false), "the linker still runs");
        } finally {
            linkdedup.destroyForcibly();
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
