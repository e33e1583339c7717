package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * More inputs than the process can map at once ({@code vm.max_map_count} is 65530 by default): one
 * small ELF object copied N times, given in a response file, listed by {@code symbols} and linked by
 * {@code check} (which holds every input until the link is simulated). Each copy lists like the
 * original; no crash log is written and the inputs keep their bytes.
 */
class ManyInputsTest {
    @TempDir
    Path dir;

    /** 70,000 inputs: past what the process can map (25 s on an idle 2-core machine, minutes on a busy one: {@code mvn test -Plarge}). */
    @Test
    @Tag("large")
    void seventyThousandInputs() throws IOException {
        manyInputs(70_000, true);
    }

    /**
     * Past the mapping budget, so that small files are read into the heap, with {@code check} only
     * (listing 5,000 inputs takes {@code symbols} seconds): in every {@code mvn test}.
     */
    @Test
    void pastTheMappingBudget() throws IOException {
        manyInputs(Mappings.BUDGET + 500, false);
    }

    private void manyInputs(int n, boolean list) throws IOException {
        Path original = Fixtures.small("perry-mini/elf/main.o");
        byte[] bytes = Files.readAllBytes(original);
        Path in = Files.createDirectory(dir.resolve("in"));
        List<Path> inputs = new ArrayList<>(n);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Path p = Files.write(in.resolve(String.format("m%05d.o", i)), bytes);
            inputs.add(p);
            order.append(p).append('\n');
        }
        Path rsp = Files.writeString(dir.resolve("list.rsp"), order, StandardCharsets.ISO_8859_1);

        if (list) {
            Cli.Result one = Cli.run("symbols", "--format", "tsv", original);
            assertEquals(0, one.exit(), one.err());
            List<String> each = one.lines();
            assertFalse(each.isEmpty());

            Cli.Result symbols = Cli.run("symbols", "--format", "tsv", "@" + rsp);
            assertEquals("", symbols.err());
            assertEquals(0, symbols.exit());
            List<String> lines = symbols.lines();
            assertEquals((long) n * each.size(), lines.size());
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < each.size(); k++) {
                    String want = inputs.get(i) + each.get(k).substring(original.toString().length());
                    if (!want.equals(lines.get(i * each.size() + k))) {
                        assertEquals(want, lines.get(i * each.size() + k), "line " + k + " of input " + i);
                    }
                }
            }
        }

        Cli.Result check = Cli.run("check", "@" + rsp);
        assertEquals("", check.err());
        assertEquals(0, check.exit());
        assertTrue(check.out().startsWith("duplicate symbols: " + (n - 1) + " (linker model gnu, " + n + " members loaded)\n"),
                check.out().lines().findFirst().orElse(""));

        for (Path p : inputs) {
            if (!Arrays.equals(bytes, Files.readAllBytes(p))) {
                fail(p + " changed");
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(in, rsp), s.sorted().toList(), "nothing else written");
        }
        ChangingInputCliTest.assertNoCrashLog(dir);
        ChangingInputCliTest.assertNoCrashLog(in);
        ChangingInputCliTest.assertNoCrashLog(Path.of("").toAbsolutePath());
    }
}
