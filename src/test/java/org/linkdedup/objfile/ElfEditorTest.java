package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.SymbolEditRefusedException.Refusal;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Fixtures.ProcessResult;
import org.linkdedup.testing.Toolchain;

/**
 * {@link ElfEditor} on objects made at test time by llvm-mc and clang: the same request applied by
 * {@code llvm-objcopy} is the oracle ({@code llvm-readobj} of both outputs must agree on symbols,
 * relocations, groups and the address-significance table), our reader sees only the requested
 * binding changes, and real links (ld.lld, GNU ld) show that weakened and localized definitions
 * behave as the linkers promise.
 */
@Toolchain
class ElfEditorTest {
    @TempDir
    Path dir;

    /**
     * Globals, a weak, a local, an undefined, a COMMON, a COMDAT group and an address-significance
     * table; {@code late} is defined after the group's signature, so localizing it moves the signature.
     */
    private static final String ASM = """
            .text
            .globl f
            .type f,@function
            f: nop
            .size f, 1
            .globl g
            .type g,@function
            g: nop
            .weak w
            w: nop
            l: nop
            .data
            .globl obj
            .type obj,@object
            .size obj, 16
            obj: .long f
            .long g
            .long h
            .long l
            .hidden hid
            .globl hid
            hid: .long 7
            .comm c,8,8
            .section .text.comdat_fn,"axG",@progbits,comdat_fn,comdat
            .weak comdat_fn
            .type comdat_fn,@function
            comdat_fn: .long f
            .long g
            .addrsig
            .addrsig_sym f
            .addrsig_sym g
            .addrsig_sym hid
            .addrsig_sym comdat_fn
            .data
            .globl late
            late: .long comdat_fn
            """;

    private static final String TRIPLES = "x86_64-linux-gnu,i386-linux-gnu,powerpc64-linux-gnu,mips-linux-gnu";

    private Path assemble(String triple, String source) throws IOException {
        Fixtures.requireTool("llvm-mc");
        Path s = dir.resolve("t.s");
        Files.writeString(s, source);
        Path o = dir.resolve(triple + ".o");
        Fixtures.run(dir, "llvm-mc", "-filetype=obj", "-triple", triple, "-o", o.toString(), s.toString()).assertOk();
        return o;
    }

    private static byte[] edit(Path object, SymbolEdits request) throws IOException {
        return ElfEditor.edit(ByteView.of(Files.readAllBytes(object), object.toString()), request);
    }

    private static String objcopy() {
        return Fixtures.findTool("llvm-objcopy-19").isPresent() ? "llvm-objcopy-19" : "llvm-objcopy";
    }

    private static String readobj() {
        return Fixtures.findTool("llvm-readobj-19").isPresent() ? "llvm-readobj-19" : "llvm-readobj";
    }

    /** Edits {@code object} with us and with llvm-objcopy and asserts both describe the same object. */
    private byte[] assertMatchesObjcopy(Path object, SymbolEdits request) throws IOException {
        Fixtures.requireTool(objcopy(), readobj());
        byte[] ours = edit(object, request);
        Path oursFile = dir.resolve("ours.o");
        Files.write(oursFile, ours);
        List<String> cmd = new ArrayList<>(List.of(objcopy()));
        request.weaken().stream().sorted().forEach(n -> cmd.add("--weaken-symbol=" + n));
        request.localize().stream().sorted().forEach(n -> cmd.add("--localize-symbol=" + n));
        cmd.add(object.toString());
        cmd.add(dir.resolve("theirs.o").toString());
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        Description theirs = describe(dir.resolve("theirs.o"));
        Description after = describe(oursFile);
        assertEquals(theirs.tables(), after.tables());
        // llvm-objcopy copies SHT_LLVM_ADDRSIG unchanged and marks it stale with sh_link 0 (lld then
        // ignores it); we renumber it, so it must still name the symbols it named before.
        assertEquals(describe(object).addrsig(), after.addrsig());
        assertReaderSeesOnly(object, ours, request);
        return ours;
    }

    /**
     * What llvm-readobj says of an object, without the indices and string offsets a reordering or a
     * new string table changes.
     *
     * @param tables  the symbols (sorted, by their fields), relocations (by target name) and groups
     *                (by signature and members)
     * @param addrsig the names the address-significance table holds, sorted
     */
    private record Description(List<String> tables, List<String> addrsig) {
    }

