package org.linkdedup.check;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.linkdedup.analysis.SplitHazards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.pipeline.Check;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 7's proof on the perry-shaped cargo archives: the predicted duplicate count and loaded
 * members equal what GNU ld and ld.lld do with the same link, and the split runtime is found in
 * the wrappers-first shape only.
 */
@Toolchain
class CheckPerryTest {
    @TempDir
    Path dir;

    static List<Path> wrappersFirst(Path p) {
        return List.of(p.resolve("main.o"), p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"));
    }

    static List<Path> stdlibFirst(Path p) {
        return List.of(p.resolve("main.o"), p.resolve("libperry_stdlib.a"), p.resolve("libperry_ext_http.a"), p.resolve("libperry_runtime.a"));
    }

    static CheckResult check(List<Path> order, LinkerModel model) throws IOException {
        List<LoadedInput> inputs = new InputLoader().load(order);
        return Check.of(inputs, LinkOptions.of(model), Set.of("perry_runtime"), Check.Gates.NONE).result();
    }

    @ParameterizedTest
    @EnumSource(value = Links.Linker.class)
    void predictionEqualsTheRealLinkerWrappersFirstAndStdlibFirst(Links.Linker linker) throws IOException {
        Fixtures.requireTool("cc", linker == Links.Linker.LLD ? "ld.lld" : "ld");
        Path p = Fixtures.perry("default");
        LinkerModel model = linker == Links.Linker.GNU ? LinkerModel.GNU : LinkerModel.LLD;
        for (List<Path> order : List.of(wrappersFirst(p), stdlibFirst(p))) {
            CheckResult c = check(order, model);
            Links.Result counted = Links.link(linker, dir, dir.resolve("app"), false, null, order);
            Links.Result traced = Links.link(linker, dir, dir.resolve("app"), true, null, order);
            assertEquals(counted.diagnostics(), c.link().diagnostics(), linker + " diagnostics for " + order);
            assertEquals(traced.loaded(), Links.loadedArchiveMembers(c.link()), linker + " loaded members for " + order);
        }
    }

    @Test
    void wrappersFirstCountsAreThoseOfTheFixtureNotes() throws IOException {
        Path p = Fixtures.perry("default");
        assertEquals(225, check(wrappersFirst(p), LinkerModel.GNU).link().diagnostics());
        assertEquals(0, check(stdlibFirst(p), LinkerModel.GNU).link().diagnostics());
    }

    @Test
    void splitRuntimeIsFoundWrappersFirstOnly() throws IOException {
        Path p = Fixtures.perry("default");
        for (LinkerModel model : List.of(LinkerModel.GNU, LinkerModel.LLD)) {
            CheckResult bad = check(wrappersFirst(p), model);
            assertEquals(1, bad.hazards().size(), model + ": " + bad.hazardKeys());
            SplitHazards.Hazard h = bad.hazards().get(0);
            assertEquals("perry_runtime cgu.0", h.unit());
            assertEquals(2, h.sides().size());
            LinkResult r = bad.link();
            assertEquals("libperry_ext_http.a", r.inputs().get(h.sides().get(0).copy().input()).fileName());
            assertEquals("libperry_stdlib.a", r.inputs().get(h.sides().get(1).copy().input()).fileName());
            assertTrue(h.sides().get(0).examples().stream().anyMatch(e -> e.symbol().equals("js_wait_for_event")
                    && r.member(e.referrer()).name() == null), "main.o's js_wait_for_event binds to the wrapper's copy");
            assertTrue(h.sides().get(1).examples().stream().anyMatch(e -> e.symbol().contains(".llvm.")),
                    "stdlib's code binds to its own copy through .llvm. names");
            assertEquals(List.of(), check(stdlibFirst(p), model).hazards(), model + " stdlib-first");
        }
    }

    @Test
    void foreignCrateGraphCopyIsAHazardToo() throws IOException {
        Path def = Fixtures.perry("default");
        Path foreign = Fixtures.perry("foreign");
        CheckResult c = check(List.of(def.resolve("main.o"), def.resolve("libperry_ext_http.a"),
                foreign.resolve("libperry_stdlib.a"), foreign.resolve("libperry_runtime.a")), LinkerModel.GNU);
        assertEquals(1, c.hazards().size(), c.hazardKeys().toString());
        var sides = c.hazards().get(0).sides();
        assertFalse(sides.get(0).unit().sameGraph(sides.get(1).unit()), "the two copies come from different crate graphs");
    }
}
