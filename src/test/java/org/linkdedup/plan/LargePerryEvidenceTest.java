package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;

/**
 * Issue 10's proof at real scale, on the large perry-shaped archives (testdata/perry-large: tokio,
 * hyper, serde_json, regex; six wrappers; a ThinLTO stdlib), variants {@code one-graph} and
 * {@code foreign}. For each build, link shape (wrappers-first, stdlib-first), treatment (nothing,
 * {@code apply}, {@code apply --shared-deps}) and linker (GNU ld, ld.lld): the real link's
 * duplicate diagnostics, its undefined symbols, and what the program prints when linked with
 * {@code -z muldefs}, against {@code check}'s prediction.
 *
 * <p>Each link is made once and kept for every test method ({@link #row}). Run with
 * {@code mvn test -Plarge}; {@code bench/evidence-table.sh} prints the same matrix as a table.
 */
@Tag("large")
class LargePerryEvidenceTest {
    enum Shape { WRAPPERS_FIRST, STDLIB_FIRST }

    /**
     * What is done before the link: nothing; {@code apply} dropping only ({@code --rewrite none}),
     * with {@code --shared-deps} too; the default {@code apply} (drop, then weaken same-build
     * duplicates). Unsafe results are written with {@code --allow-split} so that every cell links.
     */
    enum Treatment { NONE, APPLY, APPLY_SHARED_DEPS, APPLY_REWRITE }

    /** One link of the matrix: what the real linker did and what {@code check} predicted. */
    record Row(List<String> order, String applyReport, int realDuplicates, boolean linked, Set<String> realUndefined,
            boolean muldefsLinked, String programOutput, boolean passed, boolean timerSplit,
            int predictedDuplicates, Set<String> predictedUnresolved, int failOnSplitExit, String failOnSplitOutput,
            Set<String> realLoaded, Set<String> predictedLoaded) {
    }

    private static final String[] VARIANTS = {"one-graph", "foreign"};
    private static final Map<String, Row> ROWS = new HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GNU_UNDEFINED = Pattern.compile("undefined reference to `([^']+)'");
    private static final Pattern LLD_UNDEFINED = Pattern.compile("(?m)^ld\\.lld: error: undefined symbol: (\\S+)$");

    @TempDir
    static Path dir;

    static Stream<Arguments> builds() {
        return Stream.of(VARIANTS).flatMap(v -> Stream.of(Shape.values()).map(s -> Arguments.of(v, s)));
    }

    static List<Path> order(Path p, Shape shape) {
        List<Path> out = new ArrayList<>();
        out.add(p.resolve("main.o"));
        if (shape == Shape.STDLIB_FIRST) {
            out.add(p.resolve("libperry_stdlib.a"));
        }
        Fixtures.PERRY_LARGE_WRAPPERS.forEach(w -> out.add(p.resolve(w)));
        if (shape == Shape.WRAPPERS_FIRST) {
            out.add(p.resolve("libperry_stdlib.a"));
        }
        out.add(p.resolve("libperry_runtime.a"));
        return out;
    }

    static String model(Links.Linker linker) {
        return linker == Links.Linker.GNU ? "gnu" : "lld";
    }

    /** The link of one cell of the matrix, made on first use. */
    static synchronized Row row(String variant, Shape shape, Links.Linker linker, Treatment treatment) throws Exception {
        String key = variant + "-" + shape + "-" + linker + "-" + treatment;
        Row r = ROWS.get(key);
        if (r == null) {
            r = link(key, Fixtures.perryLarge(variant), shape, linker, treatment);
            ROWS.put(key, r);
        }
        return r;
    }

