package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.archive.ArchiveFlavor;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;

/**
 * Trimmed Darwin archives of Mach-O members are accepted by ld64.lld, and {@code check --linker
 * lld-macho} predicts its duplicate count before and after (perry-mini, x86_64 and arm64).
 */
class DarwinApplyTest {
    @TempDir
    Path dir;

    private static List<Path> order(Path d) {
        return List.of(d.resolve("main.o"), d.resolve("libperry_ext_http.a"), d.resolve("libperry_stdlib.a"), d.resolve("libperry_runtime.a"));
    }

    private Fixtures.ProcessResult ld64(String arch, List<?> inputs) {
        Path ld = Fixtures.tool("ld64.lld");
        List<String> cmd = new ArrayList<>(List.of(ld.toString(), "-arch", arch, "-platform_version", "macos", "11.0", "11.0",
                "--error-limit=0", "-o", dir.resolve("app-" + arch).toString()));
        inputs.forEach(i -> cmd.add(i.toString()));
        return Fixtures.run(dir, cmd.toArray(String[]::new));
    }

    private static int predicted(List<?> inputs) throws Exception {
        List<Object> args = new ArrayList<>(List.of("check", "--linker", "lld-macho", "--json"));
        args.addAll(inputs);
        Cli.Result r = Cli.run(args.toArray());
        assertEquals(0, r.exit(), r.err());
        return ((Number) new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.out(), Map.class).get("duplicates")).intValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void trimmedDarwinArchiveLinksWithLd64Lld(String arch) throws Exception {
        Path d = Fixtures.small("perry-mini/macho-" + arch);
        Fixtures.ProcessResult before = ld64(arch, order(d));
        assertEquals(Links.count(before.stderr() + before.stdout(), "duplicate symbol:"), predicted(order(d)), before.describe());
        for (boolean shared : new boolean[] {false, true}) {
            Path out = dir.resolve((shared ? "shared-" : "rt-") + arch);
            Path orderFile = dir.resolve(out.getFileName() + ".txt");
            List<Object> args = new ArrayList<>(List.of("apply", "--linker", "lld-macho", "--out-dir", out, "--link-order-file", orderFile));
            if (shared) {
                args.add("--shared-deps");
            }
            args.addAll(order(d));
            Cli.Result r = Cli.run(args.toArray());
            assertEquals(0, r.exit(), r.err());
            Path trimmed = out.resolve("libperry_ext_http.a");
            assertEquals(ArchiveFlavor.DARWIN, ArchiveReader.open(trimmed).flavor());
            for (ArchiveMember m : ArchiveReader.open(trimmed).members()) {
                assertEquals(0, m.dataOffset() % 8, m.name() + " data 8-byte aligned");
            }
            List<String> trimmedOrder = Files.readAllLines(orderFile);
            Fixtures.ProcessResult after = ld64(arch, trimmedOrder);
            String log = after.stderr() + after.stdout();
            assertFalse(log.contains("malformed") || log.contains("truncated") || log.contains("invalid"), log);
            assertEquals(Links.count(log, "duplicate symbol:"), predicted(trimmedOrder), log);
            assertFalse(log.contains("undefined symbol"), log);
            if (shared) {
                assertTrue(after.ok(), after.describe());
            }
        }
    }
}