    private static final Pattern DECIMAL_INDEX = Pattern.compile(" \\(\\d+\\)");
    private static final Pattern HEX_INDEX = Pattern.compile(" \\(0x[0-9A-Fa-f]+\\)");

    /** See {@link Description}. */
    private Description describe(Path object) {
        ProcessResult r = Fixtures.run(dir, readobj(), "--symbols", "--relocations", "--section-groups", "--addrsig",
                object.toString()).assertOk();
        List<String> symbols = new ArrayList<>();
        List<String> addrsig = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        StringBuilder symbol = null;
        for (String raw : r.stdout().lines().toList()) {
            String line = DECIMAL_INDEX.matcher(raw.trim()).replaceAll("");
            if (line.startsWith("Section:")) {
                line = HEX_INDEX.matcher(line).replaceAll("");
            }
            if (line.equals("Symbol {")) {
                symbol = new StringBuilder();
            } else if (symbol != null && line.equals("}")) {
                symbols.add(symbol.toString());
                symbol = null;
            } else if (symbol != null) {
                symbol.append(line).append("; ");
            } else if (line.startsWith("Sym: ")) {
                addrsig.add(line);
            } else if (!line.startsWith("File:") && !line.startsWith("Index:") && !line.startsWith("Link:")
                    && !line.startsWith("Info:") && !line.startsWith("Section (")) {
                rest.add(line);
            }
        }
        symbols.sort(null);
        addrsig.sort(null);
        List<String> all = new ArrayList<>(symbols);
        all.addAll(rest);
        assertFalse(symbols.isEmpty(), r.stdout());
        return new Description(all, addrsig);
    }

    /** Our reader sees the same symbols before and after, but for the requested binding changes. */
    private static void assertReaderSeesOnly(Path object, byte[] edited, SymbolEdits request) throws IOException {
        List<String> before = new ArrayList<>();
        for (Symbol s : read(Files.readAllBytes(object)).symbols()) {
            Binding b = s.binding();
            if (request.weaken().contains(s.name()) && b == Binding.GLOBAL) {
                b = Binding.WEAK;
            } else if (request.localize().contains(s.name()) && s.isDefined()) {
                b = Binding.LOCAL;
            }
            before.add(new Symbol(s.name(), s.definition(), b, s.type(), s.size(), s.section(), s.sectionKind(),
                    s.visibility(), s.comdat()).toString());
        }
        List<String> after = new ArrayList<>(read(edited).symbols().stream().map(Symbol::toString).toList());
        before.sort(null);
        after.sort(null);
        assertEquals(before, after);
    }

    private static ElfObject read(byte[] bytes) {
        return (ElfObject) ObjectFiles.read(ByteView.of(bytes, "t.o"), new NameInterner());
    }

