package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

class SymbolsCommandTest {

    /** llvm-nm -A lines {@code FILE:MEMBER: [ADDR] L NAME} as ours print them: {@code FILE(MEMBER): L NAME}. */
    private static List<String> llvmNm(Path file, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("llvm-nm", "-A", "--extern-only"));
        cmd.addAll(List.of(extra));
        cmd.add(file.toString());
        String out = Fixtures.run(Fixtures.projectRoot(), cmd.toArray(String[]::new)).stdout();
        List<String> lines = new ArrayList<>();
        String prefix = file + ":";
        for (String l : out.split("\n")) {
            if (!l.startsWith(prefix)) {
                continue;
            }
            String rest = l.substring(prefix.length());
            String where = file.toString();
            int colon = rest.indexOf(": ");
            if (colon >= 0 && !rest.startsWith(" ")) {
                where = file + "(" + rest.substring(0, colon) + ")";
                rest = rest.substring(colon + 2);
            }
            rest = rest.trim();
            int note = rest.indexOf(" (indirect for ");
            rest = note < 0 ? rest : rest.substring(0, note);
            String[] t = rest.split(" ", 3);
            String letterAndName = t.length == 3 ? t[1] + " " + t[2] : t.length == 2 && t[0].length() == 1 ? rest : "U " + rest;
            lines.add(where + ": " + letterAndName);
        }
        Collections.sort(lines);
        return lines;
    }

    private static List<String> ours(Path file) {
        Cli.Result r = Cli.run("symbols", file);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = new ArrayList<>(r.lines().stream().filter(l -> !l.startsWith("# ")).toList());
        Collections.sort(lines);
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf/x86_64.o", "elf/i386.o", "elf/ppc32be.o", "elf/ppc64be.o", "macho/x86_64.o",
        "macho/arm64.o", "macho/i386.o", "ar/gnu.a", "ar/bsd.a", "ar/darwin-x86_64.a", "ar/darwin-arm64.a", "ar/thin.a"})
    void textIsLlvmNmDashA(String name) {
        Fixtures.requireTool("llvm-nm");
        Path f = Fixtures.small(name);
        assertEquals(llvmNm(f), ours(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/x86_64-linux-gnu/libc.a", "/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a"})
    void textIsLlvmNmDashAOnSystemArchives(String name) {
        Fixtures.requireTool("llvm-nm");
        Path f = Path.of(name);
        if (!Files.exists(f)) {
            Fixtures.requireTool(name);   // fails on CI, skips elsewhere
        }
        assertEquals(llvmNm(f), ours(f));
    }

    @Test
    void textOnRustcMembersMatchesTheNativeTables() {
        Fixtures.requireTool("llvm-nm");
        Path f = Fixtures.perry("default").resolve("libperry_ext_http.a");
        assertEquals(llvmNm(f, "--no-llvm-bc"), ours(f));
    }

    @Test
    void tsvHasFiveColumnsAndADashForPlainObjects() {
        Cli.Result r = Cli.run("symbols", "--format", "tsv", Fixtures.small("elf/x86_64.o"), Fixtures.small("ar/gnu.a"));
        assertEquals(0, r.exit());
        for (String l : r.lines()) {
            String[] f = l.split("\t", -1);
            assertEquals(5, f.length, l);
            assertTrue(f[2].equals("D") || f[2].equals("U"), l);
            assertTrue(List.of("GLOBAL", "WEAK", "UNIQUE").contains(f[3]), l);
        }
        assertTrue(r.lines().contains(Fixtures.small("elf/x86_64.o") + "\t-\tU\tWEAK\tundef_weak"), r.out());
        assertTrue(r.lines().contains(Fixtures.small("ar/gnu.a") + "\tdup.o\tD\tGLOBAL\tmember_dup_two"), r.out());
    }

    @Test
    void definedUndefinedAndLocalFilters() {
        Path o = Fixtures.small("elf/x86_64.o");
        List<String> defined = Cli.run("symbols", "--defined-only", o).lines();
        List<String> undefined = Cli.run("symbols", "--undefined-only", o).lines();
        List<String> all = Cli.run("symbols", "--all", o).lines();
        List<String> external = Cli.run("symbols", o).lines();
        assertEquals(List.of(o + ": U undef_strong", o + ": w undef_weak"), undefined);
        assertEquals(external.size(), defined.size() + undefined.size());
        assertTrue(all.size() > external.size(), "--all adds locals");
        assertTrue(all.stream().anyMatch(l -> l.endsWith(" t local_func") || l.contains(": t ")), String.join("\n", all));
        assertEquals(2, Cli.run("symbols", "--defined-only", "--undefined-only", o).exit(), "mutually exclusive");
    }

    @Test
    void jsonSaysWhereEachMembersSymbolsCameFrom() throws Exception {
        Cli.Result r = Cli.run("symbols", "--format", "json", Fixtures.small("bitcode/mixed-clang14.a"), Fixtures.small("bitcode/llvm-as14.bc"));
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> sources = new ArrayList<>();
        doc.get("inputs").forEach(in -> in.get("members").forEach(m -> sources.add(m.get("source").asText())));
        assertTrue(sources.contains("bitcode") && sources.contains("native") && sources.contains("index-only"), sources.toString());
        JsonNode bc = doc.get("inputs").get(0).get("members").findParent("producer") ;
        assertNull(bc, "no stray fields");
        String text = Cli.run("symbols", Fixtures.small("bitcode/mixed-clang14.a")).out();
        assertTrue(text.contains(": LLVM bitcode symbol table (producer LLVM14"), text);
    }

    /** The symbol named {@code name} of the first input's first member in a {@code --format json} listing. */
    private static JsonNode jsonSymbol(JsonNode doc, String name) {
        for (JsonNode s : doc.get("inputs").get(0).get("members").get(0).get("symbols")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError(name + " not listed");
    }

    /** {@code type,definition,kind,symbolType,size,section,sectionKind} of one JSON symbol ("-" for no section). */
    private static String facts(JsonNode s) {
        return String.join(",", s.get("type").asText(), s.get("definition").asText(), s.get("kind").asText(),
                s.get("symbolType").asText(), s.get("size").asText(), s.has("section") ? s.get("section").asText() : "-",
                s.get("sectionKind").asText());
    }

    @Test
    void jsonGivesEachSymbolsTypeSizeAndSection() throws Exception {
        Cli.Result r = Cli.run("symbols", "--all", "--format", "json", Fixtures.small("elf/x86_64.o"));
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        // as llvm-readelf -s shows them
        assertEquals("T,defined,text,function,4,2,code", facts(jsonSymbol(doc, "g_func")));
        assertEquals("i,defined,ifunc,ifunc,4,2,code", facts(jsonSymbol(doc, "ifunc_sym")));
        assertEquals("V,defined,data,object,4,3,data", facts(jsonSymbol(doc, "w_data")));
        assertEquals("u,defined,data,object,4,3,data", facts(jsonSymbol(doc, "unique_data")));
        assertEquals("R,defined,readonly,object,7,6,readonly", facts(jsonSymbol(doc, "g_rodata")));
        assertEquals("B,defined,bss,tls,4,8,bss", facts(jsonSymbol(doc, "tls_bss")));
        assertEquals("D,defined,tls,tls,4,7,tls", facts(jsonSymbol(doc, "tls_data")));
        assertEquals("C,common,common,object,64,-,none", facts(jsonSymbol(doc, "common_sym2")));
        assertEquals("W,absolute,absolute,notype,0,-,none", facts(jsonSymbol(doc, "weak_abs")));
        assertEquals("w,undefined,none,notype,0,-,none", facts(jsonSymbol(doc, "undef_weak")));
        assertEquals("comdat_func", jsonSymbol(doc, "comdat_func").get("comdat").asText());

        Cli.Result m = Cli.run("symbols", "--all", "--format", "json", Fixtures.small("macho/x86_64.o"));
        assertEquals(0, m.exit(), m.err());
        JsonNode macho = new ObjectMapper().readTree(m.out());
        assertEquals("T,defined,text,notype,0,1,code", facts(jsonSymbol(macho, "_g_func")));
        assertEquals("C,common,common,notype,16,-,none", facts(jsonSymbol(macho, "_common_sym")));
        assertEquals("S,defined,tls,notype,0,5,tls", facts(jsonSymbol(macho, "_tls_var")));
    }

    @Test
    void malformedInputIsOneLineAndExit3(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.a");
        byte[] good = Files.readAllBytes(Fixtures.small("ar/gnu.a"));
        Files.write(bad, java.util.Arrays.copyOf(good, 100));
        Cli.Result r = Cli.run("symbols", bad);
        assertEquals(3, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().matches("linkdedup: .*bad\\.a(\\(.*\\))? at byte \\d+: .*\\n"), r.err());
        Cli.Result verbose = Cli.run("symbols", "-v", bad);
        assertEquals(3, verbose.exit());
        assertTrue(verbose.err().contains("at org.linkdedup."), "stack trace with -v");
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(2, Cli.run("symbols", "/no/such/file.a").exit());
        assertEquals("linkdedup: /no/such/file.a: no such file\n", Cli.run("symbols", "/no/such/file.a").err());
        assertEquals(2, Cli.run("symbols").exit());
        assertEquals(2, Cli.run("symbols", "--frobnicate", "x").exit());
        assertEquals(2, Cli.run("no-such-command").exit());
        assertEquals(2, Cli.run().exit());
    }

    @Test
    void helpAndVersion() {
        Cli.Result v = Cli.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("linkdedup "), v.out());
        Cli.Result h = Cli.run("--help");
        assertEquals(0, h.exit());
        for (String c : List.of("plan", "apply", "check", "symbols", "exec", "Exit status")) {
            assertTrue(h.out().contains(c), c + " in --help");
        }
        for (String c : List.of("plan", "apply", "check", "symbols", "exec")) {
            Cli.Result sub = Cli.run(c, "--help");
            assertEquals(0, sub.exit(), c);
            assertTrue(sub.out().contains("Examples:"), c + " --help has examples");
        }
    }
}
