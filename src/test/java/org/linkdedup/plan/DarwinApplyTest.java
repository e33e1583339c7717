package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveFlavor;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * Trimmed Darwin archives of Mach-O members are accepted by ld64.lld, and {@code check --linker
 * lld-macho} predicts its duplicate count before and after (perry-mini, x86_64 and arm64). Issue 16's
 * Mach-O proof: dropping the wrapper's runtime copy leaves the std unit it bundles from the same build
 * as the provider's, which ld64.lld still reports; the default apply weakens those copies
 * (N_WEAK_DEF), ld64.lld then links with no diagnostics and binds them to the provider's copy, and the
 * rewritten archive differs from the input in exactly those bindings.
 */
@Toolchain
class DarwinApplyTest {
    static final String WRAPPER = "libperry_ext_http.a";
    static final String STDLIB = "libperry_stdlib.a";
    static final String RUNTIME_MEMBER = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    static final String OWN_MEMBER = "perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o";
    /** The std unit the wrapper bundles, and the provider's ThinLTO-packaged copy of the same build. */
    static final String STD_MEMBER = "std-5b1d2e3f.std.e282a1b0-cgu.0.rcgu.o";
    static final String PROVIDER_STD_MEMBER = "perry_stdlib-5d6e." + STD_MEMBER + ".rcgu.o";
    /** The two globals both std copies define (one code, one data). */
    static final Set<String> STD_GLOBALS = Set.of("__ZN3std2rt19lang_start_internal17h2222222222222222E",
            "__ZN3std9panicking11panic_count18GLOBAL_PANIC_COUNT17h1111111111111111E");
    /** ld64.lld's diagnostics for the untreated wrappers-first link: 6 runtime names, 2 std names. */
    static final int UNTREATED = 8;
    /** Mach-O's N_WEAK_DEF, a bit of n_desc (little-endian: its low byte). */
    static final int N_WEAK_DEF = 0x0080;

    @TempDir
    Path dir;

    private static List<Path> order(Path d) {
        return List.of(d.resolve("main.o"), d.resolve(WRAPPER), d.resolve(STDLIB), d.resolve("libperry_runtime.a"));
    }

    private Fixtures.ProcessResult ld64(String arch, List<?> inputs, String... extra) {
        Path ld = Fixtures.tool("ld64.lld");
        List<String> cmd = new ArrayList<>(List.of(ld.toString(), "-arch", arch, "-platform_version", "macos", "11.0", "11.0",
                "--error-limit=0", "-o", dir.resolve("app-" + arch).toString()));
        cmd.addAll(List.of(extra));
        inputs.forEach(i -> cmd.add(i.toString()));
        return Fixtures.run(dir, cmd.toArray(String[]::new));
    }