    private static Row link(String key, Path fixture, Shape shape, Links.Linker linker, Treatment treatment) throws Exception {
        Fixtures.requireTool("cc", linker == Links.Linker.LLD ? "ld.lld" : "ld");
        List<String> order = order(fixture, shape).stream().map(Path::toString).toList();
        String applyReport = "";
        if (treatment != Treatment.NONE) {
            Path orderFile = dir.resolve(key + ".order");
            List<Object> args = new ArrayList<>(List.of("apply", "--linker", model(linker), "--out-dir", dir.resolve(key),
                    "--link-order-file", orderFile));
            if (treatment == Treatment.APPLY_SHARED_DEPS) {
                args.add("--shared-deps");
            }
            if (treatment != Treatment.APPLY_REWRITE) {
                args.addAll(List.of("--rewrite", "none"));
            }
            args.add("--allow-split");
            args.addAll(order);
            Cli.Result a = Cli.run(args.toArray());
            assertEquals(0, a.exit(), key + ": " + a.err());
            applyReport = a.out();
            order = Files.readAllLines(orderFile);
        }
        Links.Result plain = Links.link(linker, dir, dir.resolve(key + ".exe"), false, null, order);
        Links.Result muldefs = Links.link(linker, dir, dir.resolve(key + ".muldefs.exe"), true, null, order);
        String output = "";
        boolean passed = false;
        boolean timerSplit = false;
        if (muldefs.linked()) {
            Fixtures.ProcessResult run = Links.runProgram(dir.resolve(key + ".muldefs.exe"));
            output = run.stdout() + run.stderr();
            passed = run.exitCode() == 0 && run.stdout().lines().anyMatch("PASS"::equals);
            timerSplit = run.stdout().lines().anyMatch("timer probe: split"::equals);
        }
        List<Object> check = new ArrayList<>(List.of("check", "--linker", model(linker), "--json"));
        check.addAll(order);
        Cli.Result c = Cli.run(check.toArray());
        assertTrue(c.exit() == 0, key + ": check --json exited " + c.exit() + ": " + c.err());
        JsonNode doc = JSON.readTree(c.out());
        Set<String> unresolved = new TreeSet<>();
        doc.get("unresolved").forEach(u -> unresolved.add(u.get("symbol").asText()));
        Set<String> loaded = new TreeSet<>();
        doc.get("loaded").forEach(l -> {
            String m = l.get("member").asText();
            int paren = m.indexOf('(');
            if (paren > 0) {   // an archive member: file name(member), as Links records them
                loaded.add(Path.of(m.substring(0, paren)).getFileName() + m.substring(paren));
            }
        });
        List<Object> split = new ArrayList<>(List.of("check", "--linker", model(linker), "--fail-on-split"));
        split.addAll(order);
        Cli.Result s = Cli.run(split.toArray());
        return new Row(order, applyReport, plain.diagnostics(), plain.linked(), undefined(linker, muldefs),
                muldefs.linked(), output, passed, timerSplit, doc.get("duplicates").asInt(), unresolved, s.exit(), s.out() + s.err(),
                muldefs.loaded(), loaded);
    }

