package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Asm;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 10: what the per-archive rules cannot see, found by simulating the trimmed link. Small
 * hand-made archives (llvm-mc + llvm-ar) for each reverted-drop reason and the foreign-graph report.
 */
@Toolchain
class VerifierTest {
    static final String RT = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    static final String STDLIB_RT = "perry_stdlib-5d6e." + RT + ".rcgu.o";
    static final String STDLIB_OWN = "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o";

    @TempDir
    Path dir;

    private Asm asm() {
        return new Asm(dir);
    }

    /** A provider whose runtime copy lacks {@code js_gap} (inlined away by LTO). */
    private Path stdlib(Asm a) {
        a.object(STDLIB_RT, "T js_wait_for_event", "H rt_state.llvm.1");
        a.object(STDLIB_OWN, "T perry_fetch_spawn", "U rt_state.llvm.1");
        return a.archive("libperry_stdlib.a", STDLIB_RT, STDLIB_OWN);
    }

    private Path wrapper(Asm a, String name, String runtimeMember) {
        a.object(runtimeMember, "T js_wait_for_event", "T js_gap");
        a.object("perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o", "T perry_http_status");
        return a.archive(name, "perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o", runtimeMember);
    }

    @Test
    void aDropThatLeavesAProgramReferenceUnresolvedIsReverted() {
        Asm a = asm();
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U js_gap", "U perry_http_status", "U perry_fetch_spawn");
        Path w = wrapper(a, "libperry_ext_http.a", RT);
        Path s = stdlib(a);
        Cli.Result r = Cli.run("plan", main, w, s);
        // The kept copy still serves js_gap: a split runtime remains, and plan says so with its exit status.
        assertEquals(5, r.exit(), r.err());
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled " + RT
                + " — dropping it leaves js_gap unresolved for " + main, r.lines().get(0));
        assertTrue(r.out().contains("nothing written") && r.out().contains("dry run: 0 member(s)"), r.out());
        assertTrue(r.lines().contains("[strip-dedup]   perry_runtime cgu.0: " + w + "(" + RT + ") stays live — dropping it leaves js_gap"
                + " unresolved for " + main), r.out());
        assertTrue(r.err().contains("still holds 1 split runtime(s)") && r.err().contains("--allow-split"), r.err());
        assertEquals(0, Cli.run("plan", "--allow-split", main, w, s).exit());
        // Without the simulation, rule 1 and 2 alone would drop it.
        Cli.Result unsafe = Cli.run("plan", "--no-verify", main, w, s);
        assertTrue(unsafe.lines().get(0).contains("dropped 1 bundled perry-runtime member(s)"), unsafe.out());
    }

    @Test
    void theStandaloneRuntimeFillingAGapIsReportedAsNewlyLoadedWithTheSplitItCauses() {
        Asm a = asm();
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U js_gap", "U perry_http_status", "U perry_fetch_spawn");
        Path w = wrapper(a, "libperry_ext_http.a", RT);
        Path s = stdlib(a);
        a.object("standalone/" + RT, "T js_wait_for_event", "T js_gap");
        Path standalone = a.archive("libperry_runtime.a", "standalone/" + RT);
        Cli.Result r = Cli.run("plan", "--allow-split", main, w, s, standalone);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).contains("dropped 1 bundled perry-runtime member(s)"), r.out());
        assertTrue(lines.contains("[strip-dedup] the trimmed link newly loads " + standalone + "(" + RT + "): js_gap referenced by " + main),
                r.out());
        assertTrue(r.out().contains("split-runtime hazards 1 → 1"), r.out());
        assertTrue(r.out().contains("after: perry_runtime cgu.0 loaded 2 times: " + s + "(" + STDLIB_RT + ")"), r.out());
    }

    @Test
    void sharedDepsDropThatBreaksAnotherArchiveIsReverted() {
        Asm a = asm();
        String std = "std-5b1d.std.e282-cgu.0.rcgu.o";
        a.object("w1/" + std, "T std_panic_count", "T std_only_in_wrapper");
        a.object("w1own.o", "T w1_fn");
        Path w1 = a.archive("libperry_ext_one.a", "w1own.o", "w1/" + std);
        a.object("w2own.o", "T w2_fn", "U std_only_in_wrapper");
        Path w2 = a.archive("libperry_ext_two.a", "w2own.o");
        a.object("perry_stdlib-5d6e." + std + ".rcgu.o", "T std_panic_count");
        Path s = a.archive("libperry_stdlib.a", "perry_stdlib-5d6e." + std + ".rcgu.o");
        Path main = a.object("main.o", "T main", "U w1_fn", "U w2_fn", "U std_panic_count");
        Cli.Result r = Cli.run("plan", "--shared-deps", main, w1, w2, s);
        assertEquals(0, r.exit(), r.err());
        assertEquals("[strip-dedup] libperry_ext_one.a: keeping bundled " + std + " — dropping it leaves std_only_in_wrapper unresolved for "
                + w2 + "(w2own.o)", r.lines().get(0));
    }

    @Test
    void foreignCrateGraphCopyIsReportedWithTheProgramSymbolsBoundToIt() {
        Asm a = asm();
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U perry_http_status", "U perry_fetch_spawn");
        Path w = wrapper(a, "libperry_ext_http.a", "perry_runtime-7c7c.perry_runtime.7c7c-cgu.0.rcgu.o");
        Path s = stdlib(a);
        Cli.Result r = Cli.run("plan", main, w, s);
        assertEquals(5, r.exit(), r.err());
        // Copies from two crate graphs are never weakened: the clash is a conflict, with both copies named.
        assertTrue(r.lines().contains("[strip-dedup] conflict: js_wait_for_event defined by " + s + "(" + STDLIB_RT + ") and " + w
                + "(perry_runtime-7c7c.perry_runtime.7c7c-cgu.0.rcgu.o): copies from different builds of perry_runtime"
                + " (1a2b3c/1a2b3c and 7c7c/7c7c)"), r.out());
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled perry_runtime-7c7c.perry_runtime.7c7c-cgu.0.rcgu.o"
                + " — perry_runtime from another crate graph (stdlib bundles 1a2b3c); 1 program symbol(s) bind to this copy",
                r.lines().get(0));
        Cli.Result check = Cli.run("check", "--fail-on-split", main, w, s);
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("perry_runtime cgu.0 is loaded 2 times"), check.out());
    }

    /** A thin wrapper records its members with their paths; the runtime member is a candidate all the same. */
    @Test
    void aPathQualifiedRuntimeMemberOfAThinArchiveIsACandidate() throws Exception {
        Asm a = asm();
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U perry_http_status", "U perry_fetch_spawn");
        a.object("objs/" + RT, "T js_wait_for_event");
        a.object("objs/perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o", "T perry_http_status");
        java.nio.file.Files.createDirectories(dir.resolve("lib"));
        org.linkdedup.testing.Fixtures.run(dir, "llvm-ar", "rcs", "--thin", "lib/libperry_ext_http.a",
                "objs/perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o", "objs/" + RT).assertOk();
        Path w = dir.resolve("lib/libperry_ext_http.a");
        Path s = stdlib(a);
        Cli.Result listed = Cli.run("symbols", "--format", "tsv", w);
        assertTrue(listed.out().contains("\t../objs/" + RT + "\t"), "the thin archive names the member with its path: " + listed.out());
        Cli.Result r = Cli.run("plan", main, w, s);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)",
                r.lines().get(0));
        assertTrue(r.out().contains("split-runtime hazards 1 → 0"), r.out());
    }

    /**
     * Upstream perry #8930: with --shared-deps, a wrapper member is dropped only when the provider's
     * copy of the same unit defines what the siblings need, not when some unrelated provider member
     * happens to (the link would then pull that unit for it).
     */
    @Test
    void sharedDepsEvidenceComesFromTheProvidersCopyOfTheSameUnit() {
        Asm a = asm();
        String std = "std-5b1d.std.e282-cgu.0.rcgu.o";
        a.object("w/" + std, "T std_panic_count", "T std_helper");
        a.object("w/own.o", "T w_fn", "U std_helper");
        Path w = a.archive("libperry_ext_one.a", "w/own.o", "w/" + std);
        a.object("perry_stdlib-5d6e." + std + ".rcgu.o", "T std_panic_count");
        a.object(STDLIB_OWN, "T perry_fetch_spawn", "T std_helper");
        Path s = a.archive("libperry_stdlib.a", "perry_stdlib-5d6e." + std + ".rcgu.o", STDLIB_OWN);
        Path main = a.object("main.o", "T main", "U w_fn", "U std_panic_count");
        Cli.Result r = Cli.run("plan", "--shared-deps", main, w, s);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("[strip-dedup] libperry_ext_one.a: keeping bundled " + std + " — 1 sibling-referenced symbol(s) that stdlib's copy"
                + " of this unit does not define (e.g. std_helper, defined by stdlib's " + STDLIB_OWN + ")", r.lines().get(0));
        assertTrue(r.out().contains("dry run: 0 member(s) would be dropped"), r.out());
    }
}
