package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/** {@code check} on the perry-mini fixtures: report, gates, baselines, --why, exit codes. */
class CheckCommandTest {
    @TempDir
    Path dir;

    static Path mini(String f) {
        return Fixtures.small("perry-mini/elf/" + f);
    }

    static Object[] args(Object... head) {
        Object[] order = {mini("main.o"), mini("libperry_ext_http.a"), mini("libperry_stdlib.a"), mini("libperry_runtime.a")};
        Object[] all = new Object[head.length + order.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(order, 0, all, head.length, order.length);
        return all;
    }

    @Test
    void reportsCountMembersAndTheSplitRuntime() {
        Cli.Result r = Cli.run(args("check"));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).matches("duplicate symbols: 8 \\(linker model gnu, \\d+ members loaded\\)"), lines.get(0));
        assertTrue(r.out().contains("top member pairs by shared duplicates:"));
        assertTrue(r.out().contains("split-runtime hazards: 1"));
        assertTrue(r.out().contains("perry_runtime cgu.0 is loaded 2 times and each copy is in use:"));
        assertTrue(r.out().contains("js_wait_for_event from " + mini("main.o")), r.out());
    }

    @Test
    void gatesExitOneAndSayWhy() {
        Cli.Result max = Cli.run(args("check", "--max-duplicates", "7"));
        assertEquals(1, max.exit());
        assertEquals("linkdedup: check failed: duplicate symbols: 8 > --max-duplicates 7\n", max.err());
        assertEquals(0, Cli.run(args("check", "--max-duplicates", "8")).exit());
        Cli.Result split = Cli.run(args("check", "--fail-on-split"));
        assertEquals(1, split.exit());
        assertEquals(1, split.err().lines().count(), split.err());
        assertTrue(split.err().startsWith("linkdedup: check failed: split runtime: perry_runtime cgu.0 loaded 2 times: "
                + mini("libperry_ext_http.a") + "(perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o) (e.g. js_wait_for_event from "
                + mini("main.o") + ")"), split.err());
    }

    @Test
    void baselineCatchesGrowthOnly() throws Exception {
        Path base = dir.resolve("baseline.json");
        assertEquals(0, Cli.run(args("check", "--write-baseline", base)).exit());
        JsonNode b = new ObjectMapper().readTree(base.toFile());
        assertEquals(8, b.get("duplicates").asInt());
        assertEquals(1, b.get("hazards").size());
        assertEquals(0, Cli.run(args("check", "--baseline", base)).exit(), "same link, same baseline");
        Files.writeString(base, "{\"model\":\"gnu\",\"duplicates\":3,\"hazards\":[]}");
        Cli.Result grown = Cli.run(args("check", "--baseline", base));
        assertEquals(1, grown.exit());
        assertTrue(grown.err().contains("duplicate symbols grew from 3 to 8"), grown.err());
        assertTrue(grown.err().contains("new split-runtime hazard: perry_runtime cgu.0"), grown.err());
        Files.writeString(base, "not json");
        assertEquals(3, Cli.run(args("check", "--baseline", base)).exit(), "a bad baseline is bad input");
    }

    @Test
    void stdlibFirstAndTrimmedLinksHaveNoHazard() {
        Cli.Result r = Cli.run("check", "--fail-on-split", mini("main.o"), mini("libperry_stdlib.a"), mini("libperry_ext_http.a"),
                mini("libperry_runtime.a"));
        assertEquals(0, r.exit(), r.out());
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run(args("apply", "--out-dir", out)).exit());
        Cli.Result trimmed = Cli.run("check", "--fail-on-split", "--max-duplicates", "0", mini("main.o"), out.resolve("libperry_ext_http.a"),
                mini("libperry_stdlib.a"), mini("libperry_runtime.a"));
        assertEquals(0, trimmed.exit(), trimmed.out() + trimmed.err());
        assertTrue(trimmed.out().startsWith("duplicate symbols: 0 "), trimmed.out());
    }

    @Test
    void whyExplainsOneSymbol() {
        Cli.Result r = Cli.run(args("check", "--why", "js_wait_for_event"));
        assertEquals(0, r.exit());
        String out = r.out();
        assertTrue(out.contains("js_wait_for_event: binds to " + mini("libperry_ext_http.a") + "(perry_runtime-1a2b3c"), out);
        assertTrue(out.contains("* defined global in " + mini("libperry_ext_http.a") + "(perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o): loaded because "), out);
        assertTrue(out.contains("  referenced by 1 loaded member(s): " + mini("main.o")), out);
        assertTrue(out.contains("defined global in " + mini("libperry_runtime.a") + "(perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o): not loaded"), out);
    }

    @Test
    void jsonAndLinkerModelsAndMarkers() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Cli.run(args("check", "--json", "--linker", "lld")).out());
        assertEquals("lld", doc.get("model").asText());
        assertEquals(8, doc.get("duplicates").asInt());
        assertEquals(1, doc.get("hazards").size());
        assertTrue(doc.get("loaded").size() > 0);
        Cli.Result grouped = Cli.run("check", "--", mini("main.o"), "--start-group", mini("libperry_ext_http.a"), mini("libperry_stdlib.a"),
                "--end-group");
        assertEquals(0, grouped.exit(), grouped.err());
        assertEquals(2, Cli.run("check", "--linker", "msvc", mini("main.o")).exit());
        assertEquals(2, Cli.run("check", "--", mini("main.o"), "--frob").exit());
    }
}
