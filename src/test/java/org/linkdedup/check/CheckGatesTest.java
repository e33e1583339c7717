package org.linkdedup.check;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.pipeline.Check;
import org.linkdedup.testing.Fixtures;

/**
 * {@code check} as a library, without the command line: {@link Check} on the perry-mini fixtures
 * gives its gate failures as data, and a baseline survives its file.
 */
class CheckGatesTest {
    @TempDir
    Path dir;

    static List<LoadedInput> load(String... names) throws IOException {
        return new InputLoader().load(List.of(names).stream().map(n -> Fixtures.small("perry-mini/elf/" + n)).toList());
    }

    static List<LoadedInput> wrappersFirst() throws IOException {
        return load("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");
    }

    static Check check(List<LoadedInput> inputs, Check.Gates gates) throws IOException {
        return Check.of(inputs, LinkOptions.of(LinkerModel.GNU), Set.of("perry_runtime"), gates);
    }

    @Test
    void noGatesPassWhateverTheLink() throws IOException {
        Check c = check(wrappersFirst(), Check.Gates.NONE);
        assertTrue(c.passed());
        assertEquals(8, c.result().link().diagnostics());
        assertEquals(1, c.result().hazards().size());
        assertFalse(c.result().topPairs().isEmpty());
        assertTrue(c.result().topPairs().size() <= CheckResult.TOP_PAIRS);
    }

    @Test
    void gateFailuresAreDataInReportOrder() throws IOException {
        Check c = check(wrappersFirst(), new Check.Gates(7, true, null));
        assertFalse(c.passed());
        assertEquals(2, c.failures().size(), c.failures().toString());
        assertEquals(new GateFailure.TooManyDuplicates(8, 7), c.failures().get(0));
        assertEquals(new GateFailure.SplitRuntime(c.result().hazards().get(0)), c.failures().get(1));
        assertTrue(check(wrappersFirst(), new Check.Gates(8, false, null)).passed(), "the limit itself is allowed");
    }

    @Test
    void baselineRoundTripAndRegressions() throws IOException {
        Path file = dir.resolve("baseline.json");
        Check clean = check(load("main.o", "libperry_stdlib.a", "libperry_runtime.a"), Check.Gates.NONE);
        clean.writeBaseline(file, List.of());
        assertEquals(Baseline.of(clean.result()), BaselineFile.read(file));

        Check worse = check(wrappersFirst(), new Check.Gates(null, false, file));
        Baseline now = Baseline.of(worse.result());
        assertEquals(List.of(new Baseline.DuplicatesGrew(clean.result().link().diagnostics(), 8),
                new Baseline.NewHazard(Baseline.portable(worse.result().hazardKeys().get(0)))), BaselineFile.read(file).regressions(now));
        assertEquals(List.of(new GateFailure.Regressed(new Baseline.DuplicatesGrew(clean.result().link().diagnostics(), 8), file),
                new GateFailure.Regressed(new Baseline.NewHazard(now.hazards().get(0)), file)), worse.failures());
        assertEquals(List.of(), now.regressions(now), "a link is no worse than itself");
    }

    @Test
    void notABaselineSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"duplicates\": 3}");
        IOException e = assertThrows(IOException.class, () -> check(wrappersFirst(), new Check.Gates(null, false, file)));
        assertEquals(file + ": not a baseline written by `linkdedup check --write-baseline` (needs \"duplicates\" and \"hazards\")",
                e.getMessage());
    }

    /**
     * A baseline holds what identifies a hazard, not how the link was spelled: written for inputs
     * named relative to the working directory, it holds for the same link named by absolute paths,
     * and for the same archives moved to another directory.
     */
    @Test
    void baselinesDoNotDependOnHowPathsAreSpelled() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> absolute = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a").stream()
                .map(n -> Fixtures.small("perry-mini/elf/" + n).toAbsolutePath()).toList();
        List<LoadedInput> relative = new InputLoader().load(absolute.stream().map(cwd::relativize).toList());
        Check written = check(relative, Check.Gates.NONE);
        assertEquals(1, written.result().hazards().size());
        Path file = dir.resolve("baseline.json");
        written.writeBaseline(file, List.of());
        assertTrue(check(new InputLoader().load(absolute), new Check.Gates(null, false, file)).passed());

        Path moved = Files.createDirectories(dir.resolve("elsewhere"));
        List<Path> copies = new java.util.ArrayList<>();
        for (Path p : absolute) {
            copies.add(Files.copy(p, moved.resolve(p.getFileName())));
        }
        assertTrue(check(new InputLoader().load(copies), new Check.Gates(null, false, file)).passed());
        assertEquals("perry_runtime cgu.0 | libperry_ext_http.a(perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o)"
                + " | libperry_stdlib.a(perry_stdlib-5d6e.perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o.rcgu.o)",
                BaselineFile.read(file).hazards().get(0));
        assertEquals("u | x.a(crate-*.crate.*-cgu.0.rcgu.o)", Baseline.portable("u | /a/b/x.a(crate-0123456789abcdef.crate.fedcba9876543210-cgu.0.rcgu.o)"));
    }

    /** Counts of one linker model are not another's: a baseline written for gnu refuses an lld check. */
    @Test
    void aBaselineOfAnotherLinkerModelIsRefused() throws IOException {
        Path file = dir.resolve("gnu.json");
        check(wrappersFirst(), Check.Gates.NONE).writeBaseline(file, List.of());
        org.linkdedup.error.UsageException e = assertThrows(org.linkdedup.error.UsageException.class,
                () -> Check.of(wrappersFirst(), LinkOptions.of(LinkerModel.LLD), Set.of("perry_runtime"), new Check.Gates(null, false, file)));
        assertTrue(e.getMessage().contains("a baseline for linker model gnu, this check predicts lld; pass --linker gnu"), e.getMessage());
    }
}
