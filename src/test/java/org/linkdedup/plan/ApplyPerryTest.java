package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/** Issue 3's proof on the perry-shaped cargo archives: plan, apply, and real links of the result. */
@Toolchain
class ApplyPerryTest {
    static final String DROPPED = "[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)";

    @TempDir
    Path dir;

    static List<Path> wrappersFirst(Path p) {
        return List.of(p.resolve("main.o"), p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"));
    }

    private List<String> apply(Path out, Object... extra) throws Exception {
        Path order = dir.resolve("order-" + out.getFileName() + ".txt");
        List<Object> args = new ArrayList<>(List.of("apply", "--out-dir", out, "--link-order-file", order));
        args.addAll(List.of(extra));
        args.addAll(wrappersFirst(Fixtures.perry("default")));
        Cli.Result r = Cli.run(args.toArray());
        assertEquals(0, r.exit(), r.err());
        return Files.readAllLines(order);
    }

    @Test
    void planDropsExactlyTheWrappersRuntimeMemberAndWritesNothing() throws Exception {
        Path p = Fixtures.perry("default");
        Map<Path, Long> before = stamps(p);
        Cli.Result r = Cli.run(Stream.concat(Stream.of("plan"), wrappersFirst(p).stream()).toArray());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertEquals(DROPPED, lines.get(0));
        assertTrue(lines.contains("[strip-dedup] verified with linker model gnu: duplicate diagnostics 225 → 0, split-runtime hazards 1 → 0"),
                r.out());
        assertTrue(lines.contains("[strip-dedup] libperry_ext_http.a: weakened 210 duplicate symbol(s) in 4 kept member(s)"
                + " (same crate build as the provider's copies, which win)"), r.out());
        assertEquals("[strip-dedup] dry run: 1 member(s) would be dropped from 1 archive(s), 210 symbol(s) rewritten in 4 member(s);"
                + " nothing written", lines.get(lines.size() - 1));
        assertEquals(1, lines.stream().filter(l -> l.contains(": dropped") || l.contains(": keeping")).count());
        // each archive's own rustc allocator shim (the wrapper's wins) is no stale copy
        assertTrue(lines.stream().noneMatch(l -> l.contains("stale copy")), r.out());
        assertEquals(before, stamps(p), "plan writes nothing");
    }

    @Test
    void appliedLinkOrderLinksWithGnuLdWithoutDiagnosticsAndPasses() throws Exception {
        Fixtures.requireTool("cc", "ld");
        List<String> order = apply(dir.resolve("out"));
        assertEquals(4, order.size());
        assertEquals(dir.resolve("out/libperry_ext_http.a").toString(), order.get(1));
        Links.Result link = Links.link(Links.Linker.GNU, dir, dir.resolve("app"), false, null, order);
        assertTrue(link.linked(), link.process().describe());
        assertEquals(0, link.diagnostics());
        assertEquals("", link.process().stderr().trim(), "no diagnostics at all");
        Fixtures.ProcessResult run = Links.runProgram(dir.resolve("app"));
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("PASS"), run.stdout());
        // Without linkdedup the same link fails: that is what apply fixed.
        Links.Result original = Links.link(Links.Linker.GNU, dir, dir.resolve("app0"), false, null,
                wrappersFirst(Fixtures.perry("default")));
        assertFalse(original.linked());
        assertEquals(225, original.diagnostics());
    }

