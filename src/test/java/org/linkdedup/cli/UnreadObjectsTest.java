package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Asm;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * Issue 18's fail-safe: an object in a format no reader here decodes (a WebAssembly member) says
 * that its references are unknown, takes its defined names from the archive index, and keeps every
 * candidate of its archive: a member whose needs are unknown is never left without what it may need.
 */
class UnreadObjectsTest {
    @TempDir
    Path dir;

    static final String RT = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";

    @Test
    void aWasmMemberIsIndexOnlyAndKeepsTheCandidatesOfItsArchive() throws Exception {
        Fixtures.requireTool("clang-19", "llvm-ar");
        Files.writeString(dir.resolve("w.c"), "int w_fn(void) { return 1; }\nextern int js_gap(void);\nint w2(void) { return js_gap(); }\n");
        Fixtures.run(dir, "clang-19", "--target=wasm32-unknown-unknown", "-c", "w.c", "-o", "w.o").assertOk();
        Asm a = new Asm(dir);
        a.object(RT, "T js_wait_for_event", "T js_gap");
        Path w = a.archive("libperry_ext_http.a", "w.o", RT);

        Cli.Result symbols = Cli.run("symbols", "--format", "json", w);
        assertEquals(0, symbols.exit(), symbols.err());
        JsonNode members = new ObjectMapper().readTree(symbols.out()).get("inputs").get(0).get("members");
        JsonNode wasm = members.get(0);
        assertEquals("w.o", wasm.get("name").asText(), wasm.toString());
        assertFalse(wasm.get("undefinedKnown").asBoolean(), wasm.toString());
        assertEquals("index-only", wasm.get("source").asText(), wasm.toString());
        assertTrue(wasm.toString().contains("w_fn") && wasm.toString().contains("w2"), "its names come from the index: " + wasm);

        a.object("perry_stdlib-5d6e." + RT + ".rcgu.o", "T js_wait_for_event");
        Path s = a.archive("libperry_stdlib.a", "perry_stdlib-5d6e." + RT + ".rcgu.o");
        Path main = a.object("main.o", "T main", "U js_wait_for_event", "U w_fn");
        Cli.Result plan = Cli.run("plan", "--allow-split", main, w, s);
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled " + RT + " — sibling w.o has unknown references"
                + " (index-only: its own symbol table is not read)", plan.lines().get(0), plan.out() + plan.err());
    }

    /**
     * A candidate whose own symbols cannot be read and that no index lists (an archive written
     * without one) is never dropped on its name alone: nothing says what it provides.
     */
    @Test
    void anUnreadCandidateThatNoIndexListsIsKept() throws Exception {
        Fixtures.requireTool("clang-19", "llvm-ar");
        Files.createDirectories(dir.resolve("w"));
        Files.writeString(dir.resolve("w/rt.c"), "int js_wait_for_event(void) { return 1; }\nint ui_only_symbol(void) { return 2; }\n");
        Fixtures.run(dir.resolve("w"), "clang-19", "--target=wasm32-unknown-unknown", "-c", "rt.c", "-o", RT).assertOk();
        Fixtures.run(dir, "llvm-ar", "rcS", "libperry_ext_http.a", "w/" + RT).assertOk();   // S: no index
        Asm a = new Asm(dir);
        a.object("perry_stdlib-5d6e." + RT + ".rcgu.o", "T js_wait_for_event");
        Path s = a.archive("libperry_stdlib.a", "perry_stdlib-5d6e." + RT + ".rcgu.o");
        Path main = a.object("main.o", "T main", "U js_wait_for_event");
        Cli.Result plan = Cli.run("plan", "--allow-split", main, dir.resolve("libperry_ext_http.a"), s);
        assertEquals("[strip-dedup] libperry_ext_http.a: keeping bundled " + RT + " — its symbols are not read (WebAssembly object"
                + " (symbols not read)) and the archive index lists none for it: what it provides is unknown", plan.lines().get(0),
                plan.out() + plan.err());
        assertTrue(plan.out().contains("dry run: 0 member(s) would be dropped"), plan.out());
    }
}