    private static int predicted(List<?> inputs) throws Exception {
        List<Object> args = new ArrayList<>(List.of("check", "--linker", "lld-macho", "--json"));
        args.addAll(inputs);
        Cli.Result r = Cli.run(args.toArray());
        assertEquals(0, r.exit(), r.err());
        return ((Number) new ObjectMapper().readValue(r.out(), Map.class).get("duplicates")).intValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void trimmedDarwinArchiveLinksWithLd64Lld(String arch) throws Exception {
        Path d = Fixtures.small("perry-mini/macho-" + arch);
        Fixtures.ProcessResult before = ld64(arch, order(d));
        assertEquals(Links.count(before.stderr() + before.stdout(), "duplicate symbol:"), predicted(order(d)), before.describe());
        for (boolean shared : new boolean[] {false, true}) {
            Path out = dir.resolve((shared ? "shared-" : "rt-") + arch);
            Path orderFile = dir.resolve(out.getFileName() + ".txt");
            List<Object> args = new ArrayList<>(List.of("apply", "--linker", "lld-macho", "--out-dir", out, "--link-order-file", orderFile));
            if (shared) {
                args.add("--shared-deps");
            }
            args.addAll(order(d));
            Cli.Result r = Cli.run(args.toArray());
            assertEquals(0, r.exit(), r.err());
            Path trimmed = out.resolve(WRAPPER);
            assertEquals(ArchiveFlavor.DARWIN, ArchiveReader.open(trimmed).flavor());
            for (ArchiveMember m : ArchiveReader.open(trimmed).members()) {
                assertEquals(0, m.dataOffset() % 8, m.name() + " data 8-byte aligned");
            }
            List<String> trimmedOrder = Files.readAllLines(orderFile);
            Fixtures.ProcessResult after = ld64(arch, trimmedOrder);
            String log = after.stderr() + after.stdout();
            assertFalse(log.contains("malformed") || log.contains("truncated") || log.contains("invalid"), log);
            assertEquals(Links.count(log, "duplicate symbol:"), predicted(trimmedOrder), log);
            assertFalse(log.contains("undefined symbol"), log);
            if (shared) {
                assertTrue(after.ok(), after.describe());
            }
        }
    }

    // ------------------------------------------------------------------ issue 16: rewriting on Mach-O

    /** Runs {@code apply --json} with {@code model} ("" for the default) and {@code --rewrite rewrite} (null for the default). */
    private JsonNode apply(Path d, String model, String rewrite, Path out, Path orderFile) throws Exception {
        List<Object> args = new ArrayList<>(List.of("apply", "--json", "--out-dir", out, "--link-order-file", orderFile));
        if (!model.isEmpty()) {
            args.addAll(List.of("--linker", model));
        }
        if (rewrite != null) {
            args.addAll(List.of("--rewrite", rewrite));
        }
        args.addAll(order(d));
        Cli.Result r = Cli.run(args.toArray());
        assertEquals(0, r.exit(), args + "\n" + r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> linkOrder = new ArrayList<>();
        doc.get("linkOrder").forEach(p -> linkOrder.add(p.asText()));
        assertEquals(Files.readAllLines(orderFile), linkOrder);
        assertEquals(List.of(d.resolve("main.o").toString(), out.resolve(WRAPPER).toString(), d.resolve(STDLIB).toString(),
                d.resolve("libperry_runtime.a").toString()), linkOrder);
        return doc;
    }

    /** The names ld64.lld reports as duplicate symbols. */
    private static Set<String> duplicateNames(String log) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("duplicate symbol: (\\S+)").matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The member named in an ld64.lld map's object-file line: {@code archive(member)} or (older lld) {@code member}, or an object's path. */
    private static String mapFile(String text) {
        Matcher m = Pattern.compile(".*\\((.+)\\)$").matcher(text);
        return m.matches() ? m.group(1) : text;
    }

    /** An ld64.lld map: the files it loaded (in order) and, for each global in the output, its file. */
    private record LinkMap(List<String> files, Map<String, String> symbolFile) {
        static LinkMap read(Path map) throws Exception {
            Map<Integer, String> files = new TreeMap<>();
            Map<String, String> symbols = new HashMap<>();
            Pattern file = Pattern.compile("^\\[\\s*(\\d+)\\] (.+)$");
            Pattern symbol = Pattern.compile("^0x[0-9A-Fa-f]+\\s+(?:0x[0-9A-Fa-f]+\\s+)?\\[\\s*(\\d+)\\] (\\S+)$");
            for (String line : Files.readAllLines(map)) {
                Matcher f = file.matcher(line), s = symbol.matcher(line);
                if (f.matches()) {
                    files.put(Integer.parseInt(f.group(1)), mapFile(f.group(2)));
                } else if (s.matches()) {
                    symbols.put(s.group(2), files.get(Integer.parseInt(s.group(1))));
                }
            }
            files.remove(0); // "linker synthesized"
            return new LinkMap(List.copyOf(files.values()), symbols);
        }
    }

    /**
     * For both arches and for each Mach-O linker model apply can verify with (lld-macho; ld64, the
     * default model for Mach-O, named and unnamed): the untreated link reports {@link #UNTREATED}
     * duplicates, dropping alone ({@code --rewrite none}) leaves the two std names, and the default
     * apply weakens exactly those two in the wrapper's std copy, after which ld64.lld links with no
     * diagnostics at all, binds both names to the provider's copy and loads what check predicts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void rewritingResolvesTheDuplicatesDroppingLeavesAndLd64LldLinksWithoutDiagnostics(String arch) throws Exception {
        Path d = Fixtures.small("perry-mini/macho-" + arch);
        Fixtures.ProcessResult untreated = ld64(arch, order(d));
        String untreatedLog = untreated.stderr() + untreated.stdout();
        assertFalse(untreated.ok(), untreated.describe());
        assertEquals(UNTREATED, Links.count(untreatedLog, "duplicate symbol:"), untreated.describe());
        assertEquals(UNTREATED, predicted(order(d)));
        assertTrue(duplicateNames(untreatedLog).containsAll(STD_GLOBALS), untreatedLog);

        String wrapperIn = d.resolve(WRAPPER).toString();
        String winner = d.resolve(STDLIB) + "(" + PROVIDER_STD_MEMBER + ")";
        byte[] firstRewritten = null;
        for (String model : List.of("lld-macho", "ld64", "")) {
            String tag = arch + "-" + (model.isEmpty() ? "default" : model);
            String expectedModel = model.isEmpty() ? "ld64" : model;

            // Dropping the runtime copy alone: the std copies of the same build are both still loaded.
            Path noneOut = dir.resolve("none-" + tag), noneOrderFile = dir.resolve("none-" + tag + ".txt");
            JsonNode none = apply(d, model, "none", noneOut, noneOrderFile);
            assertEquals(expectedModel, none.get("verification").get("model").asText());
            assertTrue(none.get("safe").asBoolean(), none.toString());
            assertEquals(0, none.get("rewrites").size(), none.get("rewrites").toString());
            assertEquals(0, none.get("conflicts").size(), none.get("conflicts").toString());
            assertEquals(1, none.get("summary").get("droppedMembers").asInt());
            List<String> noneOrder = Files.readAllLines(noneOrderFile);
            Fixtures.ProcessResult dropOnly = ld64(arch, noneOrder);
            String dropLog = dropOnly.stderr() + dropOnly.stdout();
            assertFalse(dropOnly.ok(), dropOnly.describe());
            assertEquals(2, Links.count(dropLog, "duplicate symbol:"), dropOnly.describe());
            assertEquals(STD_GLOBALS, duplicateNames(dropLog), dropLog);
            assertEquals(2, predicted(noneOrder));
            JsonNode noneDups = none.get("verification").get("duplicates").get("lld-macho");
            assertEquals(UNTREATED, noneDups.get("before").asInt());
            assertEquals(2, noneDups.get("after").asInt());

            // The default apply: the wrapper's std copy is weakened in favour of the provider's.
            Path out = dir.resolve("weak-" + tag), orderFile = dir.resolve("weak-" + tag + ".txt");
            JsonNode doc = apply(d, model, null, out, orderFile);
            assertEquals(expectedModel, doc.get("verification").get("model").asText());
            assertEquals("weaken", doc.get("rewrite").asText());
            assertTrue(doc.get("safe").asBoolean(), doc.toString());
            assertEquals(0, doc.get("conflicts").size(), doc.get("conflicts").toString());
            Set<String> weakened = new TreeSet<>();
            for (JsonNode rw : doc.get("rewrites")) {
                assertEquals(wrapperIn, rw.get("archive").asText(), rw.toString());
                assertEquals(STD_MEMBER, rw.get("member").asText(), rw.toString());
                assertEquals("weaken", rw.get("action").asText(), rw.toString());
                assertEquals("provider-copy-wins", rw.get("reason").asText(), rw.toString());
                assertEquals(winner, rw.get("winner").asText(), rw.toString());
                weakened.add(rw.get("symbol").asText());
            }
            assertEquals(2, doc.get("rewrites").size(), doc.get("rewrites").toString());
            assertEquals(STD_GLOBALS, weakened, "the weakened names are exactly the ones dropping left duplicated");
            assertEquals(2, doc.get("summary").get("rewrittenSymbols").asInt());
            assertEquals(1, doc.get("summary").get("rewrittenMembers").asInt());
            for (String m : List.of("lld-macho", "ld64")) {
                JsonNode dups = doc.get("verification").get("duplicates").get(m);
                assertEquals(UNTREATED, dups.get("before").asInt(), m);
                assertEquals(0, dups.get("after").asInt(), m);
            }
            assertEquals(0, doc.get("verification").get("hazardsAfter").size(), doc.get("verification").toString());

            List<String> newOrder = Files.readAllLines(orderFile);
            Path map = dir.resolve("map-" + tag + ".txt");
            Fixtures.ProcessResult fixed = ld64(arch, newOrder, "-map", map.toString());
            assertTrue(fixed.ok(), fixed.describe());
            assertEquals("", (fixed.stderr() + fixed.stdout()).strip(), "no diagnostics at all, no duplicate warnings");
            assertEquals(0, predicted(newOrder));
            Cli.Result gate = Cli.run(Stream.concat(Stream.of("check", "--linker", "lld-macho",
                    "--fail-on-split", "--max-duplicates", "0"), newOrder.stream()).toArray());
            assertEquals(0, gate.exit(), gate.out() + gate.err());

            // The weak copy is still loaded (stdlib's runtime copy references the std data first) and
            // loses: both names are bound to the provider's copy. ld64.lld loads what check says.
            LinkMap linked = LinkMap.read(map);
            assertTrue(linked.files().contains(STD_MEMBER), linked.files().toString());
            for (String s : STD_GLOBALS) {
                assertEquals(PROVIDER_STD_MEMBER, linked.symbolFile().get(s), s + " in " + linked.symbolFile());
            }
            Cli.Result check = Cli.run(Stream.concat(Stream.of("check", "--linker", "lld-macho",
                    "--json"), newOrder.stream()).toArray());
            List<String> simulated = new ArrayList<>();
            new ObjectMapper().readTree(check.out()).get("loaded").forEach(l -> simulated.add(mapFile(l.get("member").asText())));
            assertEquals(new TreeSet<>(linked.files()), new TreeSet<>(simulated));
            assertEquals(linked.files().size(), simulated.size());

            // Every model writes the same bytes.
            byte[] bytes = Files.readAllBytes(out.resolve(WRAPPER));
            if (firstRewritten == null) {
                firstRewritten = bytes;
            } else {
                assertArrayEquals(firstRewritten, bytes, tag);
            }
        }
    }

    /**
     * The rewritten archive differs from the input in exactly the weakened bindings (and the dropped
     * member): our {@code symbols} and llvm-nm-19 -m agree line by line, and the rewritten member's
     * bytes differ only in one n_desc byte per weakened symbol, where N_WEAK_DEF was set.
     */
    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void rewrittenMachOMembersChangeExactlyTheWeakenedBindingsAndNothingElse(String arch) throws Exception {
        Path nm = Fixtures.tool("llvm-nm-19");
        Path d = Fixtures.small("perry-mini/macho-" + arch);
        Path out = dir.resolve("rw-" + arch);
        JsonNode doc = apply(d, "lld-macho", null, out, dir.resolve("rw-" + arch + ".txt"));
        Map<String, Set<String>> weakened = new HashMap<>();
        doc.get("rewrites").forEach(rw -> weakened.computeIfAbsent(rw.get("member").asText(), k -> new TreeSet<>())
                .add(rw.get("symbol").asText()));
        assertEquals(Map.of(STD_MEMBER, STD_GLOBALS), weakened);

        Path in = d.resolve(WRAPPER);
        Path trimmed = out.resolve(WRAPPER);
        // `symbols`: the dropped member's lines vanish, the weakened symbols turn WEAK, every other line is the same.
        List<String> before = Cli.run("symbols", "--all", "--format", "tsv", in).lines().stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).filter(l -> !l.startsWith(RUNTIME_MEMBER + "\t")).toList();
        List<String> after = Cli.run("symbols", "--all", "--format", "tsv", trimmed).lines().stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).toList();
        assertEquals(before.size(), after.size(), before + "\n" + after);
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            String[] b = before.get(i).split("\t"), a = after.get(i).split("\t");
            if (b[1].equals("D") && weakened.getOrDefault(b[0], Set.of()).contains(b[3])) {
                assertEquals("GLOBAL", b[2], before.get(i));
                assertEquals(List.of(b[0], "D", "WEAK", b[3]), List.of(a), after.get(i));
                changed++;
            } else {
                assertEquals(before.get(i), after.get(i));
            }
        }
        assertEquals(2, changed);

