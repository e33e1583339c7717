package org.linkdedup.check;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * The perry fixture built incrementally (cargo's dev-profile default): every codegen unit has an
 * opaque name ({@code perry_runtime-H.<unit>.<hash>.rcgu.o}). The split runtime is still found, and
 * named, whenever the program really starves, and the default apply still fixes it.
 */
@Toolchain
class IncrementalPerryTest {
    @TempDir
    Path dir;

    @Test
    void opaqueUnitNamesAreSplitHazardsWhenTheProgramStarvesAndApplyFixesThem() throws Exception {
        Fixtures.requireTool("cc", "ld", "ld.lld");
        Path p = Fixtures.perry("incremental");
        List<Path> order = CheckPerryTest.wrappersFirst(p);
        // The fixture really has opaque unit names (else this test proves nothing new).
        Cli.Result syms = Cli.run("symbols", "--format", "tsv", p.resolve("libperry_ext_http.a"));
        assertTrue(syms.lines().stream().anyMatch(l -> l.split("\t")[1].matches("perry_runtime-[0-9a-f]{16}\\.[0-9a-z]{20,}\\.[0-9a-z]+\\.rcgu\\.o")),
                "no opaque perry_runtime member");

        // Untreated, linked anyway: the program starves, and check says so, naming the copies.
        Links.Result muldefs = Links.link(Links.Linker.GNU, dir, dir.resolve("app0"), true, null, order);
        assertTrue(muldefs.linked(), muldefs.process().describe());
        Fixtures.ProcessResult starved = Links.runProgram(dir.resolve("app0"));
        assertTrue(starved.stdout().contains("FAIL: fetch starved"), starved.describe());
        Cli.Result flagged = Cli.run(Stream.concat(Stream.of("check", "--fail-on-split"), order.stream()).toArray());
        assertEquals(1, flagged.exit(), flagged.out() + flagged.err());
        assertTrue(flagged.out().lines().anyMatch(l -> l.matches("\\s*perry_runtime [0-9a-z]{20,} is loaded 2 times and each copy is in use:")),
                flagged.out());
        assertTrue(flagged.out().contains("js_wait_for_event from " + p.resolve("main.o")), flagged.out());

        // The default apply drops the opaque runtime units the stdlib bundles and weakens the rest.
        Path orderFile = dir.resolve("order.txt");
        List<Object> args = new ArrayList<>(List.of("apply", "--out-dir", dir.resolve("out"), "--link-order-file", orderFile));
        args.addAll(order);
        Cli.Result a = Cli.run(args.toArray());
        assertEquals(0, a.exit(), a.out() + a.err());
        assertTrue(a.out().contains("split-runtime hazards 1 → 0"), a.out());
        List<String> trimmed = Files.readAllLines(orderFile);
        for (Links.Linker linker : Links.Linker.values()) {
            Links.Result link = Links.link(linker, dir, dir.resolve("app-" + linker), false, null, trimmed);
            assertTrue(link.linked(), link.process().describe());
            assertEquals(0, link.diagnostics(), linker.toString());
            Fixtures.ProcessResult run = Links.runProgram(dir.resolve("app-" + linker));
            assertTrue(run.stdout().contains("PASS"), run.describe());
            Cli.Result clean = Cli.run(Stream.concat(Stream.of("check", "--fail-on-split", "--linker",
                    linker == Links.Linker.GNU ? "gnu" : "lld"), trimmed.stream()).toArray());
            assertEquals(0, clean.exit(), clean.out());
        }
    }
}
