package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Visibility;
import org.linkdedup.objfile.SymbolEditRefusedException.Refusal;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Fixtures.ProcessResult;
import org.linkdedup.testing.Toolchain;

/**
 * {@link MachOEditor} on objects made at test time by llvm-mc and clang. Weakening has
 * {@code llvm-objcopy --weaken-symbol} as its oracle. llvm-objcopy 19 refuses
 * {@code --localize-symbol} for Mach-O, so localizing has two others: a round trip through
 * llvm-objcopy (whose writer recomputes {@code LC_DYSYMTAB} from the symbols' {@code N_EXT} and
 * renumbers relocations and indirect symbols itself) must describe our output exactly, and our
 * output must describe the input but for the requested changes. Real links with ld64.lld show that
 * weakened and localized definitions behave as the linker promises.
 */
@Toolchain
class MachOEditorTest {
    @TempDir
    Path dir;

    /**
     * Functions calling each other through external relocations ({@code CALL} is the triple's call
     * instruction), data pointing at them, a weak definition, a local, a private extern, an
     * undefined reference, a common, an absolute and a non-lazy pointer section (indirect symbols).
     */
    private static final String ASM = """
            .text
            .globl _f
            _f: ret
            .globl _g
            _g: CALL _f
              CALL _h
              ret
            .globl _w
            .weak_definition _w
            _w: ret
            _l: CALL _f
              ret
            .data
            .globl _obj
            _obj: .quad _f
            .quad _g
            .quad _l
            .private_extern _hid
            .globl _hid
            _hid: .long 7
            .comm _c,8,3
            .globl _abs
            _abs = 42
            .section __DATA,__nl_symbol_ptr,non_lazy_symbol_pointers
            .indirect_symbol _f
            .quad 0
            .indirect_symbol _h
            .quad 0
            .indirect_symbol _obj
            .quad 0
            .subsections_via_symbols
            """;

    private static final Map<String, String> CALL = Map.of("x86_64-apple-macos11", "call", "arm64-apple-macos11", "bl");

    private Path assemble(String triple, String source) throws IOException {
        Fixtures.requireTool("llvm-mc");
        Path s = dir.resolve("t.s");
        Files.writeString(s, source.replace("CALL", CALL.getOrDefault(triple, "call")));
        Path o = dir.resolve(triple + ".o");
        Fixtures.run(dir, "llvm-mc", "-filetype=obj", "-triple", triple, "-o", o.toString(), s.toString()).assertOk();
        return o;
    }

