package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Asm;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 17: link shapes real builds produce, each made by hand (llvm-mc + llvm-ar) as rustc lays
 * them out, with the decision or the report each must get: a crate's native objects travelling
 * with its Rust units (ring's {@code <hash>-p384.o}), and a stub or an older runtime copy in the
 * provider shadowing the standalone runtime (upstream perry #10458).
 */
@Toolchain
class DetectionShapesTest {
    static final String OWN = "perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o";
    static final String RING = "ring-0a1b2c3d4e5f6a7b.ring.1c2d3e4f-cgu.0.rcgu.o";
    static final String RING_OTHER = "ring-7b6a5f4e3d2c1b0a.ring.9e8d7c6b-cgu.0.rcgu.o";
    static final String P384 = "5e4d3c2b1a098f7e-p384.o";
    static final String STDLIB_OWN = "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o";
    static final String RT = "perry_runtime-1a2b3c4d5e6f7a8b.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    static final String RT_OLD = "perry_runtime-0f0e0d0c0b0a0908.perry_runtime.0f0e0d-cgu.0.rcgu.o";

    @TempDir
    Path dir;

    /**
     * A wrapper as rustc lays it out: its own unit, ring's Rust unit, then ring's native object
     * (only ring's unit references it).
     */
    private Path wrapper(Asm a) {
        a.object("w/" + OWN, "T perry_http_status", "U ring_digest");
        a.object("w/" + RING, "T ring_digest", "U ring_core_p384_mul");
        a.object("w/" + P384, "T ring_core_p384_mul");
        return a.archive("libperry_ext_http.a", "w/" + OWN, "w/" + RING, "w/" + P384);
    }

    /** A provider bundling ring's unit {@code ringMember} and, when {@code withNative}, its native object. */
    private Path stdlib(Asm a, String ringMember, boolean withNative) {
        String bundled = "perry_stdlib-5d6e." + ringMember + ".rcgu.o";
        a.object("s/" + STDLIB_OWN, "T perry_fetch_spawn", "U ring_digest");
        a.object("s/" + bundled, "T ring_digest", "U ring_core_p384_mul");
        a.object("s/" + P384, "T ring_core_p384_mul");
        return withNative ? a.archive("libperry_stdlib.a", "s/" + STDLIB_OWN, "s/" + bundled, "s/" + P384)
                : a.archive("libperry_stdlib.a", "s/" + STDLIB_OWN, "s/" + bundled);
    }

    private Path main(Asm a) {
        return a.object("main.o", "T main", "U perry_http_status", "U perry_fetch_spawn");
    }

    /**
     * Upstream keeps a crate's native half with its Rust half. The provider bundles ring from another
     * crate graph, so ring's Rust unit stays; its native object has a namesake in the provider, and
     * on that alone it used to be dropped, leaving the kept ring unit bound to the other build's C code.
     */
    @Test
    void aNativeObjectStaysWithItsCratesKeptRustUnit() {
        Asm a = new Asm(dir);
        Path w = wrapper(a);
        Path s = stdlib(a, RING_OTHER, true);
        Cli.Result r = Cli.run("plan", "--shared-deps", main(a), w, s);
        assertEquals(0, r.exit(), r.out() + r.err());
        // ring's unit is no candidate (the provider's copy is another build); its native object, with a namesake there, follows it
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled " + P384
                + " — native object of ring, kept with its Rust unit " + RING + " (one build)", r.lines().get(0), r.out());
        assertTrue(r.out().contains("dry run: 0 member(s) would be dropped"), r.out());

        Cli.Result json = Cli.run("plan", "--json", "--shared-deps", main(a), w, s);
        assertTrue(json.out().contains("\"rule\" : \"kept-with-crate\"") || json.out().contains("\"rule\":\"kept-with-crate\""), json.out());
    }

    /** The same build of ring in the provider: Rust unit and native object are dropped together. */
    @Test
    void aNativeObjectIsDroppedWithItsCratesUnits() {
        Asm a = new Asm(dir);
        Path w = wrapper(a);
        Path s = stdlib(a, RING, true);
        Cli.Result r = Cli.run("plan", "--shared-deps", main(a), w, s);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.lines().contains("[strip-dedup] libperry_ext_http.a: dropped 2 bundled member(s) also provided by stdlib"
                + " (shared transitive deps, fixed-point safe)"), r.out());
        assertTrue(r.out().contains("dry run: 2 member(s) would be dropped"), r.out());
    }

    /**
     * With {@code --crate ring} the native object is a candidate too (it used to stay behind, the
     * only copy the lazy linkers would load for the provider's ring unit). When the provider does not
     * have it, both halves stay.
     */
    @Test
    void underCrateTheNativeObjectFollowsItsCrateAndKeepsItWhenTheProviderLacksIt() throws java.io.IOException {
        Asm a = new Asm(dir);
        Path w = wrapper(a);
        Path with = stdlib(a, RING, true);
        Path copy = java.nio.file.Files.createDirectories(dir.resolve("with")).resolve("libperry_stdlib.a");
        java.nio.file.Files.move(with, copy);   // llvm-ar rcs adds to an existing archive: the next one starts afresh
        with = copy;
        Cli.Result r = Cli.run("plan", "--crate", "ring", main(a), w, with);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("[strip-dedup] libperry_ext_http.a: dropped 2 bundled ring member(s) (stdlib provides the single runtime copy)",
                r.lines().get(0), r.out());

        Path without = stdlib(a, RING, false);
        r = Cli.run("plan", "--crate", "ring", main(a), w, without);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.lines().contains("[strip-dedup] libperry_ext_http.a: keeping bundled " + P384
                + " — native object of ring that stdlib neither bundles nor fully defines (1 symbol(s), e.g. ring_core_p384_mul)"), r.out());
        assertTrue(r.lines().contains("[strip-dedup] libperry_ext_http.a: keeping bundled " + RING
                + " — kept with its crate's native object " + P384 + ", which stays (one build)"), r.out());
        assertTrue(r.out().contains("dry run: 0 member(s) would be dropped"), r.out());
    }

    /** Provider: its own unit, then a runtime copy whose {@code js_timer_start} is a 1-byte stub ({@code runtimeMember}). */
    private Path stdlibWithRuntime(Asm a, String runtimeMember, String... runtimeSpecs) {
        String bundled = "perry_stdlib-5d6e." + runtimeMember + ".rcgu.o";
        a.object("s/" + STDLIB_OWN, "T perry_fetch_spawn", "U js_timer_start");
        a.object("s/" + bundled, runtimeSpecs);
        return a.archive("libperry_stdlib.a", "s/" + STDLIB_OWN, "s/" + bundled);
    }

    private Path runtime(Asm a) {
        a.object("r/" + RT, "F js_timer_start 48", "F js_wait_for_event 32");
        return a.archive("libperry_runtime.a", "r/" + RT);
    }

    /**
     * Upstream #10458: the provider bundles an older build of the runtime unit whose js_timer_start
     * is a stub; it wins over the standalone runtime archive's real one, and no linker says a word.
     */
    @Test
    void anOlderRuntimeCopyInTheProviderThatShadowsTheStandaloneRuntimeIsReported() {
        Asm a = new Asm(dir);
        Path s = stdlibWithRuntime(a, RT_OLD, "F js_timer_start 1", "F js_wait_for_event 32");
        Path rt = runtime(a);
        Path main = a.object("main.o", "T main", "U perry_fetch_spawn", "U js_wait_for_event");
        Cli.Result r = Cli.run("check", main, s, rt);
        assertEquals(0, r.exit(), r.out() + r.err());
        String line = "  perry_runtime cgu.0: " + s + "(perry_stdlib-5d6e." + RT_OLD + ".rcgu.o) (another build of this"
                + " unit, 0f0e0d0c0b0a0908/0f0e0d) wins 2 symbol(s) that the later " + rt + "(" + RT + ") (build"
                + " 1a2b3c4d5e6f7a8b/1a2b3c) defines too, 1 with another size (a stub or another version), e.g. js_timer_start"
                + " (1 bytes here, 48 there), js_wait_for_event";
        assertTrue(r.lines().contains("stale copies: 1") && r.lines().contains(line), r.out());
        assertTrue(r.lines().contains("split-runtime hazards: 0"), "nothing is loaded twice: only the stale copy tells");

        Cli.Result gate = Cli.run("check", "--fail-on-stale", main, s, rt);
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        assertTrue(gate.err().contains("linkdedup: check failed: stale copy: perry_runtime cgu.0: "), gate.err());

        Cli.Result why = Cli.run("check", "--why", "js_timer_start", main, s, rt);
        assertTrue(why.lines().contains("  ! shadowed: the later " + rt + "(" + RT + ") (perry_runtime cgu.0, build"
                + " 1a2b3c4d5e6f7a8b/1a2b3c) defines it too and loses to another build of that unit (0f0e0d0c0b0a0908/0f0e0d)"), why.out());

        Cli.Result plan = Cli.run("plan", main, s, rt);
        assertTrue(plan.out().contains("[strip-dedup] stale copy (the plan cannot change it; rebuild the earlier archive with the"
                + " same runtime): perry_runtime cgu.0: " + s + "("), plan.out() + plan.err());
    }

    /** A stub that is no runtime copy at all (the provider's own unit defines it) shadows the runtime too. */
    @Test
    void aStubInTheProvidersOwnCodeIsReported() {
        Asm a = new Asm(dir);
        a.object("s/" + STDLIB_OWN, "T perry_fetch_spawn", "F js_timer_start 1");
        Path s = a.archive("libperry_stdlib.a", "s/" + STDLIB_OWN);
        Path rt = runtime(a);
        Path main = a.object("main.o", "T main", "U perry_fetch_spawn", "U js_timer_start", "U js_wait_for_event");
        Cli.Result r = Cli.run("check", main, s, rt);
        assertTrue(r.lines().contains("  perry_runtime cgu.0: " + s + "(" + STDLIB_OWN + ") (not a copy of this unit:"
                + " a stub?) wins 1 symbol(s) that the later " + rt + "(" + RT + ") (build 1a2b3c4d5e6f7a8b/1a2b3c)"
                + " defines too, 1 with another size (a stub or another version), e.g. js_timer_start (1 bytes here, 48 there)"), r.out());
    }

    static final String SHIM_ALLOC = "_RNvCsfLfy6EI15iL_7___rustc12___rust_alloc";
    static final String[] SHIM = {"F " + SHIM_ALLOC + " 2", "F _RNvCsfLfy6EI15iL_7___rustc14___rust_dealloc 2",
        "F _RNvCsfLfy6EI15iL_7___rustc35___rust_no_alloc_shim_is_unstable_v2 1", "F __rust_alloc_error_handler 3",
        "U _RNvCsfLfy6EI15iL_7___rustc11___rdl_alloc"};

    /**
     * Every staticlib carries rustc's allocator shim (an opaque unit defining {@code __rustc::__rust_alloc}
     * and friends); the wrapper's, first, wins over the runtime archive's. That is the same glue, not a
     * stale copy or a stub (it was reported as "a stub?" on the perry fixture), while a real stub next to
     * it still is.
     */
    @Test
    void rustcsAllocatorShimInEveryStaticlibIsNoStaleCopy() {
        Asm a = new Asm(dir);
        String wShim = "perry_ext_http-6194f89c5243c3bb.48ukhzwdflssr2f1gh5yqqzw9.rcgu.o";
        String rShim = "perry_runtime-1a2b3c4d5e6f7a8b.bthgptno4edi8tm5yyq7t681o.rcgu.o";
        a.object("w/" + OWN, "T perry_http_status", "U " + SHIM_ALLOC);
        a.object("w/" + wShim, SHIM);
        Path w = a.archive("libperry_ext_http.a", "w/" + OWN, "w/" + wShim);
        a.object("r/" + RT, "F js_timer_start 48", "F js_wait_for_event 32", "U " + SHIM_ALLOC);
        a.object("r/" + rShim, SHIM);
        Path rt = a.archive("libperry_runtime.a", "r/" + RT, "r/" + rShim);
        Path main = a.object("main.o", "T main", "U perry_http_status", "U js_wait_for_event");
        Cli.Result clean = Cli.run("check", "--fail-on-stale", main, w, rt);
        assertEquals(0, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.lines().contains("stale copies: 0"), clean.out());
        Cli.Result why = Cli.run("check", "--why", SHIM_ALLOC, main, w, rt);
        assertFalse(why.out().contains("! shadowed"), why.out());

        // the same link with a 1-byte js_timer_start in the wrapper's own unit: that one is reported
        a.object("w/" + OWN, "T perry_http_status", "U " + SHIM_ALLOC, "F js_timer_start 1");
        Path stubbed = a.archive("libstubbed_ext_http.a", "w/" + OWN, "w/" + wShim);
        Cli.Result r = Cli.run("check", "--fail-on-stale", main, stubbed, rt);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("wins 1 symbol(s) that the later"), r.out());
        assertTrue(r.out().contains("e.g. js_timer_start (1 bytes here, 48 there)"), r.out());
    }

    /** The same build of the runtime in provider and standalone archive is the same code: nothing to report. */
    @Test
    void theSameBuildOfTheRuntimeIsNoStaleCopy() {
        Asm a = new Asm(dir);
        Path s = stdlibWithRuntime(a, RT, "F js_timer_start 48", "F js_wait_for_event 32");
        Path rt = runtime(a);
        Path main = a.object("main.o", "T main", "U perry_fetch_spawn", "U js_wait_for_event");
        Cli.Result r = Cli.run("check", "--fail-on-stale", main, s, rt);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.lines().contains("stale copies: 0"), r.out());
    }

    static final String NOTIFY = "_ZN13perry_runtime10event_pump6notify17h052b970096bce5b2E";
    static final String WAIT_DRIVER = "_ZN13perry_runtime10event_pump11wait_driver17hcbb461a820746b38E";

    /**
     * A runtime object renamed by a build tool ({@code runtime.o}: its name names no codegen unit) is
     * known by the Rust names it defines: check sees it loaded beside the provider's copy (a split),
     * and plan drops it because the provider holds the same unit of the same build.
     */
    @Test
    void aRenamedRuntimeObjectIsKnownByItsMangledNames() {
        Asm a = new Asm(dir);
        a.object("w/" + OWN, "T perry_http_status", "U js_wait_for_event");
        a.object("w/runtime.o", "T js_wait_for_event", "T " + NOTIFY, "T " + WAIT_DRIVER);
        Path w = a.archive("libperry_ext_http.a", "w/" + OWN, "w/runtime.o");
        String bundled = "perry_stdlib-5d6e." + RT + ".rcgu.o";
        a.object("s/" + STDLIB_OWN, "T perry_fetch_spawn", "U rt_state.llvm.1", "U " + NOTIFY);
        a.object("s/" + bundled, "T js_wait_for_event", "T " + NOTIFY, "T " + WAIT_DRIVER, "H rt_state.llvm.1");
        Path s = a.archive("libperry_stdlib.a", "s/" + STDLIB_OWN, "s/" + bundled);
        Path main = a.object("main.o", "T main", "U perry_http_status", "U perry_fetch_spawn", "U js_wait_for_event");

        Cli.Result check = Cli.run("check", "--fail-on-split", main, w, s);
        assertEquals(1, check.exit(), check.out() + check.err());
        assertTrue(check.lines().contains("split-runtime hazards: 1")
                && check.lines().contains("  perry_runtime cgu.0 is loaded 2 times and each copy is in use:")
                && check.out().contains(w + "(runtime.o): 3 reference(s) bind here, e.g. js_wait_for_event from " + main), check.out());

        Cli.Result plan = Cli.run("plan", main, w, s);
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertEquals("[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single"
                + " runtime copy)", plan.lines().get(0), plan.out());
        assertTrue(plan.out().contains("split-runtime hazards 1 → 0"), plan.out());
    }

    private Path cc(String object, String source) throws java.io.IOException {
        Path c = dir.resolve("c").resolve(object + ".c");
        java.nio.file.Files.createDirectories(c.getParent());
        java.nio.file.Files.writeString(c, source);
        org.linkdedup.testing.Fixtures.run(c.getParent(), "cc", "-c", "-O2", "-fno-pic", "-o", object, c.toString()).assertOk();
        return c.getParent().resolve(object);
    }

    /**
     * The same shape linked for real (gcc objects named as rustc names them): with the provider's
     * older runtime copy the program runs the stub and check --fail-on-stale fails naming it; with the
     * provider bundling no runtime copy the real implementation runs and the gate passes.
     */
    @Test
    void theStubThatWinsIsTheOneThatRunsAndTheGateSaysSo() throws java.io.IOException {
        org.linkdedup.testing.Fixtures.requireTool("cc", "llvm-ar");
        Asm a = new Asm(dir);   // for its archives
        String old = "perry_stdlib-5d6e." + RT_OLD + ".rcgu.o";
        cc(old, "int js_timer_start(void) { return 0; }\nint js_wait_for_event(void) { return 7; }\n");
        cc(STDLIB_OWN, "int js_timer_start(void);\nint perry_fetch_spawn(void) { return js_timer_start(); }\n");
        cc(RT, "int js_timer_start(void) { return 42; }\nint js_wait_for_event(void) { return 7; }\n");
        cc("main.o", "#include <stdio.h>\nint perry_fetch_spawn(void);\nint js_wait_for_event(void);\n"
                + "int main(void) { int r = perry_fetch_spawn() + js_wait_for_event();\n"
                + "  puts(r == 49 ? \"PASS\" : \"FAIL: the stub ran\"); return r == 49 ? 0 : 1; }\n");
        Path c = dir.resolve("c");
        java.nio.file.Files.createDirectories(c.resolve("stale"));
        java.nio.file.Files.createDirectories(c.resolve("clean"));
        Path stale = a.archive("c/stale/libperry_stdlib.a", "c/" + STDLIB_OWN, "c/" + old);
        Path clean = a.archive("c/clean/libperry_stdlib.a", "c/" + STDLIB_OWN);
        Path rt = a.archive("c/libperry_runtime.a", "c/" + RT);
        Path main = c.resolve("main.o");

        org.linkdedup.testing.Fixtures.run(c, "cc", "-no-pie", "-o", "stale.out", main.toString(), stale.toString(), rt.toString()).assertOk();
        assertEquals("FAIL: the stub ran", org.linkdedup.testing.Fixtures.run(c, c.resolve("stale.out").toString()).stdout().strip());
        Cli.Result gate = Cli.run("check", "--fail-on-stale", main, stale, rt);
        assertEquals(1, gate.exit(), gate.out() + gate.err());
        assertTrue(gate.lines().contains("stale copies: 1") && gate.out().contains("wins 2 symbol(s)") && gate.out().contains("js_timer_start"),
                gate.out());

        org.linkdedup.testing.Fixtures.run(c, "cc", "-no-pie", "-o", "clean.out", main.toString(), clean.toString(), rt.toString()).assertOk();
        assertEquals("PASS", org.linkdedup.testing.Fixtures.run(c, c.resolve("clean.out").toString()).assertOk().stdout().strip());
        Cli.Result pass = Cli.run("check", "--fail-on-stale", main, clean, rt);
        assertEquals(0, pass.exit(), pass.out() + pass.err());
        assertTrue(pass.lines().contains("stale copies: 0"), pass.out());
    }
}
