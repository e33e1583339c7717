package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Fixtures;

/**
 * {@code bin/linkdedup} finds its jar however it is reached: directly, or through symbolic links
 * (relative and absolute, chained), the usual way to put it on PATH. {@code JAVA} points the script
 * at a stand-in that prints the arguments it was given.
 */
class LauncherTest {
    @TempDir
    Path dir;

    /** The launcher installed under {@code dir/tools/linkdedup} with an empty jar beside it. */
    private Path install() throws Exception {
        Path install = dir.resolve("tools/linkdedup");
        Files.createDirectories(install.resolve("bin"));
        Files.createDirectories(install.resolve("target"));
        Path script = install.resolve("bin/linkdedup");
        Files.copy(Fixtures.projectRoot().resolve("bin/linkdedup"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(install.resolve("target/linkdedup.jar"), "");
        return script;
    }

    /** A stand-in for java that prints its arguments, one a line. */
    private Path fakeJava() throws Exception {
        Path java = dir.resolve("fake-java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void theLauncherFindsItsJarThroughSymbolicLinks() throws Exception {
        Path script = install();
        Path jar = script.getParent().getParent().resolve("target/linkdedup.jar");
        Path java = fakeJava();

        Path onPath = Files.createDirectories(dir.resolve("home/bin"));
        Path relative = Files.createSymbolicLink(onPath.resolve("linkdedup"), onPath.relativize(script));
        Path chained = Files.createSymbolicLink(dir.resolve("ld-alias"), relative.toAbsolutePath());
        String realJar = jar.toRealPath().toString();
        for (Path launcher : List.of(script, relative, chained)) {
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "check", "--version").redirectErrorStream(true);
            pb.environment().put("JAVA", java.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), launcher + ": " + out);
            List<String> args = out.lines().toList();
            int at = args.indexOf("-jar");
            assertTrue(at >= 0 && at + 3 < args.size(), launcher + ": " + out);
            assertEquals(realJar, Path.of(args.get(at + 1)).toRealPath().toString(), launcher + ": " + out);
            assertEquals(List.of("check", "--version"), args.subList(at + 2, args.size()), launcher + ": " + out);
        }
    }

    @Test
    void linkCommandsGetTheLinkHeapAndOtherCommandsTheSmallOne() throws Exception {
        Path script = install();
        Path java = fakeJava();
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String setting = Files.isReadable(thp) ? Files.readString(thp) : "";
        boolean hugePages = setting.contains("[always]") || setting.contains("[madvise]");
        for (String command : List.of("plan", "apply", "exec", "check", "symbols", "cache", "--version")) {
            ProcessBuilder pb = new ProcessBuilder(script.toString(), command).redirectErrorStream(true);
            pb.environment().put("JAVA", java.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), command + ": " + out);
            List<String> args = out.lines().toList();
            boolean link = List.of("plan", "apply", "exec", "check").contains(command);
            assertEquals(link, args.containsAll(List.of("-Xms64m", "-Xmn32m", "-XX:MaxTenuringThreshold=0")), command + ": " + out);
            assertEquals(!link, args.contains("-Xms8m"), command + ": " + out);
            assertEquals(link && hugePages, args.contains("-XX:+UseTransparentHugePages"), command + " (" + setting.trim() + "): " + out);
        }
    }
}
