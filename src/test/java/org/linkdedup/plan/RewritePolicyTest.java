package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * The rewrite policy on small archives of real objects (C compiled by cc, archived by llvm-ar) named
 * the way rustc names codegen units: which duplicates are weakened and in favour of which copy, which
 * are conflicts, what --localize does, and real links (GNU ld and ld.lld) of the written archives.
 */
@Toolchain
class RewritePolicyTest {
    static final String UI_OWN = "perry_ext_ui-aa11.perry_ext_ui.aa11-cgu.0.rcgu.o";
    static final String STD = "std-5b1d.std.e282-cgu.0.rcgu.o";
    static final String STDLIB_RT = "perry_stdlib-5d6e.perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o.rcgu.o";
    static final String STDLIB_STD = "perry_stdlib-5d6e." + STD + ".rcgu.o";
    static final String STDLIB_OWN = "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o";
    static final String STD_BODY = "int std_helper(int x) { return x * 2; }\nint std_counter[4] = {1, 2, 3, 4};\n";

    @TempDir
    Path dir;

    private Path cc(String name, String source, String... flags) {
        Fixtures.requireTool("cc");
        try {
            Path src = dir.resolve(name + ".c");
            Files.createDirectories(src.getParent());
            Files.writeString(src, source);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> cmd = new ArrayList<>(List.of("cc", "-c", "-O1", "-fno-common", "-fno-inline"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", name, name + ".c"));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(name);
    }

    private Path ar(String file, String... members) {
        return arWith("llvm-ar", file, members);
    }

    private Path arWith(String tool, String file, String... members) {
        Fixtures.requireTool(tool);
        List<String> cmd = new ArrayList<>(List.of(tool, "rcs", file));
        cmd.addAll(List.of(members));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(file);
    }

    /**
     * The provider: its runtime copy really implements {@code js_feature}; its std copy (the same
     * build as the wrapper's) also exports {@code std_only_in_stdlib}, which its own code needs, so
     * both std copies end up loaded.
     */
    private Path stdlib() {
        cc("s/" + STDLIB_RT, "int js_feature(void) { return 42; }\n");
        cc("s/" + STDLIB_STD, STD_BODY + "int std_only_in_stdlib(void) { return 7; }\n");
        cc("s/" + STDLIB_OWN, "int std_helper(int); int std_only_in_stdlib(void); extern int std_counter[4];\n"
                + "int stdlib_fn(void) { return std_helper(1) + std_only_in_stdlib() + std_counter[0]; }\n");
        return ar("libperry_stdlib.a", "s/" + STDLIB_RT, "s/" + STDLIB_STD, "s/" + STDLIB_OWN);
    }

    /** A wrapper whose own code carries a no-op stub of {@code js_feature} (upstream perry #6314) and uses std. */
    private Path wrapper(String stdSource) {
        cc("w/" + UI_OWN, "int std_helper(int);\nint js_feature(void) { return 0; }\n"
                + "int ui_fn(void) { return js_feature() + std_helper(0) + 1; }\n");
        cc("w/" + STD, stdSource);
        return ar("libperry_ext_ui.a", "w/" + UI_OWN, "w/" + STD);
    }

    private Path main() {
        return cc("main.o", "#include <stdio.h>\nint ui_fn(void); int stdlib_fn(void); int js_feature(void);\n"
                + "int main(void) { int f = js_feature(), u = ui_fn(), s = stdlib_fn();\n"
                + "  printf(\"js_feature=%d ui_fn=%d stdlib_fn=%d\\n\", f, u, s);\n"
                + "  if (f == 42 && u == 1 && s == 10) { puts(\"PASS\"); return 0; } puts(\"FAIL\"); return 1; }\n");
    }

    private static JsonNode json(Cli.Result r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void aStubFromAnotherCrateIsAConflictUntilLocalizedThenTheRealImplementationRuns() throws Exception {
        Fixtures.requireTool("ld", "ld.lld");
        Path main = main(), w = wrapper(STD_BODY), s = stdlib();
        // The stub's member is loaded first and nothing else needs stdlib's runtime copy: the stub wins for
        // the whole program (untreated, -z muldefs hides the std duplicates), and after a default apply,
        // which resolves the std duplicates but has no evidence against the stub.
        Links.Result untreated = Links.link(Links.Linker.GNU, dir, dir.resolve("app0"), true, null, List.of(main, w, s));
        assertTrue(untreated.linked(), untreated.process().describe());
        assertTrue(Links.runProgram(dir.resolve("app0")).stdout().contains("js_feature=0"));
        Path out0 = dir.resolve("out0"), order0 = dir.resolve("order0.txt");
        Cli.Result plain = Cli.run("apply", "--out-dir", out0, "--link-order-file", order0, main, w, s);
        assertEquals(0, plain.exit(), plain.out() + plain.err());
        Links.Result stillStub = Links.link(Links.Linker.GNU, dir, dir.resolve("app1"), false, null, Files.readAllLines(order0));
        assertTrue(stillStub.linked(), stillStub.process().describe());
        assertTrue(Links.runProgram(dir.resolve("app1")).stdout().contains("js_feature=0"));

        // When both copies are loaded, a stub from another crate is never weakened silently: a conflict.
        Path mainBoth = cc("both.o", "int ui_fn(void); int stdlib_fn(void); int js_feature(void); int rt_only(void);\n"
                + "int main(void) { return js_feature() + ui_fn() + stdlib_fn() + rt_only(); }\n");
        cc("s2/" + STDLIB_RT, "int js_feature(void) { return 42; }\nint rt_only(void) { return 0; }\n");
        cc("s2/" + STDLIB_STD, STD_BODY + "int std_only_in_stdlib(void) { return 7; }\n");
        cc("s2/" + STDLIB_OWN, "int std_helper(int); int std_only_in_stdlib(void); extern int std_counter[4];\n"
                + "int stdlib_fn(void) { return std_helper(1) + std_only_in_stdlib() + std_counter[0]; }\n");
        Path s2 = ar("s2/libperry_stdlib.a", "s2/" + STDLIB_RT, "s2/" + STDLIB_STD, "s2/" + STDLIB_OWN);
        Path outR = dir.resolve("outR");
        Cli.Result refused = Cli.run("apply", "--out-dir", outR, mainBoth, w, s2);
        assertEquals(5, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.lines().contains("[strip-dedup] conflict: js_feature defined by " + s2 + "(" + STDLIB_RT + ") and " + w + "("
                + UI_OWN + "): copies from different crates (perry_runtime and perry_ext_ui)"), refused.out());
        assertTrue(refused.err().contains("nothing written"), refused.err());
        assertFalse(Files.exists(outR.resolve("libperry_ext_ui.a")), "nothing written");
        assertEquals(0, Cli.run("apply", "--out-dir", dir.resolve("outR2"), "--localize", "js_feature", mainBoth, w, s2).exit());
        // Names from a file; a name nothing defines is said on stderr, and the file is never an output.
        Path names = dir.resolve("outR3/names.txt");
        Files.createDirectories(names.getParent());
        Files.writeString(names, "# stubs\njs_feature\njs_no_such_stub\n");
        Cli.Result fromFile = Cli.run("apply", "--out-dir", dir.resolve("outR3"), "--localize=@" + names, mainBoth, w, s2);
        assertEquals(0, fromFile.exit(), fromFile.out() + fromFile.err());
        assertTrue(fromFile.out().contains("localized js_feature in " + UI_OWN + " (--localize)"), fromFile.out());
        assertTrue(fromFile.lines().contains("[strip-dedup] --localize js_no_such_stub: no kept member of a wrapper defines it; nothing localized"),
                fromFile.out());
        // A names file where an output would go is refused before anything is written (exit 2).
        Path clash = dir.resolve("outR4/libperry_ext_ui.a");
        Files.createDirectories(clash.getParent());
        Files.writeString(clash, "js_feature\n");
        Cli.Result guarded = Cli.run("apply", "--out-dir", clash.getParent(), "--localize=@" + clash, mainBoth, w, s2);
        assertEquals(2, guarded.exit(), guarded.out() + guarded.err());
        assertEquals("js_feature\n", Files.readString(clash));

        // --localize: the wrapper's own code keeps its stub, everyone else gets the real implementation.
        Path out = dir.resolve("out"), order = dir.resolve("order.txt");
        Cli.Result r = Cli.run("apply", "--json", "--localize", "js_feature", "--out-dir", out, "--link-order-file", order, main, w, s);
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode doc = json(r);
        assertTrue(doc.get("safe").asBoolean());
        assertEquals(0, doc.get("conflicts").size(), doc.get("conflicts").toString());
        List<String> rewrites = new ArrayList<>();
        doc.get("rewrites").forEach(x -> rewrites.add(x.get("member").asText() + " " + x.get("symbol").asText() + " "
                + x.get("action").asText() + " " + x.get("reason").asText()));
        assertEquals(List.of(UI_OWN + " js_feature localize requested", STD + " std_counter weaken provider-copy-wins",
                STD + " std_helper weaken provider-copy-wins"), rewrites);
        for (Links.Linker linker : List.of(Links.Linker.GNU, Links.Linker.LLD)) {
            Path app = dir.resolve("app-" + linker);
            Links.Result link = Links.link(linker, dir, app, false, null, Files.readAllLines(order));
            assertTrue(link.linked(), link.process().describe());
            assertEquals(0, link.diagnostics());
            Fixtures.ProcessResult run = Links.runProgram(app);
            assertTrue(run.stdout().contains("js_feature=42 ui_fn=1") && run.stdout().contains("PASS"), run.describe());
        }
        // The localized name left the rewritten member's index entries; the weakened ones stay.
        Cli.Result syms = Cli.run("symbols", "--format", "tsv", "--defined-only", out.resolve("libperry_ext_ui.a"));
        assertTrue(syms.lines().stream().noneMatch(l -> l.endsWith("\tjs_feature")), syms.out());
        assertTrue(syms.lines().contains(out.resolve("libperry_ext_ui.a") + "\t" + STD + "\tD\tWEAK\tstd_helper"), syms.out());
    }

    @Test
    void dataWhoseCopiesDifferInSizeIsNeverWeakened() throws Exception {
        Path main = main(), s = stdlib();
        Path w = wrapper("int std_helper(int x) { return x * 2; }\nint std_counter[8] = {1};\n");
        Cli.Result r = Cli.run("plan", "--json", "--localize", "js_feature", main, w, s);
        assertEquals(5, r.exit(), r.out() + r.err());
        JsonNode c = json(r).get("conflicts");
        assertEquals(1, c.size(), c.toString());
        assertEquals("std_counter", c.get(0).get("symbol").asText());
        assertEquals("data-differs", c.get(0).get("kind").asText());
        assertEquals("data symbol copies differ: 16 bytes in data section against 32 bytes in data section", c.get(0).get("reason").asText());
        // The function from the same build is still weakened.
        assertTrue(json(r).get("rewrites").toString().contains("\"symbol\":\"std_helper\""));
        assertEquals(0, Cli.run("plan", "--allow-split", "--localize", "js_feature", main, w, s).exit());
    }

    @Test
    void withoutAProviderCopyTheCopyTheLinkerPicksStaysStrong() throws Exception {
        // Two peer wrappers bundle the same std build; each copy exports something only it has, so
        // both are loaded; the provider has no std copy at all.
        cc("p1/" + STD, "int std_helper(int x) { return x * 2; }\nint only_in_one(void) { return 1; }\n");
        cc("p2/" + STD, "int std_helper(int x) { return x * 2; }\nint only_in_two(void) { return 2; }\n");
        Path w1 = ar("libperry_ext_one.a", "p1/" + STD);
        Path w2 = ar("libperry_ext_two.a", "p2/" + STD);
        cc("s/" + STDLIB_OWN, "int stdlib_fn(void) { return 3; }\n");
        Path s = ar("libperry_stdlib.a", "s/" + STDLIB_OWN);
        Path main = cc("peers.o", "int only_in_one(void); int only_in_two(void); int stdlib_fn(void);\n"
                + "int main(void) { return only_in_one() + only_in_two() + stdlib_fn() == 6 ? 0 : 1; }\n");
        for (String model : List.of("gnu", "lld")) {
            Cli.Result r = Cli.run("plan", "--json", "--linker", model, main, w1, w2, s);
            assertEquals(0, r.exit(), r.out() + r.err());
            JsonNode rw = json(r).get("rewrites");
            assertEquals(1, rw.size(), rw.toString());
            assertEquals(w2 + "", rw.get(0).get("archive").asText());
            assertEquals("std_helper", rw.get(0).get("symbol").asText());
            assertEquals("linker-pick-wins", rw.get(0).get("reason").asText());
            assertEquals(w1 + "(" + STD + ")", rw.get(0).get("winner").asText());
            assertEquals(0, json(r).get("verification").get("duplicates").get(model).get("after").asInt());
        }
        Fixtures.requireTool("ld.lld");
        Path out = dir.resolve("peers-out"), order = dir.resolve("peers.txt");
        assertEquals(0, Cli.run("apply", "--out-dir", out, "--link-order-file", order, main, w1, w2, s).exit());
        Links.Result link = Links.link(Links.Linker.LLD, dir, dir.resolve("peers"), false, null, Files.readAllLines(order));
        assertTrue(link.linked() && link.diagnostics() == 0, link.process().describe());
        assertEquals(0, Links.runProgram(dir.resolve("peers")).exitCode());
    }

    @Test
    void bitcodeAndPlainObjectCopiesAreConflictsWithTheirReason() throws Exception {
        Fixtures.requireTool("clang-19");
        Path s = stdlib();
        Path w = wrapper(STD_BODY);
        // The wrapper's std copy as LLVM bitcode (an LTO build): it cannot be rewritten.
        Path bcDir = dir.resolve("bc");
        Files.createDirectories(bcDir);
        Files.writeString(bcDir.resolve("std.c"), STD_BODY);
        Fixtures.run(bcDir, "clang-19", "-flto", "-c", "-O1", "-fno-common", "-o", STD, "std.c").assertOk();
        Path wbc = arWith("llvm-ar-19", "libperry_ext_bc.a", "w/" + UI_OWN, "bc/" + STD);
        Path main = main();
        Cli.Result r = Cli.run("plan", "--json", "--localize", "js_feature", main, wbc, s);
        assertEquals(5, r.exit(), r.out() + r.err());
        JsonNode c = json(r).get("conflicts");
        assertTrue(c.size() >= 1, c.toString());
        c.forEach(x -> {
            assertEquals("not-rewritable", x.get("kind").asText(), x.toString());
            assertTrue(x.get("reason").asText().startsWith("LLVM bitcode"), x.toString());
        });
        // A plain object file that defines a name the provider's copy also defines is not rewritten either.
        Path own = cc("own.o", "int std_helper(int x) { return x * 2; }\n");
        Cli.Result p = Cli.run("plan", "--json", "--localize", "js_feature", main, own, w, s);
        assertEquals(5, p.exit(), p.out() + p.err());
        assertTrue(Stream.of(json(p).get("conflicts")).anyMatch(x -> x.toString().contains("a plain object file")), p.out());
    }
}