    @Test
    void defaultApplyLinksWithGnuLdAndLldWithoutMuldefsAndCheckPredictsIt() throws Exception {
        Fixtures.requireTool("cc", "ld", "ld.lld");
        List<String> order = apply(dir.resolve("o1"));
        for (Links.Linker linker : List.of(Links.Linker.GNU, Links.Linker.LLD)) {
            Path app = dir.resolve("app-" + linker);
            Links.Result link = Links.link(linker, dir, app, false, null, order);
            assertTrue(link.linked(), link.process().describe());
            assertEquals(0, link.diagnostics(), link.process().describe());
            Fixtures.ProcessResult run = Links.runProgram(app);
            assertTrue(run.stdout().contains("PASS"), run.describe());
            Cli.Result check = Cli.run(Stream.concat(Stream.of("check", "--linker", linker == Links.Linker.GNU ? "gnu" : "lld",
                    "--fail-on-split", "--max-duplicates", "0"), order.stream()).toArray());
            assertEquals(0, check.exit(), check.out() + check.err());
        }
        // Dropping alone is not enough for lld: it binds stdlib's references to std to the first lazy
        // definition, the wrapper's std member, which then clashes with stdlib's std.
        Links.Result runtimeOnly = Links.link(Links.Linker.LLD, dir, dir.resolve("app0"), false, null,
                apply(dir.resolve("o0"), "--rewrite", "none"));
        assertFalse(runtimeOnly.linked());
        assertTrue(runtimeOnly.process().stderr().contains("duplicate symbol: std::"), runtimeOnly.process().stderr());
        assertFalse(runtimeOnly.process().stderr().contains("js_wait_for_event"), "no runtime symbol is duplicated any more");
        // With --shared-deps every member stdlib also bundles goes, and lld links cleanly without rewriting.
        Links.Result shared = Links.link(Links.Linker.LLD, dir, dir.resolve("app2"), false, null,
                apply(dir.resolve("o2"), "--shared-deps", "--rewrite", "none"));
        assertTrue(shared.linked(), shared.process().describe());
        assertEquals(0, shared.diagnostics());
        Fixtures.ProcessResult run = Links.runProgram(dir.resolve("app2"));
        assertTrue(run.stdout().contains("PASS"), run.describe());
    }