    private static Binding bindingOf(byte[] object, String name) {
        return read(object).symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().binding();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-linux-gnu", "i386-linux-gnu", "powerpc64-linux-gnu", "mips-linux-gnu"})
    void weakenMatchesObjcopyAndChangesOneByteEach(String triple) throws IOException {
        Path o = assemble(triple, ASM);
        byte[] input = Files.readAllBytes(o);
        byte[] out = assertMatchesObjcopy(o, SymbolEdits.weaken("f", "hid", "w"));
        assertEquals(input.length, out.length);
        int differing = 0;
        for (int i = 0; i < input.length; i++) {
            differing += input[i] != out[i] ? 1 : 0;
        }
        assertEquals(2, differing, "one st_info byte for f and one for hid; w is already weak");
        assertEquals(Binding.WEAK, bindingOf(out, "f"));
        assertEquals(Binding.GLOBAL, bindingOf(out, "g"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-linux-gnu", "i386-linux-gnu", "powerpc64-linux-gnu", "mips-linux-gnu"})
    void localizeMatchesObjcopy(String triple) throws IOException {
        Path o = assemble(triple, ASM);
        byte[] out = assertMatchesObjcopy(o, SymbolEdits.localize("g", "w", "hid", "late"));   // late follows the group's signature
        assertEquals(Binding.LOCAL, bindingOf(out, "g"));
        assertEquals(Files.size(o), out.length);
    }

    @Test
    void localizeAndWeakenTogetherMatchObjcopy() throws IOException {
        Path o = assemble("x86_64-linux-gnu", ASM);
        assertMatchesObjcopy(o, new SymbolEdits(Set.of("obj"), Set.of("f", "g")));
    }

    /** A C++ file with COMDAT inline functions, an address-significance table, and -ffunction-sections. */
    @Test
    void clangObjectWithComdatAndAddrsig() throws IOException {
        Fixtures.requireTool("clang-19");
        Files.writeString(dir.resolve("c.cc"), """
                inline int twice(int x) { return 2 * x; }
                int counter = 3;
                int helper(int x) { return x + counter; }
                int (*pick(int k))(int) { return k ? helper : twice; }
                int use(int y) { return twice(y) + helper(y); }
                """);
        Fixtures.run(dir, "clang-19", "-c", "-O0", "-faddrsig", "-ffunction-sections", "-fPIC", "c.cc", "-o", "c.o").assertOk();
        Path o = dir.resolve("c.o");
        assertMatchesObjcopy(o, SymbolEdits.localize("_Z6helperi", "counter"));
        assertMatchesObjcopy(o, SymbolEdits.weaken("_Z6helperi", "_Z3usei"));
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(o, SymbolEdits.localize("_Z5twicei")));
        assertTrue(e.refusals().get(0).reason().contains("signature of section group"), e.getMessage());
    }

    @Test
    void refusalsNameEverySymbolAndReason() throws IOException {
        Path o = assemble("x86_64-linux-gnu", ASM);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(o, new SymbolEdits(Set.of("h", "c", "nosuch", "l", "f"), Set.of("comdat_fn", "f"))));
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (Refusal r : e.refusals()) {
            reasons.put(r.symbol(), r.reason());
        }
        assertEquals(Set.of("c", "comdat_fn", "f", "h", "l", "nosuch"), reasons.keySet());
        assertTrue(reasons.get("h").startsWith("undefined here"), reasons.get("h"));
        assertTrue(reasons.get("c").startsWith("a COMMON symbol"), reasons.get("c"));
        assertTrue(reasons.get("nosuch").startsWith("no symbol of that name"), reasons.get("nosuch"));
        assertTrue(reasons.get("l").startsWith("a local symbol"), reasons.get("l"));
        assertTrue(reasons.get("comdat_fn").startsWith("the signature of section group"), reasons.get("comdat_fn"));
        assertEquals("asked both to weaken and to localize", reasons.get("f"));
        assertTrue(e.getMessage().contains("h: undefined here (SHN_UNDEF)"), e.getMessage());
    }

    @Test
    void gnuUniqueIsRefused() throws IOException {
        Path o = assemble("x86_64-linux-gnu", """
                .data
                .globl u
                .type u,@gnu_unique_object
                u: .long 1
                """);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(o, SymbolEdits.weaken("u")));
        assertTrue(e.getMessage().contains("STB_GNU_UNIQUE"), e.getMessage());
    }

    @Test
    void editingTwiceEqualsOnceAndTheInputIsUntouched() throws IOException {
        Path o = assemble("powerpc64-linux-gnu", ASM);
        byte[] input = Files.readAllBytes(o);
        byte[] copy = input.clone();
        SymbolEdits request = new SymbolEdits(Set.of("obj", "w"), Set.of("g", "hid"));
        byte[] once = ElfEditor.edit(ByteView.of(input, "t.o"), request);
        assertArrayEquals(copy, input);
        assertFalse(java.util.Arrays.equals(input, once));
        assertArrayEquals(once, ElfEditor.edit(ByteView.of(input, "t.o"), request));
        assertArrayEquals(once, ElfEditor.edit(ByteView.of(once, "t.o"), request));
        assertArrayEquals(input, ElfEditor.edit(ByteView.of(input, "t.o"), SymbolEdits.weaken("w")), "w is already weak");
    }

    /** More than SHN_LORESERVE sections: symbols in the last ones go through SHT_SYMTAB_SHNDX, reordered with them. */
    @Test
    void extendedSectionIndicesMoveWithTheirSymbols() throws IOException {
        StringBuilder asm = new StringBuilder(".text\n.globl a\na: nop\n.globl z\nz: nop\n");
        for (int i = 0; i < 65300; i++) {
            asm.append(".section .s").append(i).append(",\"a\"\n.byte 0\n");
        }
        asm.append(".globl b\nb: .byte 1\n.globl c\nc: .byte 2\n.data\n.long b\n.long c\n.long a\n"
                + ".addrsig\n.addrsig_sym b\n.addrsig_sym a\n");
        Path o = assemble("x86_64-linux-gnu", asm.toString());
        byte[] out = assertMatchesObjcopy(o, SymbolEdits.localize("b"));
        Symbol b = read(out).symbols().stream().filter(s -> s.name().equals("b")).findFirst().orElseThrow();
        assertTrue(b.section() > 0xff00, "b lives past SHN_LORESERVE: " + b);
    }

    /** Our address-significance table stays linked to the symbol table, so lld keeps using it (objcopy's is unlinked). */
    @Test
    void renumberedAddrsigStaysLinked() throws IOException {
        Path o = assemble("x86_64-linux-gnu", ASM);
        byte[] out = edit(o, SymbolEdits.localize("g"));
        ElfSectionTable t = ElfSectionTable.read(ByteView.of(out, "t.o"));
        int symtab = -1;
        int addrsig = -1;
        for (int s = 0; s < t.shnum; s++) {
            symtab = t.type(s) == Elf.SHT_SYMTAB ? s : symtab;
            addrsig = t.type(s) == Elf.SHT_LLVM_ADDRSIG ? s : addrsig;
        }
        assertTrue(addrsig > 0);
        assertEquals(symtab, t.link(addrsig));
    }

    /** An index that needs a longer ULEB128 than before cannot be written in place: refused, nothing written. */
    @Test
    void addrsigIndexThatOutgrowsItsBytesIsRefused() throws IOException {
        StringBuilder asm = new StringBuilder(".text\n");
        for (int i = 0; i < 126; i++) {
            asm.append("l").append(i).append(": nop\n");   // symbols 1..126
        }
        asm.append(".globl a\na: nop\n.globl b\nb: nop\n.addrsig\n.addrsig_sym a\n");   // a is 127, b 128
        Path o = assemble("x86_64-linux-gnu", asm.toString());
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(o, SymbolEdits.localize("b")));
        assertTrue(e.getMessage().contains("symbol index 128 does not fit the 1 bytes of its SHT_LLVM_ADDRSIG entry"), e.getMessage());
        assertMatchesObjcopy(o, SymbolEdits.weaken("b"));   // no renumbering, no refusal
    }