    /** Compiles at -O0, so that each call in the source stays a call to the symbol it names. */
    private Path cc(String name, String source, String... flags) throws IOException {
        Fixtures.requireTool("clang-19");
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path o = dir.resolve(name + ".o");
        List<String> cmd = new ArrayList<>(List.of("clang-19", "-c", "--target=arm64-apple-macos11", "-O0"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", o.toString(), c.toString()));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return o;
    }

    private static byte[] edit(Path object, SymbolEdits request) throws IOException {
        return edit(Files.readAllBytes(object), request);
    }

    private static byte[] edit(byte[] object, SymbolEdits request) {
        return MachOEditor.edit(ByteView.of(object, "t.o"), request);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    // ------------------------------------------------------------------ describing an object

    /**
     * What llvm-readobj says of an object, with every symbol index replaced by the symbol's name and
     * without the string offsets a new string table changes.
     *
     * @param symbols    each symbol's fields, in table order
     * @param relocations each section's relocations, as printed (they name their symbols)
     * @param indirect   the names (or {@code LOCAL}/{@code ABSOLUTE}) of the indirect symbol table
     * @param dysymtab   the symbol ranges and table counts of {@code LC_DYSYMTAB}
     */
    private record Description(List<String> symbols, List<String> relocations, List<String> indirect,
                               Map<String, String> dysymtab) {
        List<String> sortedSymbols() {
            return symbols.stream().sorted().toList();
        }
    }

    private static final Pattern STRING_OFFSET = Pattern.compile("^Name: (\\S+) \\(\\d+\\)$");
    private static final Pattern INDIRECT = Pattern.compile("^Symbol Index: (\\S+)$");
    private static final Set<String> DYSYMTAB_KEYS = Set.of("ilocalsym", "nlocalsym", "iextdefsym", "nextdefsym",
            "iundefsym", "nundefsym", "ntoc", "nmodtab", "nextrefsyms", "nindirectsyms", "nextrel", "nlocrel");

    private Description describe(Path object) {
        Fixtures.requireTool(readobj());
        ProcessResult r = Fixtures.run(dir, readobj(), "--symbols", "--relocations", "--macho-dysymtab",
                "--macho-indirect-symbols", object.toString()).assertOk();
        List<String> symbols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> relocations = new ArrayList<>();
        List<String> indirectRaw = new ArrayList<>();
        Map<String, String> dysymtab = new LinkedHashMap<>();
        StringBuilder symbol = null;
        String block = "";
        for (String raw : r.stdout().lines().toList()) {
            String line = raw.trim();
            if (line.equals("Relocations [") || line.equals("Dysymtab {") || line.startsWith("Indirect Symbols")) {
                block = line;
            } else if (line.equals("Symbol {")) {
                symbol = new StringBuilder();
            } else if (symbol != null && line.equals("}")) {
                symbols.add(symbol.toString());
                symbol = null;
            } else if (symbol != null) {
                Matcher m = STRING_OFFSET.matcher(line);
                if (m.matches()) {
                    names.add(m.group(1));
                    line = "Name: " + m.group(1);
                }
                symbol.append(line).append("; ");
            } else if (block.equals("Relocations [")) {
                relocations.add(line);
            } else if (block.startsWith("Indirect") && INDIRECT.matcher(line).matches()) {
                indirectRaw.add(INDIRECT.matcher(line).replaceAll("$1"));
            } else if (block.equals("Dysymtab {") && line.contains(": ")) {
                String[] kv = line.split(": ", 2);
                if (DYSYMTAB_KEYS.contains(kv[0])) {
                    dysymtab.put(kv[0], kv[1]);
                }
            }
        }
        List<String> indirect = indirectRaw.stream().map(v -> indirectName(v, names)).toList();
        assertFalse(symbols.isEmpty(), r.stdout());
        return new Description(symbols, relocations, indirect, dysymtab);
    }

    private static String indirectName(String printed, List<String> names) {
        long v = Long.decode(printed);
        if ((v & 0xc0000000L) != 0) {
            return printed;   // INDIRECT_SYMBOL_LOCAL / ABS
        }
        return names.get((int) v);
    }

    private static String readobj() {
        return Fixtures.findTool("llvm-readobj-19").isPresent() ? "llvm-readobj-19" : "llvm-readobj";
    }

    private static String objcopy() {
        return Fixtures.findTool("llvm-objcopy-19").isPresent() ? "llvm-objcopy-19" : "llvm-objcopy";
    }

    private static MachOObject read(byte[] bytes) {
        return (MachOObject) ObjectFiles.read(ByteView.of(bytes, "t.o"), new NameInterner(), true);
    }

    /** Our reader sees the same symbols before and after, but for the requested changes. */
    private static void assertReaderSeesOnly(Path object, byte[] edited, SymbolEdits request) throws IOException {
        assertEquals(expectedAfter(read(Files.readAllBytes(object)).symbols(), request), sorted(read(edited).symbols()));
    }

    /** {@code before} with the requested bindings changed, as sorted strings (localizing reorders the table). */
    private static List<String> expectedAfter(List<Symbol> before, SymbolEdits request) {
        List<String> out = new ArrayList<>();
        for (Symbol s : before) {
            Binding b = s.binding();
            Visibility v = s.visibility();
            if (request.weaken().contains(s.name()) && b == Binding.GLOBAL) {
                b = Binding.WEAK;
            } else if (request.localize().contains(s.name()) && s.isDefined()) {
                b = Binding.LOCAL;
                v = Visibility.DEFAULT;
            }
            out.add(new Symbol(s.name(), s.definition(), b, s.type(), s.size(), s.section(), s.sectionKind(),
                    v, s.comdat()).toString());
        }
        out.sort(null);
        return out;
    }

    private static List<String> sorted(List<Symbol> symbols) {
        return symbols.stream().map(Symbol::toString).sorted().toList();
    }

    // ------------------------------------------------------------------ weaken

    /** Ours and llvm-objcopy's weakened objects describe the same object. */
    private byte[] assertWeakenMatchesObjcopy(Path object, SymbolEdits request) throws IOException {
        Fixtures.requireTool(objcopy());
        byte[] ours = edit(object, request);
        Path oursFile = write("ours.o", ours);
        List<String> cmd = new ArrayList<>(List.of(objcopy()));
        request.weaken().stream().sorted().forEach(n -> cmd.add("--weaken-symbol=" + n));
        cmd.add(object.toString());
        cmd.add(dir.resolve("theirs.o").toString());
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        assertEquals(describe(dir.resolve("theirs.o")), describe(oursFile));
        assertNotEquals(describe(object).symbols(), describe(oursFile).symbols());
        assertReaderSeesOnly(object, ours, request);
        return ours;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-apple-macos11", "arm64-apple-macos11"})
    void weakenMatchesObjcopyAndChangesOnlyNDesc(String triple) throws IOException {
        Path object = assemble(triple, ASM);
        byte[] in = Files.readAllBytes(object);
        byte[] ours = assertWeakenMatchesObjcopy(object, SymbolEdits.weaken("_f", "_g", "_hid", "_w"));
        assertEquals(in.length, ours.length);
        int changed = 0;
        for (int k = 0; k < in.length; k++) {
            if (in[k] != ours[k]) {
                changed++;
                assertEquals(0x80, ours[k] & 0x80 & ~in[k], "byte " + k + " gained N_WEAK_DEF");
            }
        }
        assertEquals(3, changed, "one n_desc byte per symbol that was strong (_w already weak)");
    }

    // ------------------------------------------------------------------ localize

    /**
     * Ours localized: llvm-objcopy's round trip of our output (it recomputes {@code LC_DYSYMTAB} and
     * renumbers every index from the symbols) describes it exactly, and it describes the input but
     * for the localized symbols, which lost {@code Extern}, {@code PrivateExtern} and {@code WeakDef}
     * and moved from the external definitions to the locals.
     */
    private byte[] assertLocalizeIsExact(Path object, SymbolEdits request) throws IOException {
        Fixtures.requireTool(objcopy());
        byte[] ours = edit(object, request);
        assertEquals(Files.size(object), ours.length);
        Path oursFile = write("ours.o", ours);
        Path roundTrip = dir.resolve("roundtrip.o");
        Fixtures.run(dir, objcopy(), oursFile.toString(), roundTrip.toString()).assertOk();
        Description after = describe(oursFile);
        assertEquals(describe(roundTrip), after);

        Description before = describe(object);
        assertEquals(before.relocations(), after.relocations());
        assertEquals(before.indirect(), after.indirect());
        int moved = request.localize().size();
        Map<String, String> expected = new LinkedHashMap<>(before.dysymtab());
        expected.put("nlocalsym", Integer.toString(Integer.parseInt(before.dysymtab().get("nlocalsym")) + moved));
        expected.put("iextdefsym", Integer.toString(Integer.parseInt(before.dysymtab().get("iextdefsym")) + moved));
        expected.put("nextdefsym", Integer.toString(Integer.parseInt(before.dysymtab().get("nextdefsym")) - moved));
        assertEquals(expected, after.dysymtab());
        List<String> expectedSymbols = new ArrayList<>(before.symbols().stream().map(s -> localized(s, request)).toList());
        expectedSymbols.sort(null);
        assertEquals(expectedSymbols, after.sortedSymbols());
        assertReaderSeesOnly(object, ours, request);
        return ours;
    }

    private static final Pattern FLAGS = Pattern.compile("Flags \\[ \\(0x([0-9A-F]+)\\); ");

    /**
     * The readobj description of a symbol once localized, if it is one of {@code request}'s: no
     * {@code Extern}, no {@code PrivateExtern}, no {@code WeakDef} (0x80) in its flags.
     */
    private static String localized(String symbol, SymbolEdits request) {
        String name = symbol.substring("Name: ".length(), symbol.indexOf(';'));
        if (!request.localize().contains(name)) {
            return symbol;
        }
        String s = symbol.replace("PrivateExtern; ", "").replace("Extern; ", "").replace("WeakDef (0x80); ", "");
        Matcher m = FLAGS.matcher(s);
        assertTrue(m.find(), s);
        int flags = Integer.parseInt(m.group(1), 16) & ~0x80;
        return s.substring(0, m.start()) + "Flags [ (0x" + Integer.toHexString(flags).toUpperCase() + "); "
                + s.substring(m.end());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-apple-macos11", "arm64-apple-macos11"})
    void localizeRenumbersRelocationsIndirectSymbolsAndDysymtab(String triple) throws IOException {
        Path object = assemble(triple, ASM);
        byte[] ours = assertLocalizeIsExact(object, SymbolEdits.localize("_f", "_hid", "_w"));
        int locals = Integer.parseInt(describe(object).dysymtab().get("nlocalsym"));
        Description after = describe(write("after.o", ours));
        // the locals stay first, the localized follow them in table order
        List<String> order = after.symbols().stream().map(s -> s.substring(6, s.indexOf(';'))).toList();
        assertTrue(order.subList(0, locals).contains("_l"), order.toString());
        assertEquals(List.of("_f", "_hid", "_w"), order.subList(locals, locals + 3));
    }

    @Test
    void localizeTheLastExternalDefinitionAndAnIndirectOne() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        assertLocalizeIsExact(object, SymbolEdits.localize("_obj"));
    }

    /** With {@code -faddrsig}, {@code __llvm_addrsig} names its symbols with relocations, renumbered like any. */
    @ParameterizedTest
    @ValueSource(strings = {"-fno-addrsig", "-faddrsig"})
    void clangObjectWeakenAndLocalize(String addrsig) throws IOException {
        Path object = cc("c", """
                static int counter;
                int f(int x) { return x + counter++; }
                int g(int x) { return f(x) * 2; }
                extern int h(int);
                int k(int x) { return h(f(x)) + g(x); }
                int (*table[])(int) = { f, g, k };
                """, addrsig);
        assertWeakenMatchesObjcopy(object, SymbolEdits.weaken("_f", "_table"));
        assertLocalizeIsExact(object, SymbolEdits.localize("_f", "_table"));
        assertLocalizeIsExact(object, SymbolEdits.localize("_g"));
    }

    @Test
    void objectWithoutExternalRelocationsNeedsNoRenumbering() throws IOException {
        Path object = assemble("arm64-apple-macos11", ".text\n.globl _a\n_a: ret\n.globl _b\n_b: ret\n");
        assertLocalizeIsExact(object, SymbolEdits.localize("_b"));
    }

    /** Without {@code LC_DYSYMTAB} there is no order to keep: only the localized entries' bytes change, in place. */
    @Test
    void withoutDysymtabLocalizingChangesEntriesInPlace() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        byte[] bytes = Files.readAllBytes(object);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(command(bytes, 0xb), 0x1b);   // now an LC_UUID
        byte[] ours = edit(bytes, SymbolEdits.localize("_f", "_w"));
        int f = symbolEntry(bytes, "_f");
        int w = symbolEntry(bytes, "_w");
        List<Integer> changed = new ArrayList<>();
        for (int k = 0; k < bytes.length; k++) {
            if (bytes[k] != ours[k]) {
                changed.add(k);
            }
        }
        assertEquals(List.of(f + 4, w + 4, w + 6), changed);
        assertEquals(0x0e, ours[f + 4]);
        assertEquals(0, ours[w + 6]);
        Path p = write("in.o", bytes);
        assertReaderSeesOnly(p, ours, SymbolEdits.localize("_f", "_w"));
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void refusalsNameEverySymbolAndReason() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(object,
                new SymbolEdits(Set.of("_h", "_c", "_l", "_abs", "_nope", "_g"), Set.of("_g"))));
        List<String> reasons = e.refusals().stream().map(Refusal::toString).toList();
        assertEquals(6, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("_abs: an absolute symbol (N_ABS)"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("_c: a common symbol (N_UNDF with n_value 8)"), reasons.toString());
        assertEquals("_g: asked both to weaken and to localize", reasons.get(2));
        assertTrue(reasons.get(3).startsWith("_h: undefined here (N_UNDF)"), reasons.toString());
        assertTrue(reasons.get(4).startsWith("_l: a local symbol"), reasons.toString());
        assertEquals("_nope: no symbol of that name in the symbol table", reasons.get(5));
    }

    @Test
    void privateExternOnlyIsRefusedWeakening() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        byte[] bytes = Files.readAllBytes(object);
        int entry = symbolEntry(bytes, "_hid");
        bytes[entry + 4] &= ~0x01;   // N_PEXT without N_EXT, as a static link leaves it
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(bytes, SymbolEdits.weaken("_hid")));
        assertTrue(e.refusals().get(0).reason().startsWith("private extern only (N_PEXT without N_EXT)"), e.getMessage());
    }

    @Test
    void nonEmptyTableOfContentsAndOtherCpusRefuseLocalizingButNotWeakening() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        byte[] bytes = Files.readAllBytes(object);
        int dysymtab = command(bytes, 0xb);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(dysymtab + 36, 1);   // ntoc
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(bytes, SymbolEdits.localize("_f")));
        assertEquals(List.of("LC_DYSYMTAB has a table of contents (1 entries), which is not rewritten"),
                e.refusals().stream().map(Refusal::reason).toList());
        edit(bytes, SymbolEdits.weaken("_f"));