    @Test
    void rewrittenMembersChangeExactlyTheReportedBindingsAndNothingElse() throws Exception {
        Fixtures.requireTool("llvm-readobj-19", "llvm-nm-19");
        Path p = Fixtures.perry("default");
        Path out = dir.resolve("rw");
        Cli.Result r = Cli.run(Stream.concat(Stream.of("apply", "--json", "--out-dir", out.toString()), wrappersFirst(p).stream()).toArray());
        assertEquals(0, r.exit(), r.err());
        Map<?, ?> doc = new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.out(), Map.class);
        Map<String, java.util.Set<String>> weakened = new HashMap<>();
        for (Object o : (List<?>) doc.get("rewrites")) {
            Map<?, ?> rw = (Map<?, ?>) o;
            assertEquals("weaken", rw.get("action"));
            assertEquals("provider-copy-wins", rw.get("reason"));
            assertTrue(((String) rw.get("winner")).contains("libperry_stdlib.a("), rw.toString());
            weakened.computeIfAbsent((String) rw.get("member"), k -> new java.util.HashSet<>()).add((String) rw.get("symbol"));
        }
        assertEquals(4, weakened.size());
        assertEquals(210, weakened.values().stream().mapToInt(java.util.Set::size).sum());
        // `symbols` over input and output: the dropped member's lines vanish, the weakened symbols turn
        // WEAK, and every other line is the same.
        Path in = p.resolve("libperry_ext_http.a");
        Path trimmed = out.resolve("libperry_ext_http.a");
        List<String> before = Cli.run("symbols", "--all", "--format", "tsv", in).lines().stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).filter(l -> !l.startsWith("perry_runtime-")).toList();
        List<String> after = Cli.run("symbols", "--all", "--format", "tsv", trimmed).lines().stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).toList();
        assertEquals(before.size(), after.size());
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            String[] b = before.get(i).split("\t"), a = after.get(i).split("\t");
            boolean rewritten = b[1].equals("D") && weakened.getOrDefault(b[0], java.util.Set.of()).contains(b[3]);
            if (rewritten) {
                assertEquals(List.of(b[0], "D", "GLOBAL", b[3]), List.of(a[0], a[1], b[2], a[3]), before.get(i));
                assertEquals("WEAK", a[2], after.get(i));
                changed++;
            } else {
                assertEquals(before.get(i), after.get(i));
            }
        }
        assertEquals(210, changed);
        // LLVM's tools accept every member of the rewritten archive, and see the same weak bindings.
        Fixtures.run(dir, "llvm-readobj-19", "--symbols", "--relocations", trimmed.toString()).assertOk();
        long weakNm = Fixtures.run(dir, "llvm-nm-19", "-A", "--defined-only", trimmed.toString()).assertOk().stdout().lines()
                .filter(l -> l.matches(".*: [0-9a-f]+ [WV] .*")).count();
        long weakNmBefore = Fixtures.run(dir, "llvm-nm-19", "-A", "--defined-only", in.toString()).assertOk().stdout().lines()
                .filter(l -> !l.contains("(perry_runtime-")).filter(l -> l.matches(".*: [0-9a-f]+ [WV] .*")).count();
        assertEquals(weakNmBefore + 210, weakNm);
        // Deterministic and idempotent: applying again to the same inputs gives the same bytes.
        Path again = dir.resolve("rw2");
        assertEquals(0, Cli.run(Stream.concat(Stream.of("apply", "--out-dir", again.toString()), wrappersFirst(p).stream()).toArray()).exit());
        assertArrayEquals(Files.readAllBytes(trimmed), Files.readAllBytes(again.resolve("libperry_ext_http.a")));
    }

    @Test
    void sharedDepsDropsEveryBundledMemberStdlibProvidesAndKeepsWhatIsNeeded() throws Exception {
        Fixtures.requireTool("cc", "ld");
        Path p = Fixtures.perry("default");
        Cli.Result r = Cli.run(Stream.concat(Stream.of("plan", "--shared-deps", "--json"), wrappersFirst(p).stream()).toArray());
        assertEquals(0, r.exit(), r.err());
        Map<?, ?> doc = new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.out(), Map.class);
        long dropped = ((Number) ((Map<?, ?>) doc.get("summary")).get("droppedMembers")).longValue();
        // Every wrapper member stdlib bundles too (renamed std/runtime units, identical compiler-builtins
        // objects) goes; the wrapper keeps its own units.
        Archive wrapper = ArchiveReader.open(p.resolve("libperry_ext_http.a"));
        Archive stdlib = ArchiveReader.open(p.resolve("libperry_stdlib.a"));
        List<String> bundled = wrapper.members().stream().map(ArchiveMember::name)
                .filter(n -> stdlib.members().stream().anyMatch(s -> s.name().contains(n))).toList();
        assertEquals(wrapper.members().size() - 2, bundled.size());
        assertEquals(bundled.size(), dropped);
        List<?> decisions = (List<?>) ((Map<?, ?>) ((List<?>) doc.get("wrappers")).get(0)).get("candidates");
        assertTrue(decisions.stream().allMatch(d -> "drop".equals(((Map<?, ?>) d).get("decision"))));
        // Members that define no global symbol are said to be so, and they are exactly those.
        java.util.Set<String> definers = new java.util.HashSet<>();
        Cli.run("symbols", "--defined-only", "--format", "tsv", p.resolve("libperry_ext_http.a")).lines()
                .forEach(l -> definers.add(l.split("\t")[1]));
        List<String> empty = decisions.stream().map(d -> (Map<?, ?>) d).filter(d -> "defines no global symbol".equals(d.get("detail")))
                .map(d -> (String) d.get("member")).toList();
        assertFalse(empty.isEmpty());
        assertEquals(bundled.stream().filter(n -> !definers.contains(n)).toList(), empty);
        Cli.Result text = Cli.run(Stream.concat(Stream.of("plan", "--shared-deps"), wrappersFirst(p).stream()).toArray());
        assertTrue(text.lines().contains("[strip-dedup] libperry_ext_http.a: " + empty.size() + " of the dropped member(s) define no"
                + " global symbol (nothing else could bind to them)"), text.out());
        Links.Result link = Links.link(Links.Linker.GNU, dir, dir.resolve("app"), false, null, apply(dir.resolve("o"), "--shared-deps"));
        assertTrue(link.linked(), link.process().describe());
        assertTrue(Links.runProgram(dir.resolve("app")).stdout().contains("PASS"));
    }

    @Test
    void trimmedArchiveIsAcceptedByLlvmArAndLlvmNmAndKeepsEveryOtherMemberByteIdentical() throws Exception {
        Fixtures.requireTool("llvm-ar", "llvm-nm");
        Path src = Fixtures.perry("default").resolve("libperry_ext_http.a");
        Path out = dir.resolve("out/libperry_ext_http.a");
        apply(dir.resolve("out"), "--rewrite", "none");
        Fixtures.ProcessResult t = Fixtures.run(dir, "llvm-ar", "t", out.toString()).assertOk();
        Archive in = ArchiveReader.open(src);
        Archive trimmed = ArchiveReader.open(out);
        List<String> expected = in.members().stream().map(ArchiveMember::name)
                .filter(n -> !n.startsWith("perry_runtime-")).toList();
        assertEquals(expected, t.stdout().lines().toList());
        assertEquals(in.members().size() - 1, trimmed.members().size());
        Fixtures.run(dir, "llvm-nm", "--no-llvm-bc", "-A", out.toString()).assertOk();
        int k = 0;
        for (ArchiveMember m : in.members()) {
            if (m.name().startsWith("perry_runtime-")) {
                continue;
            }
            ArchiveMember w = trimmed.members().get(k++);
            assertEquals(m.size(), w.size(), m.name());
            assertArrayEquals(in.data(m).bytes(0, (int) m.size()), trimmed.data(w).bytes(0, (int) w.size()), m.name());
        }
        // The fresh index says for each kept member exactly what the original index said.
        Map<String, List<String>> want = new HashMap<>(), got = new HashMap<>();
        in.index().entries().forEach(e -> {
            String name = in.members().get(e.member()).name();
            if (!name.startsWith("perry_runtime-")) {
                want.computeIfAbsent(e.member() + ":" + name, x -> new ArrayList<>()).add(e.symbol());
            }
        });
        trimmed.index().entries().forEach(e -> {
            ArchiveMember m = trimmed.members().get(e.member());
            int original = e.member() + (e.member() >= dropIndex(in) ? 1 : 0);
            got.computeIfAbsent(original + ":" + m.name(), x -> new ArrayList<>()).add(e.symbol());
        });
        assertEquals(want, got);
    }

    private static int dropIndex(Archive a) {
        for (ArchiveMember m : a.members()) {
            if (m.name().startsWith("perry_runtime-")) {
                return m.position();
            }
        }
        throw new AssertionError("no runtime member");
    }

    @Test
    void applyIsDeterministicIdempotentAndNeverTouchesItsInputs() throws Exception {
        Path p = Fixtures.perry("default");
        Map<Path, String> hashes = hashes(p);
        apply(dir.resolve("a"));
        apply(dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/libperry_ext_http.a")), Files.readAllBytes(dir.resolve("b/libperry_ext_http.a")));
        Cli.Result again = Cli.run("apply", "--out-dir", dir.resolve("c"), p.resolve("main.o"), dir.resolve("a/libperry_ext_http.a"),
                p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("[strip-dedup] wrote 0 archive(s)"), again.out());
        assertFalse(Files.exists(dir.resolve("c/libperry_ext_http.a")), "unchanged archives are not copied");
        assertEquals(hashes, hashes(p), "inputs unchanged");
    }

    @Test
    void refusesToOverwriteAnInput() throws Exception {
        Path p = Fixtures.perry("default");
        Cli.Result r = Cli.run(Stream.concat(Stream.of("apply", "--out-dir", p), wrappersFirst(p).stream()).toArray());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("linkdedup: refusing to overwrite input"), r.err());
    }

    private static Map<Path, Long> stamps(Path dir) throws Exception {
        Map<Path, Long> out = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(f, Files.getLastModifiedTime(f).toMillis() ^ Files.size(f));
            }
        }
        return out;
    }

    static Map<Path, String> hashes(Path dir) throws Exception {
        Map<Path, String> out = new HashMap<>();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(x -> x.toString().endsWith(".a") || x.toString().endsWith(".o")).toList()) {
                out.put(f, java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