    /** A call-graph profile is linked to the symbol table and not renumbered: localizing is refused, weakening is not. */
    @Test
    void sectionsLinkedToTheSymbolTableThatAreNotRewrittenRefuseLocalizing() throws IOException {
        Path o = assemble("x86_64-linux-gnu", ASM + ".text\n.cg_profile f, g, 32\n");
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(o, SymbolEdits.localize("g")));
        assertEquals(1, e.refusals().size(), e.getMessage());
        assertNull(e.refusals().get(0).symbol());
        assertTrue(e.getMessage().contains("(type 0x6fff4c09) is linked to the symbol table"), e.getMessage());
        assertMatchesObjcopy(o, SymbolEdits.weaken("g"));
    }

    /** MIPS64 little-endian keeps r_info in another layout: localizing (renumbering) is refused, weakening is not. */
    @Test
    void mips64LittleEndianRefusesLocalizing() throws IOException {
        Path o = assemble("mips64el-linux-gnu", ASM);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(o, SymbolEdits.localize("g")));
        assertEquals("MIPS64 little-endian r_info is not rewritten", e.refusals().get(0).reason());
        assertMatchesObjcopy(o, SymbolEdits.weaken("g"));
    }

    @Test
    void truncatedSymbolTableIsAnInputFormatError() throws IOException {
        Path o = assemble("x86_64-linux-gnu", ASM);
        byte[] input = Files.readAllBytes(o);
        byte[] cut = java.util.Arrays.copyOf(input, input.length - 200);   // the section headers are at the end
        assertThrows(InputFormatException.class, () -> ElfEditor.edit(ByteView.of(cut, "cut.o"), SymbolEdits.weaken("f")));
    }

    /**
     * Sections written in place must overlap nothing else (lld calls such files malformed): the
     * symbol table over code would have its binding bytes written into the code; relocations
     * renumbered over another section would change it.
     */
    @Test
    void sectionsWrittenInPlaceMustOverlapNothingElse() throws IOException {
        byte[] input = Files.readAllBytes(assemble("x86_64-linux-gnu", ASM));
        ElfSectionTable t = ElfSectionTable.read(ByteView.of(input, "t.o"));
        int symtab = -1;
        int text = -1;
        int rela = -1;
        for (int s = 0; s < t.shnum; s++) {
            symtab = t.type(s) == Elf.SHT_SYMTAB ? s : symtab;
            text = t.type(s) == 1 && text < 0 && t.size(s) > 0 ? s : text;
            rela = t.type(s) == Elf.SHT_RELA && rela < 0 ? s : rela;
        }

        byte[] code = input.clone();
        java.nio.ByteBuffer.wrap(code).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong((int) t.offsetAt(text), t.offset(symtab));
        InputFormatException e = assertThrows(InputFormatException.class, () -> ElfEditor.edit(ByteView.of(code, "t.o"), SymbolEdits.weaken("g")));
        assertTrue(e.getMessage().contains("section " + symtab + " (type 0x2) at offset " + t.offset(symtab))
                && e.getMessage().contains("overlaps section " + text), e.getMessage());
        assertEquals(t.offsetAt(symtab), e.offset());

        assertThrows(InputFormatException.class, () -> ElfEditor.check(ByteView.of(code, "t.o"), SymbolEdits.weaken("g")),
                "the dry run finds it too");

        byte[] self = input.clone();
        java.nio.ByteBuffer.wrap(self).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) t.linkAt(symtab), symtab);
        e = assertThrows(InputFormatException.class, () -> ElfEditor.edit(ByteView.of(self, "t.o"), SymbolEdits.weaken("g")));
        assertTrue(e.getMessage().contains("gives itself as its string table"), e.getMessage());

        byte[] relocs = input.clone();
        java.nio.ByteBuffer.wrap(relocs).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong((int) t.offsetAt(rela), t.offset(text));
        e = assertThrows(InputFormatException.class, () -> ElfEditor.edit(ByteView.of(relocs, "t.o"), SymbolEdits.localize("f")));
        assertTrue(e.getMessage().contains("section " + rela + " (type 0x4)") && e.getMessage().contains("overlaps section " + text),
                e.getMessage());
    }

    // ------------------------------------------------------------------ links

    private Path cc(String name, String source) throws IOException {
        Files.writeString(dir.resolve(name + ".c"), source);
        Fixtures.run(dir, "cc", "-c", "-O0", "-fno-pic", name + ".c", "-o", name + ".o").assertOk();
        return dir.resolve(name + ".o");
    }

    private ProcessResult link(String linker, String out, String... objects) {
        List<String> cmd = new ArrayList<>(List.of("cc", "-no-pie", "-fuse-ld=" + linker, "-o", out));
        cmd.addAll(List.of(objects));
        return Fixtures.run(dir, cmd.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lld", "bfd"})
    void weakenedDuplicateLinksAndTheStrongOneWins(String linker) throws IOException {
        Fixtures.requireTool("cc", "ld.lld", "ld");
        Path a = cc("a", "int f(void) { return 11; }\n");
        cc("b", "int f(void) { return 22; }\n");
        cc("m", "int f(void);\nint main(void) { return f(); }\n");
        assertFalse(link(linker, "dup", "m.o", "a.o", "b.o").ok(), "the unedited objects must clash");
        Files.write(dir.resolve("a-weak.o"), edit(a, SymbolEdits.weaken("f")));
        link(linker, "prog", "m.o", "a-weak.o", "b.o").assertOk();
        assertEquals(22, Fixtures.run(dir, dir.resolve("prog").toString()).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lld", "bfd"})
    void localizedDuplicateKeepsEachObjectsCallsAtHome(String linker) throws IOException {
        Fixtures.requireTool("cc", "ld.lld", "ld");
        Path a = cc("a", "int f(void) { return 1; }\nint a_calls(void) { return f(); }\n");
        cc("b", "int f(void) { return 2; }\nint b_calls(void) { return f(); }\n");
        cc("m", "int f(void); int a_calls(void); int b_calls(void);\n"
                + "int main(void) { return a_calls() * 100 + b_calls() * 10 + f(); }\n");
        assertFalse(link(linker, "dup", "m.o", "a.o", "b.o").ok(), "the unedited objects must clash");
        Files.write(dir.resolve("a-local.o"), edit(a, SymbolEdits.localize("f")));
        link(linker, "prog", "m.o", "a-local.o", "b.o").assertOk();
        assertEquals(122, Fixtures.run(dir, dir.resolve("prog").toString()).exitCode(),
                "a's call goes to a's f (1), b's and main's to b's f (2)");
    }
}