        Path i386 = assemble("i386-apple-macos10.13", ".text\n.globl _f\n_f: ret\n_g: call _f\n");
        e = assertThrows(SymbolEditRefusedException.class, () -> edit(i386, SymbolEdits.localize("_f")));
        assertTrue(e.refusals().get(0).reason().startsWith("localizing is done for x86_64 and arm64 objects only"));
        assertEquals(Binding.WEAK, read(edit(i386, SymbolEdits.weaken("_f"))).symbols().stream()
                .filter(s -> s.name().equals("_f")).findFirst().orElseThrow().binding());
    }

    @Test
    void oldAddrsigContentsAndUnknownLoadCommandsRefuseLocalizing() throws IOException {
        Path object = cc("c", "int f(void) { return 1; }\nint (*p)(void) = f;\n", "-faddrsig");
        byte[] bytes = Files.readAllBytes(object);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int segment = command(bytes, 0x19);
        for (int s = 0; s < b.getInt(segment + 64); s++) {
            int header = segment + 72 + 80 * s;
            if (new String(bytes, header, 14, java.nio.charset.StandardCharsets.ISO_8859_1).equals("__llvm_addrsig")) {
                b.putInt(header + 60, 0);   // nreloc: the contents would be ULEB128 indices, as before LLVM 17
            }
        }
        b.putInt(command(bytes, 0x32), 0x99);   // LC_BUILD_VERSION becomes a command nobody knows
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(bytes, SymbolEdits.localize("_f")));
        List<String> reasons = e.refusals().stream().map(Refusal::reason).toList();
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).matches("load command \\d+ \\(cmd 0x99\\) is not one this editor knows.*"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("section __DATA,__llvm_addrsig holds symbol indices in its contents"),
                reasons.toString());
        edit(bytes, SymbolEdits.weaken("_f"));
    }

    @Test
    void nonObjectsAreRefused() throws IOException {
        byte[] execute = Files.readAllBytes(assemble("arm64-apple-macos11", ASM));
        execute[12] = 2;   // MH_EXECUTE
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class, () -> edit(execute, SymbolEdits.weaken("_f")));
        assertEquals("not a relocatable object (filetype 2, MH_OBJECT is 1)", e.refusals().get(0).reason());
    }

    // ------------------------------------------------------------------ universal files

    private static String lipoTool() {
        return Fixtures.findTool("llvm-lipo-19").isPresent() ? "llvm-lipo-19" : "llvm-lipo";
    }

    /** A universal file made by llvm-lipo from {@code thins}, with {@code fat_arch_64} entries when {@code fat64}. */
    private Path lipo(String name, boolean fat64, Path... thins) {
        Fixtures.requireTool(lipoTool());
        List<String> cmd = new ArrayList<>(List.of(lipoTool(), "-create"));
        if (fat64) {
            cmd.add("-fat64");
        }
        for (Path t : thins) {
            cmd.add(t.toString());
        }
        cmd.addAll(List.of("-output", dir.resolve(name).toString()));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(name);
    }

    /** One {@code fat_arch} entry, as this test reads it (independently of the code under test). */
    private record FatArch(int cputype, long offset, long size) {
    }

    private static List<FatArch> fatArchs(byte[] fat) {
        ByteBuffer b = ByteBuffer.wrap(fat).order(ByteOrder.BIG_ENDIAN);
        boolean is64 = b.getInt(0) == 0xcafebabf;
        List<FatArch> out = new ArrayList<>();
        for (int i = 0; i < b.getInt(4); i++) {
            int p = 8 + i * (is64 ? 32 : 20);
            out.add(is64 ? new FatArch(b.getInt(p), b.getLong(p + 8), b.getLong(p + 16))
                    : new FatArch(b.getInt(p), Integer.toUnsignedLong(b.getInt(p + 8)), Integer.toUnsignedLong(b.getInt(p + 12))));
        }
        return out;
    }

    private static byte[] slice(byte[] fat, FatArch arch) {
        return Arrays.copyOfRange(fat, (int) arch.offset(), (int) (arch.offset() + arch.size()));
    }

    /**
     * A universal file written here, for headers llvm-lipo does not make (two slices of one
     * architecture, none at all): {@code fat_arch} entries, each slice on its own 4 KiB pages.
     */
    private static byte[] fat(int[] cputypes, byte[]... slices) {
        long[] offsets = new long[slices.length];
        long end = 4096;
        for (int k = 0; k < slices.length; k++) {
            offsets[k] = end;
            end += (slices[k].length + 4095) / 4096 * 4096;
        }
        ByteBuffer fat = ByteBuffer.allocate((int) end).order(ByteOrder.BIG_ENDIAN);
        fat.putInt(0xcafebabe).putInt(slices.length);
        for (int k = 0; k < slices.length; k++) {
            fat.putInt(cputypes[k]).putInt(0).putInt((int) offsets[k]).putInt(slices[k].length).putInt(12);
        }
        for (int k = 0; k < slices.length; k++) {
            fat.put((int) offsets[k], slices[k]);
        }
        return fat.array();
    }

    private static UniversalObject readUniversal(byte[] bytes) {
        return (UniversalObject) ObjectFiles.read(ByteView.of(bytes, "u.o"), new NameInterner(), true);
    }

    /** {@code llvm-nm -m} of every architecture of {@code file}: each symbol's section and binding in words. */
    private List<String> nmDarwin(Path file) {
        Fixtures.requireTool("llvm-nm-19");
        return Fixtures.run(dir, "llvm-nm-19", "-m", "--arch=all", file.toString()).assertOk().stdout().lines()
                .map(l -> l.replace(file.toString(), "FILE")).toList();
    }

    private static final Pattern NM_BINDING = Pattern.compile("\\) (weak )?(private )?external (\\S+)$");

    /** The {@code llvm-nm -m} lines of an input with {@code request} applied: weak external, or non-external. */
    private static List<String> nmAfter(List<String> lines, SymbolEdits request) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = NM_BINDING.matcher(line);
            if (m.find() && request.weaken().contains(m.group(3)) && m.group(1) == null) {
                line = line.substring(0, m.start()) + ") weak " + (m.group(2) == null ? "" : m.group(2)) + "external " + m.group(3);
            } else if (m.find(0) && request.localize().contains(m.group(3))) {
                line = line.substring(0, m.start()) + ") non-external " + m.group(3);
            }
            out.add(line);
        }
        return out;
    }

    private static final SymbolEdits WEAKEN_AND_LOCALIZE = new SymbolEdits(Set.of("_g", "_w"), Set.of("_f", "_obj"));

    /**
     * Each slice of a universal file made by llvm-lipo ({@code fat_arch} or {@code fat_arch_64}
     * entries) comes out as the thin editor makes that object, in place, where llvm-lipo finds it;
     * the fat header and the padding between the slices stay; our reader and llvm-nm see exactly the
     * requested changes in every slice.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void universalFileHasEverySliceEditedInPlace(boolean fat64) throws IOException {
        Path x = assemble("x86_64-apple-macos11", ASM);
        Path a = assemble("arm64-apple-macos11", ASM);
        Path u = lipo("u.o", fat64, x, a);
        byte[] in = Files.readAllBytes(u);
        SymbolEdits request = WEAKEN_AND_LOCALIZE;
        byte[] ours = edit(in, request);
        assertEquals(in.length, ours.length);
        List<FatArch> archs = fatArchs(in);
        assertEquals(List.of(0x01000007, 0x0100000c), archs.stream().map(FatArch::cputype).toList());
        assertEquals(archs, fatArchs(ours));
        boolean[] inSlice = new boolean[in.length];
        for (FatArch f : archs) {
            Arrays.fill(inSlice, (int) f.offset(), (int) (f.offset() + f.size()), true);
        }
        for (int k = 0; k < in.length; k++) {
            if (!inSlice[k]) {
                assertEquals(in[k], ours[k], "byte " + k + " is outside the slices");
            }
        }
        Path oursFile = write("u.edited.o", ours);
        UniversalObject before = readUniversal(in);
        UniversalObject after = readUniversal(ours);
        Path[] thins = {x, a};
        String[] names = {"x86_64", "arm64"};
        for (int s = 0; s < 2; s++) {
            byte[] thin = Files.readAllBytes(thins[s]);
            assertArrayEquals(thin, slice(in, archs.get(s)), "llvm-lipo copies each object whole");
            byte[] expected = edit(thin, request);
            assertArrayEquals(expected, slice(ours, archs.get(s)), names[s]);
            Path extracted = dir.resolve("thin-" + names[s] + ".o");
            Fixtures.run(dir, lipoTool(), oursFile.toString(), "-thin", names[s], "-output", extracted.toString()).assertOk();
            assertArrayEquals(expected, Files.readAllBytes(extracted), names[s]);

            List<Symbol> was = before.slices().get(s).symbols();
            List<Symbol> is = after.slices().get(s).symbols();
            assertEquals(expectedAfter(was, request), sorted(is), names[s]);
            assertNotEquals(sorted(was), sorted(is), names[s]);
        }
        List<String> nmBefore = nmDarwin(u);
        List<String> nmAfter = nmDarwin(oursFile);
        assertEquals(nmAfter(nmBefore, request), nmAfter);
        assertTrue(nmAfter.contains("0000000000000000 (__TEXT,__text) non-external _f"), nmAfter.toString());
        assertTrue(nmAfter.contains("FILE (for architecture arm64):"), nmAfter.toString());
    }

    @Test
    void universalFileEditedTwiceEqualsOnceAndTheInputIsUntouched() throws IOException {
        Path u = lipo("u.o", false, assemble("x86_64-apple-macos11", ASM), assemble("arm64-apple-macos11", ASM));
        byte[] in = Files.readAllBytes(u);
        byte[] copy = in.clone();
        byte[] once = edit(in, WEAKEN_AND_LOCALIZE);
        assertArrayEquals(copy, in);
        assertArrayEquals(once, edit(in, WEAKEN_AND_LOCALIZE));
        assertArrayEquals(once, edit(once, WEAKEN_AND_LOCALIZE));
        assertFalse(Arrays.equals(in, once));
    }

    /** Another architecture's slice takes the same request: weakening works in all three, localizing i386 is refused. */
    @Test
    void universalRefusalInOneSliceRefusesTheFileAndNamesTheSlice() throws IOException {
        String simple = ".text\n.globl _f\n_f: ret\n.globl _g\n_g: CALL _f\n ret\n";
        Path u = lipo("u.o", false, assemble("x86_64-apple-macos11", simple), assemble("i386-apple-macos10.13", simple),
                assemble("arm64-apple-macos11", simple));
        byte[] in = Files.readAllBytes(u);
        UniversalObject weak = readUniversal(edit(in, SymbolEdits.weaken("_f")));
        assertEquals(List.of("x86_64", "i386", "arm64"), weak.slices().stream().map(MachOObject::archName).toList());
        for (MachOObject slice : weak.slices()) {
            assertEquals(Binding.WEAK, slice.symbols().stream().filter(s -> s.name().equals("_f")).findFirst()
                    .orElseThrow().binding(), slice.archName());
        }
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(in, SymbolEdits.localize("_f")));
        assertEquals(1, e.refusals().size(), e.getMessage());
        assertNull(e.refusals().get(0).symbol());
        assertTrue(e.refusals().get(0).reason().startsWith("slice i386: localizing is done for x86_64 and arm64 objects only"),
                e.getMessage());
    }

    /**
     * A name one slice does not define is refused (fail safe: see the class comment), and so is
     * every other reason of every slice, whole-object reasons first, then by symbol, in slice order.
     */
    @Test
    void universalRefusalsOfEverySliceAreListedTogether() throws IOException {
        Path x = assemble("x86_64-apple-macos11", ASM + "\n.text\n.globl _only_x\n_only_x: ret\n");
        Path a = assemble("arm64-apple-macos11", ASM);
        byte[] in = Files.readAllBytes(lipo("u.o", false, x, a));
        edit(in, SymbolEdits.weaken("_f", "_g"));
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(in, SymbolEdits.weaken("_only_x", "_h", "_f")));
        List<String> reasons = e.refusals().stream().map(Refusal::toString).toList();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("_h: slice x86_64: undefined here (N_UNDF)"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("_h: slice arm64: undefined here (N_UNDF)"), reasons.toString());
        assertEquals("_only_x: slice arm64: no symbol of that name in the symbol table", reasons.get(2));
        assertTrue(e.getMessage().startsWith("cannot rewrite symbols of file: _h: slice x86_64: "), e.getMessage());

        byte[] execute = in.clone();
        execute[(int) fatArchs(in).get(1).offset() + 12] = 2;   // the arm64 slice is MH_EXECUTE
        e = assertThrows(SymbolEditRefusedException.class, () -> edit(execute, SymbolEdits.weaken("_only_x", "_h")));
        reasons = e.refusals().stream().map(Refusal::toString).toList();
        assertEquals(List.of("slice arm64: not a relocatable object (filetype 2, MH_OBJECT is 1)"), reasons.subList(0, 1));
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(1).startsWith("_h: slice x86_64: undefined here"), reasons.toString());
    }

    /** Bitcode slices (clang -flto) and universal archives are not Mach-O objects: refused, saying what they are. */
    @Test
    void universalSlicesThatAreNotMachOObjectsAreRefused() throws IOException {
        Path x = assemble("x86_64-apple-macos11", ASM);
        Path bitcode = cc("lto", "int f(void) { return 1; }\n", "-flto");
        byte[] withBitcode = Files.readAllBytes(lipo("ub.o", false, x, bitcode));
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(withBitcode, SymbolEdits.weaken("_f")));
        assertEquals(List.of("slice arm64: LLVM bitcode, not a Mach-O object: its symbols are the LTO's, "
                + "this editor rewrites nlist entries"), e.refusals().stream().map(Refusal::toString).toList());

        Fixtures.requireTool("llvm-ar-19");
        Path a = assemble("arm64-apple-macos11", ASM);
        Fixtures.run(dir, "llvm-ar-19", "rc", dir.resolve("libx.a").toString(), x.toString()).assertOk();
        Fixtures.run(dir, "llvm-ar-19", "rc", dir.resolve("liba.a").toString(), a.toString()).assertOk();
        byte[] archives = Files.readAllBytes(lipo("u.a", false, dir.resolve("libx.a"), dir.resolve("liba.a")));
        e = assertThrows(SymbolEditRefusedException.class, () -> edit(archives, SymbolEdits.weaken("_f")));
        List<String> reasons = e.refusals().stream().map(Refusal::reason).toList();
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("slice x86_64: an archive, not a Mach-O object"), reasons.toString());
        assertTrue(reasons.get(1).contains("`lipo -thin arm64`"), reasons.toString());
    }

    /**
     * Headers written here, as llvm-lipo does not make them: two slices of one architecture are
     * edited alike and named by their index; a universal file without slices is refused.
     */
    @Test
    void universalFilesWrittenByHand() throws IOException {
        byte[] a = Files.readAllBytes(assemble("arm64-apple-macos11", ASM));
        byte[] twice = fat(new int[] {0x0100000c, 0x0100000c}, a, a);
        byte[] ours = edit(twice, WEAKEN_AND_LOCALIZE);
        byte[] expected = edit(a, WEAKEN_AND_LOCALIZE);
        for (FatArch f : fatArchs(twice)) {
            assertArrayEquals(expected, slice(ours, f));
        }
        assertEquals(2, readUniversal(ours).slices().size());
        SymbolEditRefusedException e = assertThrows(SymbolEditRefusedException.class,
                () -> edit(twice, SymbolEdits.weaken("_h")));
        List<String> reasons = e.refusals().stream().map(Refusal::reason).toList();
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("slice 0 (arm64): undefined here"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("slice 1 (arm64): undefined here"), reasons.toString());

        byte[] none = fat(new int[0]);
        e = assertThrows(SymbolEditRefusedException.class, () -> edit(none, SymbolEdits.weaken("_f")));
        assertEquals(List.of("a universal file without slices: no object to edit"),
                e.refusals().stream().map(Refusal::reason).toList());
    }

    /**
     * A slice past the end of the file, slices overlapping one another or the fat header, and a
     * malformed slice are input format errors. Two entries naming the same bytes are read by the
     * reader but not edited: editing each in place would edit those bytes twice.
     */
    @Test
    void malformedUniversalFilesAreInputFormatErrors() throws IOException {
        byte[] in = Files.readAllBytes(lipo("u.o", false, assemble("x86_64-apple-macos11", ASM),
                assemble("arm64-apple-macos11", ASM)));
        List<FatArch> archs = fatArchs(in);
        int arm64Entry = 8 + 20;

        byte[] past = in.clone();
        ByteBuffer.wrap(past).order(ByteOrder.BIG_ENDIAN).putInt(arm64Entry + 12, in.length);   // size
        InputFormatException e = assertThrows(InputFormatException.class, () -> edit(past, WEAKEN_AND_LOCALIZE));
        assertTrue(e.getMessage().contains("fat slice 1 (arm64) at offset " + archs.get(1).offset() + " of " + in.length
                + " bytes runs past the end of the file"), e.getMessage());
        assertEquals(arm64Entry + 12, e.offset());

        byte[] same = in.clone();
        ByteBuffer.wrap(same).order(ByteOrder.BIG_ENDIAN).putInt(arm64Entry + 8, (int) archs.get(0).offset())
                .putInt(arm64Entry + 12, (int) archs.get(0).size());
        assertEquals(2, readUniversal(same).slices().size());
        e = assertThrows(InputFormatException.class, () -> edit(same, WEAKEN_AND_LOCALIZE));
        assertEquals("fat slice 1 (arm64) at offset 4096 of " + archs.get(0).size() + " bytes overlaps fat slice 0 (x86_64) at offset 4096 of "
                + archs.get(0).size() + " bytes", e.reason());
        assertEquals(arm64Entry + 8, e.offset());

        byte[] overlapping = in.clone();
        ByteBuffer.wrap(overlapping).order(ByteOrder.BIG_ENDIAN).putInt(8 + 12, (int) (archs.get(1).offset() - 4096 + 16));
        e = assertThrows(InputFormatException.class, () -> edit(overlapping, WEAKEN_AND_LOCALIZE));
        assertTrue(e.reason().startsWith("fat slice 1 (arm64) at offset " + archs.get(1).offset() + " of "), e.getMessage());
        assertTrue(e.reason().contains("overlaps fat slice 0 (x86_64)"), e.getMessage());

        byte[] header = in.clone();
        ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN).putInt(8 + 8, 16);
        e = assertThrows(InputFormatException.class, () -> edit(header, WEAKEN_AND_LOCALIZE));
        assertEquals("fat slice 0 (x86_64) at offset 16 overlaps the fat header and its 2 entries (48 bytes)", e.reason());

        byte[] badSlice = in.clone();
        int arm64 = (int) archs.get(1).offset();
        byte[] thin = slice(in, archs.get(1));
        ByteBuffer.wrap(badSlice).order(ByteOrder.LITTLE_ENDIAN).putInt(arm64 + command(thin, 0x2) + 12, 1_000_000);   // nsyms
        e = assertThrows(InputFormatException.class, () -> edit(badSlice, WEAKEN_AND_LOCALIZE));
        assertTrue(e.reason().startsWith("fat slice 1 (arm64): nsyms 1000000"), e.getMessage());
        assertTrue(e.offset() >= arm64 && e.offset() < arm64 + thin.length, e.getMessage());
    }

    // ------------------------------------------------------------------ determinism, malformed input

    @Test
    void editingTwiceEqualsOnceAndTheInputIsUntouched() throws IOException {
        Path object = assemble("arm64-apple-macos11", ASM);
        byte[] in = Files.readAllBytes(object);
        byte[] copy = in.clone();
        SymbolEdits request = new SymbolEdits(Set.of("_g", "_w"), Set.of("_f", "_obj"));
        byte[] once = edit(in, request);
        assertArrayEquals(copy, in);
        assertArrayEquals(once, edit(in, request));
        assertArrayEquals(once, edit(once, request));
        assertFalse(java.util.Arrays.equals(in, once));
    }

    @Test
    void malformedObjectsAreInputFormatErrors() throws IOException {
        Path object = assemble("x86_64-apple-macos11", ASM);
        byte[] bytes = Files.readAllBytes(object);
        int symtab = command(bytes, 0x2);
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(symtab + 12, 1_000_000);   // nsyms
        InputFormatException e = assertThrows(InputFormatException.class, () -> edit(huge, SymbolEdits.weaken("_f")));
        assertTrue(e.getMessage().contains("nsyms 1000000"), e.getMessage());

        byte[] badReloc = bytes.clone();
        int reloff = ByteBuffer.wrap(badReloc).order(ByteOrder.LITTLE_ENDIAN).getInt(firstSection(badReloc) + 56);
        ByteBuffer.wrap(badReloc).order(ByteOrder.LITTLE_ENDIAN).putInt(reloff + 4, 0x2d000000 | 0xfffff);
        e = assertThrows(InputFormatException.class, () -> edit(badReloc, SymbolEdits.localize("_f")));
        assertTrue(e.getMessage().contains("r_symbolnum is symbol 1048575"), e.getMessage());

        assertThrows(InputFormatException.class, () -> edit(new byte[] {(byte) 0xcf, (byte) 0xfa}, SymbolEdits.weaken("_f")));
        byte[] cmds = bytes.clone();
        ByteBuffer.wrap(cmds).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0x7fffffff);   // sizeofcmds
        assertThrows(InputFormatException.class, () -> edit(cmds, SymbolEdits.weaken("_f")));
    }

    /**
     * A table written in place must not overlap what the load commands give to anything else
     * (llvm-objdump calls such files malformed): a symbol entry written over the string table
     * renamed symbols (a fuzzing finding, kept as a seed of MachOEditorFuzzTest), relocations
     * renumbered over section contents would change code.
     */
    @Test
    void tablesWrittenInPlaceMustOverlapNothingElse() throws IOException {
        byte[] bytes = Files.readAllBytes(assemble("x86_64-apple-macos11", ASM));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int symtab = command(bytes, 0x2);
        byte[] code = bytes.clone();
        int text = firstSection(code);
        ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN).putInt(text + 48, b.getInt(symtab + 8));   // __text's offset: the symbols'
        InputFormatException e = assertThrows(InputFormatException.class, () -> edit(code, SymbolEdits.weaken("_g")));
        assertTrue(e.getMessage().contains("the symbol table at offset " + b.getInt(symtab + 8))
                && e.getMessage().contains("overlaps section __TEXT,__text"), e.getMessage());
        assertEquals(symtab + 8, e.offset());

        byte[] relocs = bytes.clone();
        int section = firstSection(relocs);
        ByteBuffer.wrap(relocs).order(ByteOrder.LITTLE_ENDIAN).putInt(section + 56, b.getInt(section + 48));   // reloff = the section's offset
        e = assertThrows(InputFormatException.class, () -> edit(relocs, SymbolEdits.localize("_f")));
        assertTrue(e.getMessage().contains("the relocations of section __TEXT,__text") && e.getMessage().contains("overlaps section __TEXT,__text"),
                e.getMessage());
        // weakening rewrites n_desc only: relocations over code are not its business (the reader reads them as they are)
        assertDoesNotThrow(() -> edit(relocs, SymbolEdits.weaken("_g")));
    }

    /** Offset of the first load command {@code cmd} of a little-endian 64-bit object. */
    private static int command(byte[] bytes, int cmd) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 32;
        for (int i = 0; i < b.getInt(16); i++) {
            if (b.getInt(at) == cmd) {
                return at;
            }
            at += b.getInt(at + 4);
        }
        throw new AssertionError("no load command 0x" + Integer.toHexString(cmd));
    }

    private static int firstSection(byte[] bytes) {
        return command(bytes, 0x19) + 72;
    }

    /** Offset of the nlist_64 entry named {@code name} of a little-endian 64-bit object. */
    private static int symbolEntry(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int symtab = command(bytes, 0x2);
        int symoff = b.getInt(symtab + 8);
        int stroff = b.getInt(symtab + 16);
        for (int i = 0; i < b.getInt(symtab + 12); i++) {
            int strx = b.getInt(symoff + 16 * i);
            int end = stroff + strx;
            while (bytes[end] != 0) {
                end++;
            }
            if (new String(bytes, stroff + strx, end - stroff - strx, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals(name)) {
                return symoff + 16 * i;
            }
        }
        throw new AssertionError("no symbol " + name);
    }

    // ------------------------------------------------------------------ links

    private static final String LD = "ld64.lld";

    private ProcessResult link(String out, Path... objects) {
        List<String> cmd = new ArrayList<>(List.of(ld64().toString(), "-arch", "arm64", "-platform_version", "macos",
                "11.0", "11.0", "-e", "_main", "-o", dir.resolve(out).toString()));
        for (Path o : objects) {
            cmd.add(o.toString());
        }
        return Fixtures.run(dir, cmd.toArray(String[]::new));
    }

    private static Path ld64() {
        return Fixtures.findTool(LD).or(() -> Fixtures.findTool("ld64.lld-14")).orElseGet(() -> Fixtures.tool(LD));
    }

    private static final String A = "int f(void) { return 1; }\nint a_calls(void) { return f(); }\n";
    private static final String B = "int f(void) { return 2; }\nint b_calls(void) { return f(); }\n";
    private static final String M = "int f(void); int a_calls(void); int b_calls(void);\n"
            + "int main(void) { return a_calls() * 100 + b_calls() * 10 + f(); }\n";

    /** Address of the function whose body is {@code mov w0, #value; ret}, from llvm-objdump -d. */
    private static long functionReturning(String disassembly, int value) {
        Matcher m = Pattern.compile("(?m)^\\s*([0-9a-f]+):\\s+mov\\s+w0, #0x" + value + "\\b[^\\n]*\\n\\s*[0-9a-f]+:\\s+ret\\b")
                .matcher(disassembly);
        assertTrue(m.find(), disassembly);
        return Long.parseLong(m.group(1), 16);
    }

    /** For each function of the output (by its label), the addresses its {@code bl} instructions call. */
    private static Map<String, List<Long>> calls(String disassembly) {
        Map<String, List<Long>> calls = new LinkedHashMap<>();
        String current = null;
        for (String line : disassembly.lines().toList()) {
            Matcher label = Pattern.compile("^[0-9a-f]+ <(\\S+)>:$").matcher(line);
            Matcher bl = Pattern.compile("\\sbl\\s+0x([0-9a-f]+)").matcher(line);
            if (label.find()) {
                current = label.group(1);
                calls.putIfAbsent(current, new ArrayList<>());
            } else if (bl.find() && current != null) {
                calls.get(current).add(Long.parseLong(bl.group(1), 16));
            }
        }
        return calls;
    }

    private String disassemble(String out) {
        Fixtures.requireTool("llvm-objdump-19");
        return Fixtures.run(dir, "llvm-objdump-19", "-d", "--no-show-raw-insn", dir.resolve(out).toString())
                .assertOk().stdout();
    }

    @Test
    void weakenedDuplicateLinksAndTheStrongOneWins() throws IOException {
        ld64();
        Path a = cc("a", A);
        Path b = cc("b", B);
        Path m = cc("m", M);
        ProcessResult dup = link("dup", m, a, b);
        assertFalse(dup.ok(), dup.describe());
        assertTrue(dup.stderr().contains("duplicate symbol: _f"), dup.stderr());

        Path weakB = write("b.weak.o", edit(b, SymbolEdits.weaken("_f")));
        link("out", m, a, weakB).assertOk();
        String d = disassemble("out");
        long strong = functionReturning(d, 1);
        Map<String, List<Long>> calls = calls(d);
        assertEquals(List.of(strong), calls.get("_b_calls"), d);
        assertTrue(calls.get("_main").contains(strong), d);
        Fixtures.requireTool("llvm-nm-19");
        String nm = Fixtures.run(dir, "llvm-nm-19", dir.resolve("out").toString()).assertOk().stdout();
        assertTrue(nm.contains(String.format("%016x T _f", strong)), nm);
    }

    @Test
    void localizedDuplicateKeepsEachObjectsCallsAtHome() throws IOException {
        ld64();
        Path a = cc("a", A);
        Path b = cc("b", B);
        Path m = cc("m", M);
        Path localB = write("b.local.o", edit(b, SymbolEdits.localize("_f")));
        link("out", m, a, localB).assertOk();
        String d = disassemble("out");
        long fromA = functionReturning(d, 1);
        long fromB = functionReturning(d, 2);
        Map<String, List<Long>> calls = calls(d);
        assertEquals(List.of(fromB), calls.get("_b_calls"), d);
        assertEquals(List.of(fromA), calls.get("_a_calls"), d);
        assertTrue(calls.get("_main").contains(fromA) && !calls.get("_main").contains(fromB), d);
        String nm = Fixtures.run(dir, "llvm-nm-19", dir.resolve("out").toString()).assertOk().stdout();
        assertTrue(nm.contains(String.format("%016x T _f", fromA)), nm);
        assertTrue(nm.contains(String.format("%016x t _f", fromB)), nm);
    }

    /** ld64.lld takes a universal object's arm64 slice: the weakened duplicate in it gives way to the strong one. */
    @Test
    void weakenedDuplicateInAUniversalFileLinks() throws IOException {
        ld64();
        Path a = cc("a", A);
        Path bArm = cc("b", B);
        Path bX86 = cc("b-x86_64", B, "--target=x86_64-apple-macos11");
        Path m = cc("m", M);
        Path b = lipo("b.fat.o", false, bX86, bArm);
        ProcessResult dup = link("dup", m, a, b);
        assertFalse(dup.ok(), dup.describe());
        assertTrue(dup.stderr().contains("duplicate symbol: _f"), dup.stderr());

        Path weakB = write("b.fat.weak.o", edit(b, SymbolEdits.weaken("_f")));
        link("out", m, a, weakB).assertOk();
        String d = disassemble("out");
        long strong = functionReturning(d, 1);
        assertEquals(List.of(strong), calls(d).get("_b_calls"), d);
    }
}