    /** The symbols a real link reports undefined (GNU ld: "undefined reference to", lld: "undefined symbol:"). */
    static Set<String> undefined(Links.Linker linker, Links.Result link) {
        String text = link.process().stdout() + link.process().stderr();
        Matcher m = (linker == Links.Linker.GNU ? GNU_UNDEFINED : LLD_UNDEFINED).matcher(text);
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Runs {@code check} once per linker and treatment of one build and shape, collecting every failure. */
    private interface CellCheck {
        void check(String where, Row row, Row original) throws Exception;
    }

    private static void forEachCell(String variant, Shape shape, CellCheck check) throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Links.Linker linker : Links.Linker.values()) {
            Map<Treatment, Row> rows = new EnumMap<>(Treatment.class);
            for (Treatment t : Treatment.values()) {
                rows.put(t, row(variant, shape, linker, t));
            }
            for (Treatment t : Treatment.values()) {
                String where = variant + " " + shape + " " + linker + " " + t;
                checks.add(() -> check.check(where, rows.get(t), rows.get(Treatment.NONE)));
            }
        }
        assertAll(checks);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void checkPredictsTheDuplicateCountOfGnuLdAndLld(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) ->
                assertEquals(row.realDuplicates(), row.predictedDuplicates(), where + ": real vs predicted duplicate diagnostics"));
    }

    /** The archive members check loads are those GNU ld ({@code -t -t}) and ld.lld ({@code --trace}) load. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void checkPredictsTheLoadedMembersOfGnuLdAndLld(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) -> {
            assertFalse(row.realLoaded().isEmpty(), where + ": no trace of loaded members");
            assertEquals(row.realLoaded(), row.predictedLoaded(), where + ": loaded archive members");
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void trimmedLinkNeverLeavesUndefinedWhatTheOriginalResolved(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) -> {
            assertTrue(row.muldefsLinked() || !row.realUndefined().isEmpty(),
                    where + ": the -z muldefs link failed for another reason than undefined symbols");
            Set<String> newlyUndefined = new TreeSet<>(row.realUndefined());
            newlyUndefined.removeAll(original.realUndefined());
            assertEquals(Set.of(), newlyUndefined, where + ": undefined for the real linker, resolved in the original link");
            Set<String> newlyUnresolved = new TreeSet<>(row.predictedUnresolved());
            newlyUnresolved.removeAll(original.predictedUnresolved());
            assertEquals(Set.of(), newlyUnresolved, where + ": unresolved in check's simulation, resolved in the original");
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void everyProgramThatPrintsFailIsFlaggedAndTheFlagNamesTheSymbols(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) -> {
            assertTrue(row.muldefsLinked(), where + ": the -z muldefs link failed");
            if (row.passed()) {
                return;
            }
            assertTrue(row.programOutput().contains("FAIL: fetch starved"), where + ": " + row.programOutput());
            assertEquals(1, row.failOnSplitExit(), where + ": check --fail-on-split does not flag a link whose program fails\n"
                    + row.failOnSplitOutput());
            // The flag names the symbol the program's event loop calls and the wrapper copy it binds to.
            assertTrue(row.failOnSplitOutput().lines().anyMatch(l -> l.matches(".*[ ,]js_wait_for_event from \\S*main\\.o(,.*)?")
                    && l.trim().contains("libperry_ext_") && !l.trim().startsWith(stdlibPath(row))),
                    where + ": the hazard does not name js_wait_for_event bound to a wrapper's copy\n" + row.failOnSplitOutput());
            assertTrue(row.failOnSplitOutput().contains("linkdedup: check failed: split runtime: perry_runtime cgu.0 loaded "),
                    where + "\n" + row.failOnSplitOutput());
            assertTrue(row.failOnSplitOutput().lines().anyMatch(l -> l.startsWith("linkdedup: check failed: split runtime:")
                    && l.matches(".*\\(e\\.g\\. js_\\w+ from \\S*main\\.o\\).*")),
                    where + ": the gate's own line names a program symbol bound to a copy\n" + row.failOnSplitOutput());
        });
    }

    /**
     * The program's second probe: a timer task spawned through perry_ext_timers counted by another
     * runtime copy than the one main.o's js_runtime_spawned binds to (the PASS/FAIL probe cannot see
     * this split: e.g. foreign wrappers stdlib-first). Every such link is flagged too.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void everyLinkWhoseTimerProbeSplitsIsFlagged(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) -> {
            if (row.timerSplit()) {
                assertEquals(1, row.failOnSplitExit(), where + ": timer probe split, not flagged\n" + row.failOnSplitOutput());
            }
        });
    }

    /** And the converse, on these builds: every flagged link fails, or its timer probe shows the split. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("builds")
    void everyFlaggedLinkIsObservablySplit(String variant, Shape shape) throws Exception {
        forEachCell(variant, shape, (where, row, original) -> {
            if (row.failOnSplitExit() == 1) {
                assertTrue(!row.passed() || row.timerSplit(), where + ": flagged, but the program passes and its timer probe "
                        + "sees one copy\n" + row.programOutput() + "\n" + row.failOnSplitOutput());
            }
        });
    }

    private static String stdlibPath(Row row) {
        return row.order().stream().filter(p -> p.endsWith("/libperry_stdlib.a")).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ what the matrix shows

    /** Without linkdedup the large wrappers-first link reproduces the split runtime: FAIL with both linkers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void wrappersFirstFailsUntreated(String variant) throws Exception {
        for (Links.Linker linker : Links.Linker.values()) {
            Row r = row(variant, Shape.WRAPPERS_FIRST, linker, Treatment.NONE);
            assertFalse(r.linked(), linker + ": links without -z muldefs");
            assertFalse(r.passed(), linker + ": " + r.programOutput());
            assertEquals(1, r.failOnSplitExit(), linker + "\n" + r.failOnSplitOutput());
        }
    }

    static Stream<String> variants() {
        return Stream.of(VARIANTS);
    }

    /** One crate graph: apply drops all six runtime copies; the program then passes and check sees no hazard. */
    @Test
    void oneGraphApplyDropsEveryRuntimeCopyAndThenPasses() throws Exception {
        for (Links.Linker linker : Links.Linker.values()) {
            for (Treatment t : List.of(Treatment.APPLY, Treatment.APPLY_SHARED_DEPS)) {
                Row r = row("one-graph", Shape.WRAPPERS_FIRST, linker, t);
                for (String w : Fixtures.PERRY_LARGE_WRAPPERS) {
                    assertTrue(r.applyReport().contains("[strip-dedup] " + w + ": dropped 1 bundled perry-runtime member(s)"),
                            linker + " " + t + " " + w + "\n" + r.applyReport());
                }
                assertTrue(r.passed(), linker + " " + t + ": " + r.programOutput());
                assertFalse(r.timerSplit(), linker + " " + t + ": " + r.programOutput());
                assertEquals(0, r.failOnSplitExit(), linker + " " + t + "\n" + r.failOnSplitOutput());
            }
        }
    }

    /**
     * One crate graph, wrappers first, the default apply (drop, then weaken): GNU ld and ld.lld link
     * without {@code -z muldefs} and without a single duplicate diagnostic, the program passes, the
     * timer probe sees one runtime copy, and check predicts all of it.
     */
    @Test
    void oneGraphDefaultApplyLinksCleanlyWithGnuLdAndLld() throws Exception {
        for (Links.Linker linker : Links.Linker.values()) {
            Row r = row("one-graph", Shape.WRAPPERS_FIRST, linker, Treatment.APPLY_REWRITE);
            assertTrue(r.linked(), linker + ": the plain link (no -z muldefs) fails");
            assertEquals(0, r.realDuplicates(), linker.toString());
            assertEquals(0, r.predictedDuplicates(), linker.toString());
            assertTrue(r.passed(), linker + ": " + r.programOutput());
            assertFalse(r.timerSplit(), linker + ": " + r.programOutput());
            assertEquals(0, r.failOnSplitExit(), linker + "\n" + r.failOnSplitOutput());
            assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\] libperry_ext_http\\.a: weakened \\d+ duplicate symbol\\(s\\) in \\d+ kept "
                    + "member\\(s\\) \\(same crate build as the provider's copies, which win\\)$").matcher(r.applyReport()).find(),
                    r.applyReport());
        }
    }

    /**
     * Foreign crate graphs and the LTO gap under the default apply: the result still holds a split
     * runtime (and copies of two crate graphs that clash), so apply writes nothing and exits 5,
     * naming the copies and why each stays live.
     */
    @Test
    void foreignDefaultApplyIsRefusedWithTheReasons() throws Exception {
        Path f = Fixtures.perryLarge("foreign");
        for (Links.Linker linker : Links.Linker.values()) {
            Path out = dir.resolve("refused-" + linker);
            List<Object> args = new ArrayList<>(List.of("apply", "--linker", model(linker), "--out-dir", out));
            args.addAll(order(f, Shape.WRAPPERS_FIRST));
            Cli.Result a = Cli.run(args.toArray());
            assertEquals(5, a.exit(), linker + ": " + a.out() + a.err());
            assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), linker + ": nothing written");
            assertTrue(a.err().contains("split runtime(s)") && a.err().contains("nothing written (--allow-split accepts it)"), a.err());
            String report = a.out();
            assertTrue(report.contains("[strip-dedup] not safe: the verified link still holds 1 split runtime(s)"), report);
            assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\]   perry_runtime cgu\\.0: \\S*libperry_ext_json\\.a\\(perry_runtime-\\S+\\) stays live — "
                    + "1 sibling-referenced symbol\\(s\\) not provided by stdlib \\(e\\.g\\. _ZN13perry_runtime4json9stringify17h[0-9a-f]+E\\): "
                    + "the provider's build does not export them .*$").matcher(report).find(), linker + "\n" + report);
            for (String w : List.of("libperry_ext_fs.a", "libperry_ext_timers.a")) {
                assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\]   perry_runtime cgu\\.0: \\S*" + Pattern.quote(w)
                        + "\\(perry_runtime-\\S+\\) stays live — perry_runtime from another crate graph .*$").matcher(report).find(),
                        linker + " " + w + "\n" + report);
            }
            assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\] conflict: .*copies from different builds of perry_runtime .*$")
                    .matcher(report).find(), linker + "\n" + report);
        }
    }

    /**
     * Foreign crate graphs and the LTO gap: apply keeps the copies of perry_ext_fs and perry_ext_timers
     * (another crate graph) and of perry_ext_json (it calls a runtime function stdlib's ThinLTO copy
     * dropped), reports why, and the program still fails — which check flags.
     */
    @Test
    void foreignApplyKeepsForeignAndLtoGapCopiesSaysWhyAndIsFlagged() throws Exception {
        for (Links.Linker linker : Links.Linker.values()) {
            Row r = row("foreign", Shape.WRAPPERS_FIRST, linker, Treatment.APPLY);
            String report = r.applyReport();
            for (String w : List.of("libperry_ext_fs.a", "libperry_ext_timers.a")) {
                assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\] " + Pattern.quote(w)
                        + ": keeping bundled perry_runtime-\\S+ — perry_runtime from another crate graph \\(stdlib bundles [0-9a-f]+\\); "
                        + "\\d+ program symbol\\(s\\) bind to this copy$").matcher(report).find(), linker + " " + w + "\n" + report);
            }
            assertTrue(Pattern.compile("(?m)^\\[strip-dedup\\] libperry_ext_json\\.a: keeping bundled perry_runtime-\\S+ — "
                    + "1 sibling-referenced symbol\\(s\\) not provided by stdlib \\(e\\.g\\. _ZN13perry_runtime4json9stringify17h[0-9a-f]+E\\)$")
                    .matcher(report).find(), linker + "\n" + report);
            for (String w : List.of("libperry_ext_http.a", "libperry_ext_regex.a", "libperry_ext_events.a")) {
                assertTrue(report.contains("[strip-dedup] " + w + ": dropped 1 bundled perry-runtime member(s)"), linker + " " + w + "\n" + report);
            }
            assertFalse(r.passed(), linker + ": " + r.programOutput());
            assertEquals(1, r.failOnSplitExit(), linker + "\n" + r.failOnSplitOutput());
            // stdlib-first, the event loop binds to stdlib's copy and the fetch passes, but the foreign
            // wrappers' own code still runs on their own copies (a second tokio runtime, timers counted
            // elsewhere): the timer probe sees it, and check flags it.
            Row s = row("foreign", Shape.STDLIB_FIRST, linker, Treatment.NONE);
            assertTrue(s.passed(), linker + ": " + s.programOutput());
            assertTrue(s.timerSplit(), linker + ": " + s.programOutput());
            assertEquals(1, s.failOnSplitExit(), linker + "\n" + s.failOnSplitOutput());
        }
    }
}