        // llvm-nm-19 -m prints N_WEAK_DEF as "weak external" (its plain output keeps T/D for Mach-O weak
        // definitions, so -m is the one that shows it): exactly the weakened names change, nothing else.
        List<String> nmBefore = nmM(nm, in).stream().filter(l -> !l.startsWith(RUNTIME_MEMBER + ":")).toList();
        List<String> nmAfter = nmM(nm, trimmed);
        assertEquals(0, nmBefore.stream().filter(l -> l.contains(" weak external ")).count(), nmBefore.toString());
        List<String> expected = new ArrayList<>();
        Pattern p = Pattern.compile("^([^:]+): ([0-9a-f]+ \\([^)]*\\)) external (\\S+)$");
        for (String l : nmBefore) {
            Matcher m = p.matcher(l);
            boolean rewritten = m.matches() && weakened.getOrDefault(m.group(1), Set.of()).contains(m.group(3));
            expected.add(rewritten ? m.group(1) + ": " + m.group(2) + " weak external " + m.group(3) : l);
        }
        assertEquals(expected, nmAfter);
        assertEquals(2, nmAfter.stream().filter(l -> l.contains(" weak external ")).count(), nmAfter.toString());

        // Bytes: the kept members keep their size; the untouched one is identical, the rewritten one
        // differs in one byte per weakened symbol, by N_WEAK_DEF.
        Archive ai = ArchiveReader.open(in), ao = ArchiveReader.open(trimmed);
        assertEquals(List.of(OWN_MEMBER, STD_MEMBER), ao.members().stream().map(ArchiveMember::name).toList());
        for (ArchiveMember w : ao.members()) {
            ArchiveMember o = ai.members().stream().filter(m -> m.name().equals(w.name())).findFirst().orElseThrow();
            assertEquals(o.size(), w.size(), w.name());
            byte[] x = ai.data(o).bytes(0, (int) o.size()), y = ao.data(w).bytes(0, (int) w.size());
            int diffs = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] != y[i]) {
                    assertEquals(N_WEAK_DEF, (x[i] ^ y[i]) & 0xff, w.name() + " byte " + i);
                    assertEquals(0, x[i] & N_WEAK_DEF, w.name() + " byte " + i);
                    diffs++;
                }
            }
            assertEquals(weakened.getOrDefault(w.name(), Set.of()).size(), diffs, w.name());
        }
    }

    /** {@code llvm-nm-19 -m -A}, each line without the leading {@code archive:}. */
    private List<String> nmM(Path nm, Path archive) {
        Fixtures.ProcessResult r = Fixtures.run(dir, nm.toString(), "-m", "-A", archive.toString()).assertOk();
        assertEquals("", r.stderr());
        String prefix = archive + ":";
        return r.stdout().lines().map(l -> {
            assertTrue(l.startsWith(prefix), l);
            return l.substring(prefix.length());
        }).toList();
    }
}
