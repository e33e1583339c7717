package org.linkdedup.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Asm;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 19: every {@code --json} document is described by a JSON Schema (draft 2020-12) in
 * {@code docs/schema/}: {@code plan.schema.json} (plan and apply), {@code check.schema.json} and
 * {@code symbols.schema.json}. Real documents, produced through the command line from the committed
 * fixtures and covering as many of their branches as the fixtures give, must validate with no error;
 * a key the schema does not list, a value outside an enum or a missing key must not (the schemas are
 * closed: a new key is documented in the schema when it is added). The schemas themselves are valid
 * 2020-12 schemas and describe every property.
 */
class JsonSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final String PLAN = "plan.schema.json", CHECK = "check.schema.json", SYMBOLS = "symbols.schema.json";

    @TempDir
    Path dir;

    private static Path schemaFile(String name) {
        return Fixtures.projectRoot().resolve("docs/schema").resolve(name);
    }

    private static JsonNode schemaNode(String name) {
        try {
            return MAPPER.readTree(schemaFile(name).toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Schema schema(String name) {
        return REGISTRY.getSchema(schemaNode(name));
    }

    private static List<Error> errors(String schema, JsonNode doc) {
        return schema(schema).validate(doc);
    }

    /** Parses {@code out}, validates it against {@code schema} and returns it. */
    private static JsonNode assertValid(String schema, Cli.Result r, String what) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON (exit " + r.exit() + ", stderr " + r.err() + "): " + r.out(), e);
        }
        List<Error> errors = errors(schema, doc);
        assertTrue(errors.isEmpty(), what + " does not match " + schema + ":\n  " + String.join("\n  ",
                errors.stream().map(Error::toString).toList()) + "\n" + r.out());
        return doc;
    }

    private static String mini(String variant, String file) {
        return Fixtures.small("perry-mini/" + variant).resolve(file).toString();
    }

    /** {@code head}, then main.o, the wrapper (from {@code wrapperDir}), stdlib (from {@code stdlibDir}) and the runtime. */
    private static Object[] link(String variant, String wrapperDir, String stdlibDir, String... head) {
        List<Object> a = new ArrayList<>(List.of((Object[]) head));
        a.add(mini(variant, "main.o"));
        a.add(mini(variant, wrapperDir + "libperry_ext_http.a"));
        a.add(mini(variant, stdlibDir + "libperry_stdlib.a"));
        a.add(mini(variant, "libperry_runtime.a"));
        return a.toArray();
    }

    private static Cli.Result run(int[] exits, Object... args) {
        Cli.Result r = Cli.run(args);
        for (int e : exits) {
            if (r.exit() == e) {
                return r;
            }
        }
        throw new AssertionError(List.of(args) + ": exit " + r.exit() + "\n" + r.err());
    }

    // ---- the schemas themselves

    @Test
    void theSchemasAreValidDraft2020SchemasThatDescribeEveryPropertyAndAdmitNoOtherKey() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String name : List.of(PLAN, CHECK, SYMBOLS)) {
            JsonNode s = schemaNode(name);
            List<Error> errors = meta.validate(s);
            assertTrue(errors.isEmpty(), name + " is not a valid 2020-12 schema: " + errors);
            assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText(), name);
            assertEquals(1, s.at("/properties/schemaVersion/const").asInt(), name + ": schemaVersion is const 1");
            assertEquals("schemaVersion", s.get("required").get(0).asText(), name);
            List<String> problems = new ArrayList<>();
            walk(s, "", problems);
            assertTrue(problems.isEmpty(), name + ":\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Every object with {@code properties} is closed and lists what is required; every property has a
     * description (conditionals, {@code if}/{@code then}/{@code else}/{@code not}, only narrow and are skipped).
     */
    private static void walk(JsonNode n, String path, List<String> problems) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "/" + i, problems);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        JsonNode props = n.get("properties");
        if (props != null && props.isObject()) {
            if (!n.path("additionalProperties").isBoolean() || n.get("additionalProperties").asBoolean()) {
                problems.add(path + ": an object with properties must say \"additionalProperties\": false");
            }
            if (!n.has("required")) {
                problems.add(path + ": no \"required\"");
            }
            for (JsonNode r : n.path("required")) {
                if (!props.has(r.asText())) {
                    problems.add(path + ": requires " + r + ", which it does not describe");
                }
            }
            props.fields().forEachRemaining(e -> {
                if (!e.getValue().path("description").isTextual() || e.getValue().get("description").asText().isBlank()) {
                    problems.add(path + "/properties/" + e.getKey() + ": no description");
                }
            });
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Set.of("if", "then", "else", "not", "enum", "const").contains(e.getKey())) {
                walk(e.getValue(), path + "/" + e.getKey(), problems);
            }
        }
    }

    @Test
    void planAndCheckDescribeHazardsStaleCopiesAndModelsAlike() {
        JsonNode plan = schemaNode(PLAN).get("$defs"), check = schemaNode(CHECK).get("$defs");
        for (String def : List.of("model", "hazards", "stale")) {
            assertEquals(plan.get(def), check.get(def), def + ": the plan's verification and check write the same objects");
        }
    }

    // ---- plan and apply

    @Test
    void planDocumentsMatchTheSchema() {
        int[] ok = {0, 5};
        List<JsonNode> docs = new ArrayList<>();
        List<Object[]> commands = new ArrayList<>();
        commands.add(link("elf", "", "", "plan", "--json"));
        commands.add(link("elf", "", "", "plan", "--json", "--linker", "lld"));
        commands.add(link("elf", "", "", "plan", "--json", "--no-verify"));
        commands.add(link("elf", "", "", "plan", "--json", "--shared-deps"));
        commands.add(link("elf", "", "", "plan", "--json", "--rewrite", "none"));
        // a localization that is refused (a conflict) and a name no kept member defines
        commands.add(link("elf", "", "", "plan", "--json", "--localize", "perry_http_status_codes", "--localize", "no_such_symbol"));
        // a foreign wrapper: kept with programBindings, conflicts of different builds, a stale copy after,
        // and a localization carried out (action localize, reason requested, winner null)
        commands.add(link("elf", "foreign/", "", "plan", "--json", "--localize", "js_wait_for_event"));
        commands.add(link("elf", "", "neg-rule1/", "plan", "--json"));
        commands.add(link("elf", "neg-rule2/", "", "plan", "--json", "--shared-deps"));
        commands.add(link("elf", "", "neg-local/", "plan", "--json"));
        for (String macho : List.of("macho-x86_64", "macho-arm64")) {
            commands.add(link(macho, "", "", "plan", "--json"));
            commands.add(link(macho, "", "", "plan", "--json", "--linker", "lld-macho", "--shared-deps"));
            commands.add(link(macho, "foreign/", "", "plan", "--json"));
        }
        for (Object[] c : commands) {
            docs.add(assertValid(PLAN, run(ok, c), List.of(c).toString()));
        }
        // The branches the schema describes were reached.
        assertTrue(docs.stream().anyMatch(d -> d.get("verification").isNull()), "--no-verify: verification null");
        assertTrue(docs.stream().anyMatch(d -> !d.get("safe").asBoolean()) && docs.stream().anyMatch(d -> d.get("safe").asBoolean()));
        assertTrue(docs.stream().anyMatch(d -> d.get("conflicts").size() > 0), "conflicts");
        assertTrue(docs.stream().anyMatch(d -> d.get("localizeUnmatched").size() > 0), "localizeUnmatched");
        assertTrue(docs.stream().anyMatch(d -> d.at("/verification/staleAfter").size() > 0), "staleAfter");
        Set<String> seen = new TreeSet<>();
        for (JsonNode d : docs) {
            d.get("rewrites").forEach(r -> seen.add(r.get("action").asText() + "/" + r.get("reason").asText() + "/" + r.get("winner").isNull()));
            d.get("inputs").forEach(i -> seen.add("flavor " + i.path("flavor").asText("-")));
            d.get("wrappers").forEach(w -> w.get("candidates").forEach(c -> {
                seen.add("rule " + c.get("rule").asText());
                if (c.has("programBindings")) {
                    seen.add("programBindings");
                }
                if (c.get("crate").isNull()) {
                    seen.add("crate null");
                }
            }));
            d.get("conflicts").forEach(c -> seen.add("conflict " + c.get("kind").asText()));
            if (!d.get("verification").isNull()) {
                d.at("/verification/duplicates").fieldNames().forEachRemaining(m -> seen.add("model " + m));
            }
        }
        for (String s : List.of("weaken/provider-copy-wins/false", "localize/requested/true", "flavor gnu", "flavor darwin",
                "rule provider-bundles", "rule sibling-references", "rule foreign-crate-graph", "programBindings", "crate null",
                "conflict different-builds", "conflict not-rewritable", "model gnu", "model lld", "model ld64", "model lld-macho")) {
            assertTrue(seen.contains(s), s + " not reached: " + seen);
        }
    }

    @Test
    void applyDocumentsMatchTheSchema() {
        Cli.Result r = run(new int[] {0}, link("elf", "", "", "apply", "--json", "--out-dir", dir.resolve("out").toString()));
        JsonNode doc = assertValid(PLAN, r, "apply --json");
        assertEquals(1, doc.get("written").size(), r.out());
        assertEquals(4, doc.get("linkOrder").size(), r.out());
        // Refused as not safe: the plan's document, nothing written, neither written nor linkOrder.
        Cli.Result refused = run(new int[] {5}, link("elf", "", "neg-rule1/", "apply", "--json", "--out-dir", dir.resolve("no").toString()));
        JsonNode plan = assertValid(PLAN, refused, "apply --json, not safe");
        assertFalse(plan.has("written") || plan.has("linkOrder"), refused.out());
        // --allow-split writes it anyway, with a link order file.
        Cli.Result split = run(new int[] {0}, link("elf", "", "neg-rule1/", "apply", "--json", "--allow-split", "--out-dir",
                dir.resolve("split").toString(), "--link-order-file", dir.resolve("order.txt").toString()));
        assertTrue(assertValid(PLAN, split, "apply --json --allow-split").has("written"));
        Cli.Result macho = run(new int[] {0}, link("macho-arm64", "", "", "apply", "--json", "--out-dir", dir.resolve("m").toString()));
        assertValid(PLAN, macho, "apply --json (Mach-O)");
    }

    // ---- check

    @Test
    void checkDocumentsMatchTheSchema() {
        int[] ok = {0, 1};
        Path baseline = dir.resolve("baseline.json");
        // A baseline of the stdlib-first order (no duplicate, no hazard), then the wrappers-first link against it.
        run(new int[] {0}, "check", "--write-baseline", baseline, mini("elf", "main.o"), mini("elf", "libperry_stdlib.a"),
                mini("elf", "libperry_ext_http.a"), mini("elf", "libperry_runtime.a"));
        List<Object[]> commands = new ArrayList<>();
        commands.add(link("elf", "", "", "check", "--json"));
        commands.add(link("elf", "", "", "check", "--json", "--linker", "lld", "--any-crate"));
        commands.add(link("elf", "", "", "check", "--json", "--max-duplicates", "0", "--fail-on-split", "--fail-on-stale"));
        commands.add(link("elf", "", "", "check", "--json", "--baseline", baseline.toString()));
        commands.add(link("elf", "", "neg-rule1/", "check", "--json", "--fail-on-stale", "--fail-on-split"));
        commands.add(link("elf", "foreign/", "", "check", "--json", "--fail-on-stale"));
        commands.add(new Object[] {"check", "--json", mini("elf", "main.o"), mini("elf", "libperry_stdlib.a"), mini("elf", "libperry_runtime.a")});
        commands.add(new Object[] {"check", "--json", mini("elf", "libperry_ext_http.a")});
        for (String macho : List.of("macho-x86_64", "macho-arm64")) {
            commands.add(link(macho, "", "", "check", "--json", "--max-duplicates", "0"));
            commands.add(link(macho, "", "", "check", "--json", "--linker", "lld-macho", "--fail-on-split"));
        }
        commands.add(new Object[] {"check", "--json", Fixtures.small("ar/coff.lib")});
        commands.add(new Object[] {"check", "--json", Fixtures.small("rustc/x86_64-pc-windows-msvc/perry_ext_http.lib")});
        List<JsonNode> docs = new ArrayList<>();
        for (Object[] c : commands) {
            docs.add(assertValid(CHECK, run(ok, c), List.of(c).toString()));
        }
        Set<String> seen = new TreeSet<>();
        for (JsonNode d : docs) {
            seen.add("model " + d.get("model").asText());
            d.get("gateFailures").forEach(f -> seen.add("gate " + f.get("kind").asText() + " " + f.path("regression").asText("")));
            d.get("stale").forEach(s -> seen.add("stale " + s.get("kind").asText()));
            d.get("loaded").forEach(l -> seen.add("loaded " + l.path("reason").asText("-")));
            d.get("duplicateDefinitions").forEach(x -> seen.add("severity " + x.get("severity").asText()));
            if (d.get("hazards").size() > 0) {
                seen.add("hazards");
            }
            if (d.get("unresolved").size() > 0) {
                seen.add("unresolved");
            }
            if (d.get("topPairs").size() > 0) {
                seen.add("topPairs");
            }
        }
        for (String s : List.of("model gnu", "model lld", "model ld64", "model lld-macho", "model lld-link", "gate max-duplicates ",
                "gate split-runtime ", "gate stale-copy ", "gate baseline duplicates-grew", "gate baseline new-hazard",
                "stale older-copy", "loaded object", "loaded reference", "severity error", "hazards", "unresolved", "topPairs")) {
            assertTrue(seen.contains(s), s + " not reached: " + seen);
        }
    }

    // ---- symbols

    @Test
    void symbolsDocumentsMatchTheSchema() throws IOException {
        Path small = Fixtures.small(".");
        List<Path> inputs = new ArrayList<>();
        for (String d : List.of("elf", "macho", "ar", "bitcode", "perry-mini/elf", "perry-mini/macho-arm64", "sandwich", "rustc")) {
            try (Stream<Path> files = Files.walk(small.resolve(d))) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().endsWith(".gz") && !p.getFileName().toString().equals("RUSTC-VERSION"))
                        .sorted().forEach(inputs::add);
            }
        }
        inputs.add(Fixtures.smallGunzipped("elf/xindex-x86_64.o.gz"));
        Set<String> seen = new TreeSet<>();
        for (Path in : inputs) {
            for (String filter : List.of("--all", "--undefined-only")) {
                Cli.Result r = Cli.run("symbols", "--format", "json", filter, in);
                if (r.exit() == 3) {
                    continue; // not an input symbols reads (a thin archive's member file, a source...)
                }
                assertEquals(0, r.exit(), in + ": " + r.err());
                JsonNode doc = assertValid(SYMBOLS, r, "symbols " + filter + " " + in);
                for (JsonNode i : doc.get("inputs")) {
                    if (i.has("archive")) {
                        seen.add("index " + i.at("/archive/index").asText());
                        seen.add("thin " + i.at("/archive/thin").asText());
                    }
                    for (JsonNode m : i.get("members")) {
                        seen.add("source " + m.get("source").asText());
                        m.get("symbols").forEach(s -> {
                            seen.add("binding " + s.get("binding").asText());
                            seen.add("sectionKind " + s.get("sectionKind").asText());
                            if (s.has("comdat")) {
                                seen.add("comdat");
                            }
                        });
                    }
                }
            }
        }
        for (String s : List.of("index /", "index /SYM64/", "index __.SYMDEF", "index __.SYMDEF_64", "index linker members",
                "index none", "thin true", "source native", "source bitcode", "binding local", "binding weak",
                "sectionKind code", "sectionKind data", "sectionKind none", "comdat")) {
            assertTrue(seen.contains(s), s + " not reached: " + seen);
        }
    }

    // ---- the schemas are strict: documents that break them fail

    private static JsonNode realPlan() {
        return assertValid(PLAN, run(new int[] {0, 5}, link("elf", "foreign/", "", "plan", "--json")), "plan");
    }

    private static void assertInvalid(String schema, JsonNode doc, Consumer<ObjectNode> change, String what) {
        ObjectNode copy = doc.deepCopy();
        change.accept(copy);
        assertFalse(errors(schema, copy).isEmpty(), what + " must not validate against " + schema);
    }

    @Test
    void documentsThatBreakTheSchemasFail() {
        JsonNode plan = realPlan();
        assertTrue(errors(PLAN, plan).isEmpty());
        assertInvalid(PLAN, plan, d -> d.put("undocumented", 1), "an undocumented top-level key");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/wrappers/0/candidates/0")).put("extra", true), "an undocumented candidate key");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/wrappers/0/candidates/0")).put("rule", "provider-bundle"), "an unknown rule");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/wrappers/0/candidates/0")).put("decision", "drop"),
                "a drop with a reason (a keep's key)");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/conflicts/0")).put("kind", "different_builds"), "an unknown conflict kind");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/verification/duplicates")).putObject("ld.lld").put("before", 1).put("after", 0),
                "an unknown linker model");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/inputs/0")).put("flavor", "gnu"), "an object input with an archive flavor");
        assertInvalid(PLAN, plan, d -> d.put("schemaVersion", 2), "another schema version");
        assertInvalid(PLAN, plan, d -> d.remove("safe"), "a missing key");
        assertInvalid(PLAN, plan, d -> d.put("safe", "yes"), "a key of the wrong type");
        assertInvalid(PLAN, plan, d -> d.putArray("written"), "written without linkOrder");
        assertInvalid(PLAN, plan, d -> ((ObjectNode) d.at("/verification/staleAfter/0")).putNull("winnerGraph"),
                "an older copy without its graph");

        JsonNode check = assertValid(CHECK, run(new int[] {1}, link("elf", "", "", "check", "--json", "--max-duplicates", "0",
                "--fail-on-split")), "check");
        assertInvalid(CHECK, check, d -> ((ObjectNode) d.at("/gateFailures/0")).put("kind", "too-many-duplicates"), "an unknown gate kind");
        assertInvalid(CHECK, check, d -> ((ObjectNode) d.at("/gateFailures/0")).put("unit", "perry_runtime cgu.0"),
                "a key of another gate kind");
        assertInvalid(CHECK, check, d -> ((ObjectNode) d.at("/gateFailures/1")).remove("copies"), "a split gate without its copies");
        assertInvalid(CHECK, check, d -> ((ObjectNode) d.at("/loaded/0")).put("reason", "lazy"), "an unknown load reason");
        assertInvalid(CHECK, check, d -> d.put("model", "bfd"), "an unknown model");
        assertInvalid(CHECK, check, d -> ((ObjectNode) d.at("/hazards/0/copies/0")).put("extra", 0), "an undocumented hazard key");

        JsonNode symbols = assertValid(SYMBOLS, run(new int[] {0}, "symbols", "--format", "json", mini("elf", "libperry_ext_http.a")),
                "symbols");
        assertInvalid(SYMBOLS, symbols, d -> ((ObjectNode) d.at("/inputs/0/members/0/symbols/0")).put("type", "X"), "an unknown nm letter");
        assertInvalid(SYMBOLS, symbols, d -> ((ObjectNode) d.at("/inputs/0/members/0")).put("source", "elf"), "an unknown source");
        assertInvalid(SYMBOLS, symbols, d -> ((ObjectNode) d.at("/inputs/0/archive")).put("index", "/SYM32/"), "an unknown index");
        assertInvalid(SYMBOLS, symbols, d -> ((ObjectNode) d.at("/inputs/0/members/0")).remove("position"), "a name without a position");
        assertInvalid(SYMBOLS, symbols, d -> ((ArrayNode) d.get("inputs")).addObject().put("file", "x"), "an input without members");
    }

    // ---- branches only hand-made links reach (llvm-mc, llvm-ar)

    /** A reverted drop (rule link-verification), a member the trimmed link newly loads, a stale copy that is no copy of its unit. */
    @Test
    @Toolchain
    void revertedDropsNewlyLoadedMembersAndStubsMatchTheSchema() {
        String rt = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
        String stdlibRt = "perry_stdlib-5d6e." + rt + ".rcgu.o";
        String own = "perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o";
        Asm a = new Asm(dir);
        a.object(stdlibRt, "T js_wait_for_event", "H rt_state.llvm.1");
        a.object("perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o", "T perry_fetch_spawn", "U rt_state.llvm.1");
        Path stdlib = a.archive("libperry_stdlib.a", stdlibRt, "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o");
        a.object(rt, "T js_wait_for_event", "T js_gap");
        a.object(own, "T perry_http_status");
        Path wrapper = a.archive("libperry_ext_http.a", own, rt);
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U js_gap", "U perry_http_status", "U perry_fetch_spawn");
        a.object("standalone/" + rt, "T js_wait_for_event", "T js_gap");
        Path standalone = a.archive("libperry_runtime.a", "standalone/" + rt);

        JsonNode reverted = assertValid(PLAN, run(new int[] {5}, "plan", "--json", main, wrapper, stdlib), "a reverted drop");
        assertEquals("link-verification", reverted.at("/wrappers/0/candidates/0/rule").asText(), reverted.toString());
        JsonNode loaded = assertValid(PLAN, run(new int[] {0}, "plan", "--json", "--allow-split", main, wrapper, stdlib, standalone),
                "a newly loaded member");
        assertEquals("js_gap", loaded.at("/verification/newlyLoaded/0/symbol").asText(), loaded.toString());

        // A stub defining a runtime symbol ahead of the runtime: a stale copy that is no copy of the unit.
        Path stub = a.archive("libstub.a", a.object("stub.o", "T js_gap").getFileName().toString());
        JsonNode check = assertValid(CHECK, run(new int[] {1}, "check", "--json", "--fail-on-stale", main, stub, wrapper, stdlib),
                "a stub");
        assertEquals("other-definition", check.at("/stale/0/kind").asText(), check.toString());
        assertTrue(check.at("/stale/0/winnerGraph").isNull(), check.toString());
        assertEquals("stale-copy", check.at("/gateFailures/0/kind").asText(), check.toString());
    }
}
