package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Toolchain;

/**
 * Outputs get the modes any new file gets under the caller's umask, as {@code ar} and the linker
 * give theirs: a trimmed archive, the link-order file and a baseline, written by a separate process
 * started with umask 022 and with 077 (the temporary file they are staged in is created 0600).
 */
@Toolchain
class FileModesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"022, rw-r--r--", "077, rw-------", "002, rw-rw-r--"})
    void outputsFollowTheUmask(String umask, String mode) throws Exception {
        Path out = dir.resolve("out");
        Path order = dir.resolve("order.txt");
        Path baseline = dir.resolve("baseline.json");
        List<String> apply = new ArrayList<>(List.of("apply", "--out-dir", out.toString(), "--link-order-file", order.toString()));
        List<String> check = new ArrayList<>(List.of("check", "--write-baseline", baseline.toString()));
        for (Object p : Cli.withPerryMini()) {
            apply.add(p.toString());
            check.add(p.toString());
        }
        run(umask, apply);
        run(umask, check);
        Path archive = out.resolve("libperry_ext_http.a");
        for (Path p : List.of(archive, order, baseline)) {
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p + " under umask " + umask);
        }
    }

    private static void run(String umask, List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("umask " + umask + " && exec '" + java + "' -cp \"$LINKDEDUP_CP\" "
                + Main.class.getName());
        for (String a : args) {
            cmd.append(" '").append(a).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd.toString()).redirectErrorStream(true);
        pb.environment().put("LINKDEDUP_CP", System.getProperty("java.class.path"));
        Process p = pb.start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", args) + ":\n" + text);
    }
}
