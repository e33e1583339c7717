package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.testing.Asm;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 9's proof on the perry workspace built entirely in its LTO profile: the wrapper's runtime
 * member is LLVM 22 bitcode that llvm-nm 14 cannot list; linkdedup reads it, plans the drop, and
 * predicts what rust-lld (a linker that reads that bitcode) does.
 */
@Toolchain
class LtoPerryTest {
    static final String DROPPED = "[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)";

    @TempDir
    Path dir;

    static List<Path> wrappersFirst(Path p) {
        return List.of(p.resolve("main.o"), p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"));
    }

    @Test
    void membersLlvmNm14CannotListAreReadAndAgreeWithTheArchiveIndex() throws Exception {
        Path wrapper = Fixtures.perry("lto").resolve("libperry_ext_http.a");
        NmOracle nm = NmOracle.run("llvm-nm", wrapper);
        assertFalse(nm.failed.isEmpty(), "llvm-nm 14 fails on some members");
        Archive a = ArchiveReader.open(wrapper);
        List<List<String>> index = a.index().namesByMember(a.members().size());
        List<InputMember> members = new InputLoader().load(List.of(wrapper)).get(0).members();
        int bitcode = 0;
        for (InputMember m : members) {
            if (!nm.failed.contains(m.name())) {
                continue;
            }
            Set<String> defined = new TreeSet<>();
            Set<String> undefined = new TreeSet<>();
            for (Symbol s : m.symbols()) {
                if (s.isUndefined()) {
                    undefined.add(s.name());
                } else if (s.isExternal()) {
                    defined.add(s.name());
                }
            }
            assertEquals(new TreeSet<>(index.get(m.id().position())), defined, m.name() + ": defined names = the index's");
            assertTrue(nm.byMember.getOrDefault(m.name(), new NmOracle.Names()).defined().isEmpty(), "llvm-nm lists nothing for " + m.name());
            if (m.source() == SymbolSource.BITCODE) {
                bitcode++;
                assertTrue(m.name().startsWith("perry_runtime-"), m.name());
                assertFalse(undefined.isEmpty(), "the bitcode member's references are known: " + m.name());
                System.out.println("llvm-nm 14 on " + m.name() + ": error, no names; linkdedup: " + defined.size()
                        + " defined (e.g. " + defined.iterator().next() + "), " + undefined.size() + " undefined (e.g. "
                        + undefined.iterator().next() + ")");
            }
        }
        assertEquals(1, bitcode, "exactly the runtime member is bitcode only");
    }

    @Test
    void planDropsTheBitcodeRuntimeCopyAndCheckPredictsRustLld() throws Exception {
        Path p = Fixtures.perry("lto");
        Path ldDir = p.resolve("bin");
        assertTrue(Files.isExecutable(ldDir.resolve("ld.lld")), "rust-lld linked as bin/ld.lld");
        Cli.Result plan = Cli.run(concat(List.of("plan", "--linker", "lld"), wrappersFirst(p)));
        assertEquals(0, plan.exit(), plan.err());
        assertEquals(DROPPED, plan.lines().get(0));

        Links.Result before = Links.link(Links.Linker.LLD, dir, dir.resolve("app0"), false, ldDir, wrappersFirst(p));
        assertEquals(before.diagnostics(), predicted(wrappersFirst(p)), "check --linker lld before apply = rust-lld");

        for (boolean shared : new boolean[] {false, true}) {
            Path out = dir.resolve(shared ? "shared" : "runtime");
            Path order = dir.resolve(out.getFileName() + ".txt");
            List<Object> args = new ArrayList<>(List.of("apply", "--linker", "lld", "--out-dir", out, "--link-order-file", order));
            if (shared) {
                args.add("--shared-deps");
            }
            args.addAll(wrappersFirst(p));
            Cli.Result r = Cli.run(args.toArray());
            assertEquals(0, r.exit(), r.err());
            List<Path> trimmed = Files.readAllLines(order).stream().map(Path::of).toList();
            Links.Result after = Links.link(Links.Linker.LLD, dir, dir.resolve(shared ? "app2" : "app1"), false, ldDir, trimmed);
            assertEquals(after.diagnostics(), predicted(trimmed), "check --linker lld after apply" + (shared ? " --shared-deps" : "") + " = rust-lld");
            assertFalse(after.process().stderr().contains("undefined symbol"), "every symbol resolves: " + after.process().stderr());
            if (shared) {
                assertTrue(after.linked(), after.process().describe());
                Fixtures.ProcessResult run = Links.runProgram(dir.resolve("app2"));
                assertTrue(run.stdout().contains("PASS"), run.describe());
            }
        }
    }

    private static int predicted(List<Path> order) throws Exception {
        Cli.Result c = Cli.run(concat(List.of("check", "--linker", "lld", "--json"), order));
        Map<?, ?> doc = new com.fasterxml.jackson.databind.ObjectMapper().readValue(c.out(), Map.class);
        return ((Number) doc.get("duplicates")).intValue();
    }

    private static Object[] concat(List<Object> head, List<Path> tail) {
        List<Object> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray();
    }

    @Test
    void aSiblingWhoseReferencesAreUnknownKeepsTheCandidate() throws Exception {
        Asm asm = new Asm(dir);
        String rt = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
        asm.object(rt, "T js_wait_for_event");
        Files.copy(Fixtures.small("bitcode/llvm-as14.bc"), dir.resolve("legacy_sibling.o"));
        Path w = asm.archive("libperry_ext_http.a", "legacy_sibling.o", rt);
        asm.object("perry_stdlib-5d6e." + rt + ".rcgu.o", "T js_wait_for_event");
        Path s = asm.archive("libperry_stdlib.a", "perry_stdlib-5d6e." + rt + ".rcgu.o");
        Path main = asm.object("main.o", "T main", "U js_wait_for_event");
        Cli.Result r = Cli.run("plan", main, w, s);
        assertEquals(0, r.exit(), r.err());
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled " + rt + " — sibling legacy_sibling.o has unknown"
                + " references (index-only: its own symbol table is not read)", r.lines().get(0));
        Cli.Result sym = Cli.run("symbols", w);
        assertTrue(sym.out().contains("# " + w + "(legacy_sibling.o): LLVM bitcode, index-only"), sym.out());
    }
    /**
     * The LTO gap on bitcode: a wrapper member needs a runtime function that stdlib's LTO copy no
     * longer exports, so the wrapper keeps its bitcode runtime copy; its duplicates cannot be
     * rewritten (bitcode) and the runtime stays split. apply refuses (exit 5), names the copies and
     * the reasons, writes nothing; with --allow-split it writes what it can.
     */
    @Test
    void aKeptBitcodeRuntimeCopyIsRefusedWithItsReasons() throws Exception {
        Fixtures.requireTool("llvm-ar-19", "cc");
        Path p = Fixtures.perry("lto");
        Set<String> wrapperRt = runtimeDefinitions(p.resolve("libperry_ext_http.a"));
        wrapperRt.removeAll(runtimeDefinitions(p.resolve("libperry_stdlib.a")));
        String gap = wrapperRt.stream().filter(n -> n.startsWith("_ZN13perry_runtime")).findFirst().orElseThrow();
        Files.writeString(dir.resolve("gap.c"), "extern void " + gap + "(void);\nvoid perry_http_gap(void) { " + gap + "(); }\n");
        Fixtures.run(dir, "cc", "-c", "-o", "perry_ext_http_gap.o", "gap.c").assertOk();
        Path wrapper = dir.resolve("libperry_ext_http.a");
        Files.copy(p.resolve("libperry_ext_http.a"), wrapper);
        Fixtures.run(dir, "llvm-ar-19", "qs", wrapper.toString(), "perry_ext_http_gap.o").assertOk();
        List<Object> order = List.of(p.resolve("main.o"), wrapper, p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"));

        List<Object> args = new ArrayList<>(List.of("apply", "--linker", "lld", "--out-dir", dir.resolve("out")));
        args.addAll(order);
        Cli.Result r = Cli.run(args.toArray());
        assertEquals(5, r.exit(), r.out() + r.err());
        assertFalse(Files.exists(dir.resolve("out/libperry_ext_http.a")), "nothing written");
        List<String> lines = r.lines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[strip-dedup] libperry_ext_http.a: keeping bundled perry_runtime-")
                && l.endsWith("sibling-referenced symbol(s) not provided by stdlib (e.g. " + gap + ")")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[strip-dedup] conflict: ") && l.contains(wrapper + "(perry_runtime-")
                && l.endsWith(": LLVM bitcode (an LTO build): its symbols cannot be rewritten")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[strip-dedup]   perry_runtime cgu.0: " + wrapper + "(perry_runtime-")
                && l.contains(" stays live — ") && l.contains("rebuild the wrapper against the provider's build of perry_runtime")), r.out());
        assertTrue(r.err().contains("1 split runtime(s)") && r.err().contains("nothing written"), r.err());

        List<Object> allow = new ArrayList<>(List.of("apply", "--linker", "lld", "--allow-split", "--out-dir", dir.resolve("out2")));
        allow.addAll(order);
        Cli.Result a = Cli.run(allow.toArray());
        assertEquals(0, a.exit(), a.out() + a.err());
        assertTrue(Files.exists(dir.resolve("out2/libperry_ext_http.a")), a.out());
        assertTrue(a.out().contains("[strip-dedup] not safe: the verified link still holds 1 split runtime(s)"), a.out());
    }

    private static Set<String> runtimeDefinitions(Path archive) throws Exception {
        Set<String> out = new TreeSet<>();
        for (InputMember m : new InputLoader().load(List.of(archive)).get(0).members()) {
            if (m.name().contains("perry_runtime-")) {
                out.addAll(m.externalDefinitions());
            }
        }
        return out;
    }
}
