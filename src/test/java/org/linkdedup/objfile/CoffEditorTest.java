package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.SymbolEditRefusedException.Refusal;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * {@link CoffEditor} on objects made at test time by clang-19 (x86-64 MSVC) and mingw-w64 gcc
 * ({@code /bigobj}, commons). llvm-objcopy 19 refuses both {@code --localize-symbol} and
 * {@code --weaken-symbol} for COFF, so the oracle is llvm-readobj-19's and llvm-nm-19's reading of
 * our output: the storage class {@code Static} and nm's lower-case letter, every other record and
 * byte as before.
 */
@Toolchain
class CoffEditorTest {
    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Fixtures.requireTool("clang-19", "llvm-readobj-19", "llvm-nm-19");
    }

    private static final String SRC = """
            int counter = 3;
            int unused_data = 4;
            extern int ext_fn(int);
            __attribute__((weak)) int weak_fn(void) { return 7; }
            int helper(int x) { return x * 2; }
            int f(int x) { return helper(x) + ext_fn(x) + counter; }
            """;

    private Path clang(String name, String src, String... extra) throws Exception {
        CoffFixtures.write(dir, name + ".c", src);
        return CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", name + ".c", name + ".obj", extra);
    }

    private static byte[] edit(Path obj, SymbolEdits request) throws Exception {
        return CoffEditor.edit(ByteView.of(Files.readAllBytes(obj), obj.getFileName().toString()), request);
    }

    private static List<Refusal> refusals(Path obj, SymbolEdits request) throws Exception {
        byte[] in = Files.readAllBytes(obj);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> CoffEditor.edit(ByteView.of(in, "x.obj"), request));
        SymbolEditRefusedException c = assertThrows(SymbolEditRefusedException.class,
                () -> SymbolEditors.check(ByteView.of(in, "x.obj"), request), "check refuses what edit refuses");
        assertEquals(e.refusals(), c.refusals());
        return e.refusals();
    }

    private static Symbol symbol(byte[] bytes, String name) {
        return ObjectFiles.read(ByteView.of(bytes, "x.obj"), new NameInterner()).symbols().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** llvm-readobj-19's StorageClass line for {@code name}. */
    private String storageClass(Path obj, String name) {
        String out = Fixtures.run(dir, "llvm-readobj-19", "--symbols", obj.toString()).assertOk().stdout();
        Matcher m = Pattern.compile("Name: " + Pattern.quote(name) + "\\n(?:.*\\n){4}\\s*StorageClass: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private String nmLetter(Path obj, String name) {
        String out = Fixtures.run(dir, "llvm-nm-19", obj.toString()).assertOk().stdout();
        return out.lines().filter(l -> l.endsWith(" " + name)).map(l -> l.split(" ")[1]).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void localizeChangesOneStorageClassByteAndTheToolsReadItStatic() throws Exception {
        Path obj = clang("plain", SRC);
        byte[] in = Files.readAllBytes(obj);
        byte[] out = edit(obj, SymbolEdits.localize("f", "counter"));
        assertEquals(in.length, out.length);
        int diffs = 0;
        for (int i = 0; i < in.length; i++) {
            diffs += in[i] != out[i] ? 1 : 0;
        }
        assertEquals(2, diffs, "one StorageClass byte per symbol");
        Path edited = Files.write(dir.resolve("edited.obj"), out);
        assertEquals("External", storageClass(obj, "f"));
        assertEquals("Static", storageClass(edited, "f"));
        assertEquals("Static", storageClass(edited, "counter"));
        assertEquals("External", storageClass(edited, "helper"));
        assertEquals("T", nmLetter(obj, "f"));
        assertEquals("t", nmLetter(edited, "f"));
        assertEquals("d", nmLetter(edited, "counter"));
        assertEquals(Symbol.Binding.LOCAL, symbol(out, "f").binding());
        assertEquals(symbol(in, "f").withBinding(Symbol.Binding.LOCAL), symbol(out, "f"));
        assertArrayEquals(out, CoffEditor.edit(ByteView.of(out, "edited.obj"), SymbolEdits.localize("f", "counter")),
                "editing twice equals editing once");
    }

    @Test
    void bigobjAndI386ObjectsAreLocalizedToo() throws Exception {
        Fixtures.requireTool("x86_64-w64-mingw32-gcc");
        CoffFixtures.write(dir, "k.c", SRC);
        Path big = CoffFixtures.mingw(dir, "k.c", "big.o", "-Wa,-mbig-obj");
        Path edited = Files.write(dir.resolve("big-edited.o"), edit(big, SymbolEdits.localize("f")));
        assertEquals("Static", storageClass(edited, "f"));
        assertEquals(Symbol.Binding.LOCAL, symbol(Files.readAllBytes(edited), "f").binding());
        Path x86 = CoffFixtures.clang(dir, "i686-pc-windows-msvc", "k.c", "k86.obj");
        Path e86 = Files.write(dir.resolve("k86-edited.obj"), edit(x86, SymbolEdits.localize("_f")));
        assertEquals("Static", storageClass(e86, "_f"));
    }

    @Test
    void weakeningIsRefusedWithTheReason() throws Exception {
        Path obj = clang("plain", SRC);
        List<Refusal> r = refusals(obj, SymbolEdits.weaken("f"));
        assertEquals(1, r.size(), r.toString());
        assertEquals("f", r.get(0).symbol());
        assertTrue(r.get(0).reason().startsWith("COFF has no weak definition that fits in place"), r.toString());
    }

    @Test
    void refusesUndefinedWeakExternalsUnknownNamesAndReportsThemAll() throws Exception {
        Path obj = clang("plain", SRC);
        List<Refusal> r = refusals(obj, SymbolEdits.localize("ext_fn", "weak_fn", "nope", "f"));
        assertEquals(List.of("ext_fn", "nope", "weak_fn"), r.stream().map(Refusal::symbol).toList(), r.toString());
        assertTrue(r.get(0).reason().startsWith("undefined here"), r.toString());
        assertTrue(r.get(1).reason().startsWith("no symbol of that name"), r.toString());
        assertTrue(r.get(2).reason().startsWith("a weak external"), r.toString());
    }

    @Test
    void refusesCommonSymbols() throws Exception {
        Fixtures.requireTool("x86_64-w64-mingw32-gcc");
        CoffFixtures.write(dir, "c.c", "int common_var;\nint g(void) { return common_var; }\n");
        Path obj = CoffFixtures.mingw(dir, "c.c", "c.o", "-fcommon");
        List<Refusal> r = refusals(obj, SymbolEdits.localize("common_var"));
        assertTrue(r.get(0).reason().startsWith("a common symbol"), r.toString());
    }

    @Test
    void refusesComdatDefinitions() throws Exception {
        CoffFixtures.write(dir, "comdat.cpp", CoffFixtures.COMDAT_CPP);
        Path obj = CoffFixtures.clang(dir, "x86_64-pc-windows-msvc", "comdat.cpp", "comdat.obj");
        List<Refusal> r = refusals(obj, SymbolEdits.localize("?sel@@3HA"));
        assertTrue(r.get(0).reason().startsWith("defined in COMDAT section"), r.toString());
        // a plain definition of the same object is fine
        assertEquals(Symbol.Binding.LOCAL, symbol(edit(obj, SymbolEdits.localize("?use@@YAHH@Z")), "?use@@YAHH@Z").binding());
    }

    @Test
    void refusesANameTheObjectsLinkerDirectivesUse() throws Exception {
        Path obj = clang("drectve", "__declspec(dllexport) int exported(void) { return 1; }\n"
                + "#pragma comment(linker, \"/include:included\")\nint included(void) { return 2; }\nint plain(void) { return 3; }\n");
        List<Refusal> r = refusals(obj, SymbolEdits.localize("exported", "included"));
        assertEquals(2, r.size(), r.toString());
        assertTrue(r.get(0).reason().contains("linker directive /EXPORT:exported"), r.toString());
        assertTrue(r.get(1).reason().contains("/include:included"), r.toString());
        assertEquals(Symbol.Binding.LOCAL, symbol(edit(obj, SymbolEdits.localize("plain")), "plain").binding());
    }

    @Test
    void inPlaceOfWeakeningOnlyWhatNothingElseInTheObjectUses() throws Exception {
        Path obj = clang("plain", SRC);
        // counter and helper are used by f's code; f and unused_data only by .pdata (f's own unwind entry) or nothing
        List<Refusal> r = refusals(obj, new SymbolEdits(Set.of(), Set.of("counter", "helper", "f", "unused_data"),
                Set.of("counter", "helper", "f", "unused_data")));
        assertEquals(List.of("counter", "helper"), r.stream().map(Refusal::symbol).toList(), r.toString());
        assertTrue(r.get(0).reason().contains("1 relocation(s) in .text"), r.toString());
        assertTrue(r.get(0).reason().contains("COFF has no weak definition that fits in place"), r.toString());
        byte[] out = edit(obj, SymbolEdits.localizeUnreferenced("f", "unused_data"));
        assertEquals(Symbol.Binding.LOCAL, symbol(out, "f").binding());
        assertEquals(Symbol.Binding.LOCAL, symbol(out, "unused_data").binding());
        // asked plainly (--localize), a used definition is localized: its users keep this copy
        assertEquals(Symbol.Binding.LOCAL, symbol(edit(obj, SymbolEdits.localize("counter")), "counter").binding());
    }

    @Test
    void otherFormatsRefuseLocalizingInPlaceOfWeakening() {
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> SymbolEditors.edit(ByteView.of(elf, "x.o"), SymbolEdits.localizeUnreferenced("f")));
        assertTrue(e.getMessage().contains("for COFF objects only"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SymbolEdits(Set.of(), Set.of(), Set.of("f")));
    }

    @Test
    void importMembersHaveNoSymbolTableToRewrite() throws Exception {
        Fixtures.requireTool("llvm-lib-19");
        CoffFixtures.write(dir, "x.def", CoffFixtures.DEF);
        Fixtures.run(dir, "llvm-lib-19", "/def:x.def", "/out:x.lib", "/machine:x64").assertOk();
        Archive lib = ArchiveReader.open(dir.resolve("x.lib"));
        ByteView member = lib.data(lib.members().get(lib.members().size() - 1));
        assertTrue(ObjectFiles.read(member, new NameInterner()) instanceof CoffImport);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> SymbolEditors.edit(member, SymbolEdits.localize("xfunc")));
        assertTrue(e.refusals().get(0).reason().contains("no symbol table to rewrite"), e.getMessage());
        assertNotNull(SymbolEditors.cannotEdit(ObjectFiles.read(member, new NameInterner())));
    }

    @Test
    void aSymbolTableOverlappingRelocationsIsMalformedWithItsOffset() throws Exception {
        Path obj = clang("plain", SRC);
        byte[] b = Files.readAllBytes(obj);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int symoff = buf.getInt(8);
        int textHeader = 20 + (buf.getShort(16) & 0xffff);   // section 1 (.text) has relocations
        buf.putInt(textHeader + 24, symoff + 18);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> CoffEditor.edit(ByteView.of(b, "bad.obj"), SymbolEdits.localize("f")));
        // named at the header field giving the range written (PointerToSymbolTable)
        assertTrue(e.getMessage().startsWith("bad.obj at byte 8: the symbol table at offset " + symoff), e.getMessage());
        assertTrue(e.getMessage().contains("overlaps relocations of section 1 at offset " + (symoff + 18)), e.getMessage());
    }
}
