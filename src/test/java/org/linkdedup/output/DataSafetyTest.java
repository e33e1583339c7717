package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * Issue 15, never lose data: each finding of the report as a reproducer, asserting the inputs are
 * byte-identical afterwards, the exit status, the exact one-line message and that no file is left.
 */
class DataSafetyTest {
    static final List<String> MINI = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");

    @TempDir
    Path dir;

    private List<Path> copyMini(String sub) throws Exception {
        List<Path> out = new ArrayList<>();
        for (String f : MINI) {
            Path p = dir.resolve(sub).resolve(f);
            Files.createDirectories(p.getParent());
            Files.copy(Fixtures.small("perry-mini/elf/" + f), p);
            out.add(p);
        }
        return out;
    }

    private static Object[] cmd(List<Path> inputs, Object... head) {
        List<Object> all = new ArrayList<>(List.of(head));
        all.addAll(inputs);
        return all.toArray();
    }

    private static List<String> listing(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> !p.equals(d)).map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aMissingThinMemberIsNamedOnceWithWhatIsWrong() throws Exception {
        Fixtures.requireTool("llvm-ar");
        Path work = dir.resolve("thin");
        Files.createDirectories(work);
        Files.copy(Fixtures.small("perry-mini/elf/main.o"), work.resolve("gone.o"));
        Fixtures.run(work, "llvm-ar", "rcsT", "libthin.a", "gone.o").assertOk();
        Files.delete(work.resolve("gone.o"));
        Cli.Result r = Cli.run("symbols", work.resolve("libthin.a"));
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().matches("linkdedup: \\S*libthin\\.a\\(gone\\.o\\) at byte \\d+: thin archive member file \\S*gone\\.o cannot be read: no such file\n"),
                r.err());
    }
}
