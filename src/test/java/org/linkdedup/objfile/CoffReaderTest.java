package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.report.NmLetters;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/** The COFF reader on objects from clang-19 and mingw-w64 gcc, import libraries, and hand-made bytes. */
@Toolchain
class CoffReaderTest {

    static ObjectFile read(Path p, boolean locals) throws IOException {
        return ObjectFiles.read(ByteView.of(Files.readAllBytes(p), p.getFileName().toString()), new NameInterner(), locals);
    }

    static ObjectFile read(byte[] b) {
        return ObjectFiles.read(ByteView.of(b, "t.obj"), new NameInterner());
    }

    static Symbol sym(ObjectFile o, String name) {
        return o.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + o.symbols()));
    }

    static InputFormatException reject(byte[] b) {
        return assertThrows(InputFormatException.class, () -> read(b));
    }

    @Test
    void clangObjectsOfEachMachine(@TempDir Path dir) throws IOException {
        CoffFixtures.write(dir, "kinds.c", CoffFixtures.KINDS_C);
        ObjectFile x64 = read(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "kinds.c", "x64.obj"), true);
        ObjectFile a64 = read(CoffFixtures.clang(dir, "aarch64-pc-windows-msvc", "kinds.c", "a64.obj"), true);
        ObjectFile x86 = read(CoffFixtures.clang(dir, "i686-pc-windows-msvc", "kinds.c", "x86.obj"), true);
        assertEquals("COFF x86-64", x64.description());
        assertEquals("COFF ARM64", a64.description());
        assertEquals("COFF i386", x86.description());
        assertEquals(SymbolSource.NATIVE, x64.source());
        for (ObjectFile o : List.of(x64, a64, x86)) {
            String p = o == x86 ? "_" : "";   // i386 names carry the C underscore
            Symbol f = sym(o, p + "f");
            assertEquals(List.of(Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, SectionKind.CODE),
                    List.of(f.definition(), f.binding(), f.type(), f.sectionKind()));
            assertTrue(f.section() > 0);
            assertEquals(SectionKind.DATA, sym(o, p + "counter").sectionKind());
            assertEquals(Type.OBJECT, sym(o, p + "counter").type());
            assertEquals(SectionKind.READONLY, sym(o, p + "ro").sectionKind());
            assertEquals(SectionKind.BSS, sym(o, p + "zeroed").sectionKind());
            assertTrue(sym(o, p + "ext_fn").isUndefined());
            assertEquals(Binding.LOCAL, sym(o, p + "hidden_fn").binding());
            // clang writes a weak definition as a weak external searching its alias: defined, weak, in the alias's section.
            Symbol w = sym(o, p + "weak_fn");
            assertEquals(List.of(Definition.DEFINED, Binding.WEAK, SectionKind.CODE), List.of(w.definition(), w.binding(), w.sectionKind()));
            assertEquals(Definition.ABSOLUTE, sym(o, p + "weak_ref").definition(), "a weak reference aliases an absolute 0");
            assertEquals('W', NmLetters.of(w, o));
            assertEquals('T', NmLetters.of(f, o));
            assertEquals('t', NmLetters.of(sym(o, p + "hidden_fn"), o));
            assertEquals('B', NmLetters.of(sym(o, p + "zeroed"), o));
            assertEquals('R', NmLetters.of(sym(o, p + "ro"), o));
            assertEquals('U', NmLetters.of(sym(o, p + "ext_fn"), o));
        }
        ObjectFile noLocals = read(dir.resolve("x64.obj"), false);
        assertTrue(noLocals.symbols().stream().noneMatch(s -> s.binding() == Binding.LOCAL), noLocals.symbols().toString());
        assertEquals(x64.symbols().stream().filter(Symbol::isExternal).toList(), noLocals.symbols());
        assertTrue(x64.symbols().stream().noneMatch(s -> s.name().equals(".text") || s.name().endsWith(".c")),
                "section definitions and file records are no symbols");
    }

    @Test
    void directivesGiveIncludesAndAlternateNamesAndAMalformedOneIsBadInput(@TempDir Path dir) throws IOException {
        Fixtures.requireTool("clang-19");
        CoffFixtures.write(dir, "d.c", "#pragma comment(linker, \"/include:inc_a\")\n#pragma comment(linker, \"-INCLUDE:\\\"inc b\\\"\")\n"
                + "#pragma comment(linker, \"/ALTERNATENAME:from=to\")\nint x(void) { return 1; }\n");
        Path obj = CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "d.c", "d.obj");
        CoffObject o = (CoffObject) ObjectFiles.read(ByteView.of(Files.readAllBytes(obj), "d.obj"), new NameInterner());
        assertEquals(List.of("inc_a", "inc b"), o.includes());
        assertEquals(List.of(new CoffObject.Alias("from", "to")), o.alternateNames());
        CoffFixtures.write(dir, "bad.c", "#pragma comment(linker, \"/alternatename:bad\")\nint x(void) { return 1; }\n");
        byte[] bad = Files.readAllBytes(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "bad.c", "bad.obj"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> ObjectFiles.read(ByteView.of(bad, "bad.obj"), new NameInterner()));
        assertTrue(e.getMessage().matches("bad\\.obj at byte \\d+: \\.drectve section \\d+: /alternatename:bad is not FROM=TO"), e.getMessage());
    }

    @Test
    void comdatsCarryTheirKeyAndSelection(@TempDir Path dir) throws IOException {
        CoffFixtures.write(dir, "comdat.cpp", CoffFixtures.COMDAT_CPP);
        CoffFixtures.write(dir, "kinds.c", CoffFixtures.KINDS_C);
        CoffObject o = (CoffObject) read(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "comdat.cpp", "c.obj"), true);
        assertEquals("?inl@@YAHH@Z", sym(o, "?inl@@YAHH@Z").comdat());
        assertEquals("?sel@@3HA", sym(o, "?sel@@3HA").comdat());
        assertEquals(SectionKind.DATA, sym(o, "?sel@@3HA").sectionKind());
        assertNull(sym(o, "?use@@YAHH@Z").comdat());
        assertEquals(CoffObject.SELECT_ANY, o.comdatSelection("?inl@@YAHH@Z"));
        assertEquals(CoffObject.SELECT_ANY, o.comdatSelection("?sel@@3HA"));
        assertEquals(0, o.comdatSelection("?use@@YAHH@Z"));
        assertTrue(o.sections().stream().anyMatch(s -> s.name().equals(".text") && (s.characteristics() & 0x1000) != 0));
        // -ffunction-sections puts each function in a NODUPLICATES COMDAT: a second copy is a duplicate, so no key.
        CoffObject fs = (CoffObject) read(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "kinds.c", "fs.obj",
                "-ffunction-sections"), true);
        assertNull(sym(fs, "f").comdat());
        assertEquals(CoffObject.SELECT_NODUPLICATES, fs.comdatSelection("f"));
    }

    @Test
    void sectionsCarryTheirSizeAndComdatSectionsTheirChecksum(@TempDir Path dir) throws IOException {
        // what lld-link compares for SAME_SIZE, EXACT_MATCH and LARGEST COMDAT sections
        String s = ".section .data$c,\"dw\",same_contents,c\n.globl c\nc:\n.fill 12,1,%d\n.data\n.long 1\n";
        CoffFixtures.write(dir, "one.s", s.formatted(1));
        CoffFixtures.write(dir, "two.s", s.formatted(2));
        CoffObject one = (CoffObject) read(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "one.s", "one.obj"), false);
        CoffObject two = (CoffObject) read(CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "two.s", "two.obj"), false);
        CoffObject.Section c1 = one.sections().get(sym(one, "c").section() - 1);
        CoffObject.Section c2 = two.sections().get(sym(two, "c").section() - 1);
        assertEquals(".data$c", c1.name());
        assertEquals(12, c1.size());
        assertEquals(12, c2.size());
        assertNotEquals(0, c1.checksum());
        assertNotEquals(c1.checksum(), c2.checksum());
        assertEquals(CoffObject.SELECT_EXACT_MATCH, one.comdatSelection("c"));
        CoffObject.Section data = one.sections().stream().filter(x -> x.name().equals(".data")).findFirst().orElseThrow();
        assertEquals(4, data.size());
        assertEquals(0, data.checksum());
    }

    @Test
    void associativeSectionsTakeTheKeyOfTheirLeader() {
        CoffBytes b = new CoffBytes(false);
        int text = b.section(".text$mn", 0x60001020L);   // code, COMDAT
        int xdata = b.section(".xdata", 0x40001040L);    // read-only data, COMDAT
        int data = b.section(".data", 0xc0000040L);
        b.sectionSymbol(".text$mn", text, CoffObject.SELECT_LARGEST, 0);
        b.symbol("leader_function_name", 0, text, 0x20, 2, 0);
        b.symbol("also_in_text", 4, text, 0, 2, 0);
        b.sectionSymbol(".xdata", xdata, CoffObject.SELECT_ASSOCIATIVE, text);
        b.symbol("$unwind$x", 0, xdata, 0, 3, 0);
        b.symbol("plain", 0, data, 0, 2, 0);
        CoffObject o = (CoffObject) read(b.bytes());
        assertEquals("leader_function_name", sym(o, "leader_function_name").comdat());
        assertEquals("leader_function_name", sym(o, "also_in_text").comdat());
        assertEquals("leader_function_name", sym(o, "$unwind$x").comdat());
        assertEquals(Binding.LOCAL, sym(o, "$unwind$x").binding());
        assertNull(sym(o, "plain").comdat());
        assertEquals(CoffObject.SELECT_LARGEST, o.comdatSelection("leader_function_name"));
        assertEquals(Type.FUNCTION, sym(o, "leader_function_name").type());
        assertEquals(4, o.symbols().size(), o.symbols().toString());
    }

    @Test
    void bigobjRecordsHave32BitSectionNumbers() {
        CoffBytes b = new CoffBytes(true);
        int text = b.section(".text", 0x60000020L);
        b.sectionSymbol(".text", text, 0, 0);
        b.symbol("big_defined_function", 0, text, 0x20, 2, 0);
        b.symbol("absolute", 7, -1, 0, 2, 0);
        b.symbol("common", 16, 0, 0, 2, 0);
        b.symbol("undefined", 0, 0, 0, 2, 0);
        CoffObject o = (CoffObject) read(b.bytes());
        assertTrue(o.bigobj());
        assertEquals("COFF bigobj x86-64", o.description());
        assertEquals(1, sym(o, "big_defined_function").section());
        assertEquals(Definition.ABSOLUTE, sym(o, "absolute").definition());
        assertEquals(Definition.COMMON, sym(o, "common").definition());
        assertEquals(16, sym(o, "common").size());
        assertEquals(Definition.UNDEFINED, sym(o, "undefined").definition());
    }

    @Test
    void mingwGccCommonsWeakExternalsAndBigobj(@TempDir Path dir) throws IOException {
        CoffFixtures.write(dir, "kinds.c", CoffFixtures.KINDS_C);
        ObjectFile gcc = read(CoffFixtures.mingw(dir, "kinds.c", "k.o", "-fcommon"), true);
        ObjectFile big = read(CoffFixtures.mingw(dir, "kinds.c", "big.o", "-fcommon", "-Wa,-mbig-obj"), true);
        assertEquals("COFF x86-64", gcc.description());
        assertEquals("COFF bigobj x86-64", big.description());
        Symbol zeroed = sym(gcc, "zeroed");
        assertEquals(List.of(Definition.COMMON, 4L, Symbol.COMMON_SECTION), List.of(zeroed.definition(), zeroed.size(), zeroed.section()));
        assertEquals('C', NmLetters.of(zeroed, gcc));
        // binutils' weak externals do not search their alias: a weak reference with a default (llvm-nm: w).
        Symbol w = sym(gcc, "weak_fn");
        assertEquals(List.of(Definition.UNDEFINED, Binding.WEAK), List.of(w.definition(), w.binding()));
        assertEquals('w', NmLetters.of(w, gcc));
        assertEquals(gcc.symbols().stream().map(s -> s.name() + " " + s.definition() + " " + s.binding() + " " + s.sectionKind()).toList(),
                big.symbols().stream().map(s -> s.name() + " " + s.definition() + " " + s.binding() + " " + s.sectionKind()).toList());
    }

    @Test
    void importLibrariesDefineTheImpPointerAndTheThunk(@TempDir Path dir) throws IOException {
        Fixtures.requireTool("llvm-lib-19", "llvm-dlltool-19");
        CoffFixtures.write(dir, "x.def", CoffFixtures.DEF);
        Fixtures.run(dir, "llvm-lib-19", "/def:x.def", "/out:x.lib", "/machine:x64").assertOk();
        Fixtures.run(dir, "llvm-dlltool-19", "-d", "x.def", "-l", "x.a", "-m", "i386").assertOk();
        for (String lib : List.of("x.lib", "x.a")) {
            List<InputMember> members = new InputLoader().load(List.of(dir.resolve(lib))).get(0).members();
            List<CoffImport> imports = members.stream().map(InputMember::object).filter(CoffImport.class::isInstance)
                    .map(CoffImport.class::cast).toList();
            assertEquals(3, imports.size(), lib);
            String p = lib.equals("x.a") ? "_" : "";
            for (CoffImport i : imports) {
                assertEquals("COFF import (x.dll)", i.description());
                List<String> names = i.symbols().stream().map(Symbol::name).toList();
                assertEquals(switch (i.importType()) {
                    case 0, 2 -> List.of("__imp_" + i.name(), i.name());
                    default -> List.of("__imp_" + i.name());
                }, names, i.toString());
                assertTrue(i.symbols().stream().allMatch(Symbol::isExternalDefinition));
            }
            assertEquals(Set.of(p + "xfunc", p + "xdata", p + "xconst"), new HashSet<>(imports.stream().map(CoffImport::name).toList()));
            assertEquals(lib.equals("x.a") ? 0x14c : 0x8664, imports.get(0).machine());
            CoffImport func = imports.stream().filter(i -> i.importType() == 0).findFirst().orElseThrow();
            assertEquals('T', NmLetters.of(func.symbols().get(1), func));
        }
    }

    /** An anonymous header of {@code version} with {@code classId}, then some opaque data. */
    static byte[] anonymous(int version, byte[] classId, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0).putShort(2, (short) 0xffff).putShort(4, (short) version).putShort(6, (short) 0x8664);
        b.put(12, classId);
        return b.array();
    }

    @Test
    void otherAnonymousObjectsAreObjectsWithUnknownSymbols() {
        byte[] ltcg = new byte[16];
        Arrays.fill(ltcg, (byte) 0x5a);
        for (byte[] b : List.of(anonymous(1, ltcg, 64), anonymous(2, ltcg, 64), anonymous(1, bigobjClassId(), 64))) {
            ObjectFile o = read(b);
            OtherFile f = assertInstanceOf(OtherFile.class, o);
            assertTrue(f.object());
            assertEquals(SymbolSource.INDEX_ONLY, f.source(), "callers must treat its symbols as unknown");
            assertTrue(f.description().startsWith("COFF anonymous object (version"), f.description());
        }
        assertTrue(read(anonymous(1, ltcg, 64)).description().contains("{5A5A5A5A-5A5A-5A5A-5A5A-5A5A5A5A5A5A}"));
        assertEquals(SymbolSource.NONE, new OtherFile("text").source());
    }

    static byte[] bigobjClassId() {
        return new byte[] {(byte) 0xc7, (byte) 0xa1, (byte) 0xba, (byte) 0xd1, (byte) 0xee, (byte) 0xba, (byte) 0xa9, 0x4b,
            (byte) 0xaf, 0x20, (byte) 0xfa, (byte) 0xf6, 0x6a, (byte) 0xa4, (byte) 0xdc, (byte) 0xb8};
    }

    @Test
    void bitcodeInALibIsStillReadAsBitcode(@TempDir Path dir) throws IOException {
        CoffFixtures.write(dir, "kinds.c", CoffFixtures.KINDS_C);
        CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "kinds.c", "lto.obj", "-flto");
        Fixtures.requireTool("llvm-lib-19");
        Fixtures.run(dir, "llvm-lib-19", "/out:lto.lib", "lto.obj").assertOk();
        InputMember m = new InputLoader().load(List.of(dir.resolve("lto.lib"))).get(0).members().get(0);
        assertInstanceOf(BitcodeObject.class, m.object());
        assertEquals(SymbolSource.BITCODE, m.source());
        assertTrue(m.externalDefinitions().contains("f"), m.symbols().toString());
    }

    // ---- malformed input: each rejection names the field's byte offset

    @Test
    void truncatedHeaders() {
        byte[] regular = Arrays.copyOf(new byte[] {0x64, (byte) 0x86, 1, 0}, 12);
        assertEquals(0, reject(regular).offset());
        assertTrue(reject(regular).reason().contains("COFF file header"), reject(regular).reason());
        byte[] big = Arrays.copyOf(anonymous(2, bigobjClassId(), 64), 40);
        InputFormatException e = reject(big);
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("COFF bigobj header"), e.reason());
        assertEquals(0, reject(Arrays.copyOf(anonymous(0, new byte[16], 32), 10)).offset(), "import header");
        byte[] sections = new CoffBytes(false).bytes();
        sections[2] = 3;   // NumberOfSections 3, none there
        InputFormatException s = reject(sections);
        assertEquals(2, s.offset());
        assertTrue(s.reason().startsWith("NumberOfSections 3"), s.reason());
    }

    @Test
    void symbolTablePastTheEnd() {
        CoffBytes b = new CoffBytes(false);
        b.section(".text", 0x60000020L);
        b.symbol("a", 0, 1, 0, 2, 0);
        byte[] count = b.bytes();
        ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1000);
        assertEquals(12, reject(count).offset());
        byte[] pointer = b.bytes();
        ByteBuffer.wrap(pointer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1 << 20);
        assertEquals(8, reject(pointer).offset());
        byte[] aux = b.bytes();
        aux[b.symbolOffset(0) + 17] = 2;   // two aux records after the last record
        assertEquals(b.symbolOffset(0) + 17, reject(aux).offset());
        byte[] section = b.bytes();
        section[b.symbolOffset(0) + 12] = 9;   // section 9 of 1
        assertEquals(b.symbolOffset(0) + 12, reject(section).offset());
    }

    @Test
    void stringTableOffsetsPastTheEnd() {
        CoffBytes b = new CoffBytes(false);
        b.section(".text", 0x60000020L);
        b.symbol("a_name_longer_than_eight", 0, 1, 0, 2, 0);
        byte[] name = b.bytes();
        ByteBuffer.wrap(name).order(ByteOrder.LITTLE_ENDIAN).putInt(b.symbolOffset(0) + 4, 5000);
        InputFormatException e = reject(name);
        assertEquals(b.symbolOffset(0) + 4, e.offset());
        assertTrue(e.reason().contains("past the end of the string table"), e.reason());
        byte[] size = b.bytes();
        ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).putInt(b.stringTableOffset(), 5000);
        assertEquals(b.stringTableOffset(), reject(size).offset());
        byte[] section = b.bytes();
        System.arraycopy("/999\0\0\0\0".getBytes(), 0, section, 20, 8);   // section name offset past the table
        assertEquals(20, reject(section).offset());
        byte[] good = b.bytes();
        assertEquals("a_name_longer_than_eight", read(good).symbols().get(0).name());
    }

    @Test
    void bigobjWithBadCounts() {
        CoffBytes b = new CoffBytes(true);
        b.section(".text", 0x60000020L);
        b.symbol("a", 0, 1, 0, 2, 0);
        byte[] sections = b.bytes();
        ByteBuffer.wrap(sections).order(ByteOrder.LITTLE_ENDIAN).putInt(44, 0x7fffffff);
        assertEquals(44, reject(sections).offset());
        byte[] huge = b.bytes();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(44, 0x80000000);
        assertEquals(44, reject(huge).offset());
        byte[] symbols = b.bytes();
        ByteBuffer.wrap(symbols).order(ByteOrder.LITTLE_ENDIAN).putInt(52, 99);
        assertEquals(52, reject(symbols).offset());
        byte[] section = b.bytes();
        ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN).putInt(b.symbolOffset(0) + 12, 70000);
        assertEquals(b.symbolOffset(0) + 12, reject(section).offset());
    }

    @Test
    void malformedImportMembers() {
        byte[] b = anonymous(0, new byte[0], 28);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 100);
        assertEquals(12, reject(b).offset());
        byte[] noDll = anonymous(0, new byte[0], 24);
        ByteBuffer.wrap(noDll).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 4);
        System.arraycopy("abc\0".getBytes(), 0, noDll, 20, 4);
        assertEquals(24, reject(noDll).offset());
        byte[] ok = anonymous(0, new byte[0], 30);
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 10);
        System.arraycopy("abc\0y.dll\0".getBytes(), 0, ok, 20, 10);
        assertEquals("COFF import (y.dll)", read(ok).description());
        assertEquals(List.of("__imp_abc", "abc"), read(ok).symbols().stream().map(Symbol::name).toList());
    }
}
