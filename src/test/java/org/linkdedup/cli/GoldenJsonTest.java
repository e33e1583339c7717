package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * The JSON documents, byte for byte, against files committed in {@code testdata/small/expected/json/}: the same
 * bytes run after run, and a change of layout (a key renamed, moved or gone, an order no longer
 * fixed) shows up as a diff to review, with {@code schemaVersion} raised when it breaks readers.
 * The inputs are the committed perry-mini fixture, named relative to the project (the test's working
 * directory), so that the documents hold no machine's paths. After a deliberate change, rewrite
 * them with {@code mvn test -Dtest=GoldenJsonTest -Dgolden.update=true} and review the diff.
 */
class GoldenJsonTest {
    private static final String MINI = "testdata/small/perry-mini/elf/";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plan.json         | plan --json --linker lld",
        "plan-shared-deps.json| plan --json --shared-deps",
        "check.json        | check --json --fail-on-split --max-duplicates 0",
        "symbols.json      | symbols --format json --all",
    })
    void documentsAreTheCommittedBytes(String golden, String command) throws Exception {
        String[] args = (command + " " + MINI + "main.o " + MINI + "libperry_ext_http.a " + MINI + "libperry_stdlib.a "
                + MINI + "libperry_runtime.a").split(" ");
        Path root = Fixtures.projectRoot();
        assertTrue(Files.isRegularFile(Path.of(MINI + "main.o")), "runs from the project directory: " + Path.of("").toAbsolutePath());
        Cli.Result first = Cli.run((Object[]) args);
        Cli.Result again = Cli.run((Object[]) args);
        assertTrue(first.exit() == 0 || first.exit() == 1, first.err());
        assertEquals(first.out(), again.out(), "the same bytes run after run");
        Path file = root.resolve("testdata/small/expected/json").resolve(golden);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, first.out(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), file + " is missing: run with -Dgolden.update=true and commit it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), first.out(), "differs from " + file);
    }
}
