package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.ExternalTools.check;
import static org.linkdedup.objfile.ExternalTools.require;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;
import org.linkdedup.report.NmLetters;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * The facts readers keep of each symbol (type, size, section, what the section holds), on objects
 * assembled at test time and on committed fixtures, against what {@code llvm-readelf -s} and
 * {@code llvm-readobj --symbols} say of the same entries; and nm's letters derived from them.
 */
@Toolchain
class SymbolFactsTest {
    @TempDir
    Path dir;

    private static final String ELF_FACTS = """
            .text
            .globl func
            .type func,@function
            func: ret
            .size func, 1
            .globl ifunc_sym
            .type ifunc_sym,@gnu_indirect_function
            ifunc_sym: ret
            .globl label
            label: nop
            .data
            .weak weak_notype
            weak_notype: .quad 0
            .globl obj
            .type obj,@object
            .size obj, 8
            obj: .quad 1
            .hidden hidden_obj
            .globl hidden_obj
            .type hidden_obj,@object
            .size hidden_obj, 4
            hidden_obj: .long 2
            .weak weak_obj
            .type weak_obj,@object
            .size weak_obj, 8
            weak_obj: .quad 4
            .section .rodata,"a",@progbits
            .type local_ro,@object
            .size local_ro, 2
            local_ro: .short 3
            .section .tbss,"awT",@nobits
            .globl tls_var
            .type tls_var,@tls_object
            .size tls_var, 4
            tls_var: .zero 4
            .section .text.comdat_fn,"axG",@progbits,comdat_fn,comdat
            .weak comdat_fn
            .type comdat_fn,@function
            .size comdat_fn, 1
            comdat_fn: ret
            .comm common_var,16,8
            .globl abs_sym
            .set abs_sym, 0x1234
            .type undef_fn,@function
            .globl undef_fn
            .data
            .quad undef_fn
            .quad undef_plain
            """;

    private static final String MACHO_FACTS = """
            .text
            .globl _func
            _func: ret
            .private_extern _hidden
            _hidden: ret
            .data
            .globl _data
            _data: .quad 0
            .globl _weak
            .weak_definition _weak
            _weak: .quad 0
            .section __DATA,__const
            .globl _const
            _const: .quad 0
            .section __TEXT,__cstring,cstring_literals
            .globl _str
            _str: .asciz "hi"
            .zerofill __DATA,__bss,_bss,8,3
            .globl _bss
            .tbss _tlv$tlv$init, 8, 3
            .section __DATA,__thread_vars,thread_local_variables
            .globl _tlv
            _tlv: .quad 0
            .quad 0
            .quad _tlv$tlv$init
            .comm _common,16,4
            .globl _abs
            _abs = 0x10
            .data
            .quad _undef
            """;

    private Path assemble(String triple, String source) throws Exception {
        Files.writeString(dir.resolve("t.s"), source, StandardCharsets.ISO_8859_1);
        check(dir, require("llvm-mc"), "-filetype=obj", "-triple", triple, "-o", "t.o", "t.s");
        return dir.resolve("t.o");
    }

    private static ObjectFile read(Path file) throws IOException {
        return ObjectFiles.read(ByteView.map(file), new NameInterner());
    }

    private static Symbol symbol(ObjectFile o, String name) {
        return o.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + o.symbols()));
    }

    private static void assertFacts(Symbol s, Definition def, Binding binding, Type type, long size, SectionKind kind) {
        assertEquals(List.of(def, binding, type, size, kind),
                List.of(s.definition(), s.binding(), s.type(), s.size(), s.sectionKind()), s.name());
    }

    @Test
    void elfKeepsTypeSizeAndSectionOfEveryEntry() throws Exception {
        ObjectFile o = read(assemble("x86_64-linux-gnu", ELF_FACTS));
        assertFacts(symbol(o, "func"), Definition.DEFINED, Binding.GLOBAL, Type.FUNCTION, 1, SectionKind.CODE);
        assertFacts(symbol(o, "ifunc_sym"), Definition.DEFINED, Binding.GLOBAL, Type.IFUNC, 0, SectionKind.CODE);
        assertFacts(symbol(o, "label"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.CODE);
        assertFacts(symbol(o, "weak_notype"), Definition.DEFINED, Binding.WEAK, Type.NOTYPE, 0, SectionKind.DATA);
        assertFacts(symbol(o, "obj"), Definition.DEFINED, Binding.GLOBAL, Type.OBJECT, 8, SectionKind.DATA);
        assertFacts(symbol(o, "weak_obj"), Definition.DEFINED, Binding.WEAK, Type.OBJECT, 8, SectionKind.DATA);
        assertFacts(symbol(o, "local_ro"), Definition.DEFINED, Binding.LOCAL, Type.OBJECT, 2, SectionKind.READONLY);
        assertFacts(symbol(o, "tls_var"), Definition.DEFINED, Binding.GLOBAL, Type.TLS, 4, SectionKind.BSS);
        assertFacts(symbol(o, "comdat_fn"), Definition.DEFINED, Binding.WEAK, Type.FUNCTION, 1, SectionKind.CODE);
        assertFacts(symbol(o, "common_var"), Definition.COMMON, Binding.GLOBAL, Type.OBJECT, 16, SectionKind.NONE);
        assertFacts(symbol(o, "abs_sym"), Definition.ABSOLUTE, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.NONE);
        assertFacts(symbol(o, "undef_fn"), Definition.UNDEFINED, Binding.GLOBAL, Type.FUNCTION, 0, SectionKind.NONE);
        assertFacts(symbol(o, "undef_plain"), Definition.UNDEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.NONE);
        assertEquals(Visibility.HIDDEN, symbol(o, "hidden_obj").visibility());
        assertEquals("comdat_fn", symbol(o, "comdat_fn").comdat());
        assertNull(symbol(o, "func").comdat());
        assertEquals(symbol(o, "func").section(), symbol(o, "label").section());
        assertNotEquals(symbol(o, "func").section(), symbol(o, "comdat_fn").section());
        assertEquals(Symbol.COMMON_SECTION, symbol(o, "common_var").section());
        assertEquals(Symbol.ABSOLUTE_SECTION, symbol(o, "abs_sym").section());
        assertEquals(Symbol.NO_SECTION, symbol(o, "undef_plain").section());
        assertMatchesReadelf(dir, dir.resolve("t.o"), List.of(o));
    }

    @Test
    void elfNmLettersComeFromTheFacts() throws Exception {
        ObjectFile o = read(assemble("x86_64-linux-gnu", ELF_FACTS));
        Map<String, String> ours = new LinkedHashMap<>();
        for (Symbol s : o.symbols()) {
            ours.put(s.name(), NmLetters.of(s, o) + " " + NmLetters.kind(s, o));
        }
        // A weak entry is 'V' only when typed STT_OBJECT: untyped weak data is 'W', and nm's family says OTHER.
        assertEquals("W OTHER", ours.get("weak_notype"));
        assertEquals("V DATA", ours.get("weak_obj"));
        assertEquals("W TEXT", ours.get("comdat_fn"));
        assertEquals("i IFUNC", ours.get("ifunc_sym"));
        assertEquals("T TEXT", ours.get("label"));
        assertEquals("B BSS", ours.get("tls_var"));
        assertEquals("r READONLY", ours.get("local_ro"));
        assertEquals("C COMMON", ours.get("common_var"));
        assertEquals("A ABSOLUTE", ours.get("abs_sym"));
        assertEquals("U NONE", ours.get("undef_fn"));
        assertEquals(llvmNmLetters(dir, dir.resolve("t.o")), letters(o));
    }

    @Test
    void machOKeepsSectionsAndCommonSizesAndHasNoTypes() throws Exception {
        MachOObject o = (MachOObject) read(assemble("x86_64-apple-macos11", MACHO_FACTS));
        assertFacts(symbol(o, "_func"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.CODE);
        assertFacts(symbol(o, "_hidden"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.CODE);
        assertFacts(symbol(o, "_data"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.DATA);
        assertFacts(symbol(o, "_weak"), Definition.DEFINED, Binding.WEAK, Type.NOTYPE, 0, SectionKind.DATA);
        assertFacts(symbol(o, "_const"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.DATA);
        assertFacts(symbol(o, "_str"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.READONLY);
        assertFacts(symbol(o, "_bss"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.BSS);
        assertFacts(symbol(o, "_tlv$tlv$init"), Definition.DEFINED, Binding.LOCAL, Type.NOTYPE, 0, SectionKind.BSS);
        assertFacts(symbol(o, "_tlv"), Definition.DEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.TLS);
        assertFacts(symbol(o, "_common"), Definition.COMMON, Binding.GLOBAL, Type.NOTYPE, 16, SectionKind.NONE);
        assertFacts(symbol(o, "_abs"), Definition.ABSOLUTE, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.NONE);
        assertFacts(symbol(o, "_undef"), Definition.UNDEFINED, Binding.GLOBAL, Type.NOTYPE, 0, SectionKind.NONE);
        assertEquals(Visibility.HIDDEN, symbol(o, "_hidden").visibility());
        MachOObject.Section bss = o.sections().get(symbol(o, "_bss").section() - 1);
        assertEquals(List.of("__DATA", "__bss"), List.of(bss.segname(), bss.sectname()));
        assertTrue(o.sections().get(symbol(o, "_tlv$tlv$init").section() - 1).isThreadLocal());
        assertMatchesReadobj(dir, dir.resolve("t.o"), List.of(o));
        // nm: no weak letters, 'd' only for __DATA,__data, 's' for any other data section and thread-local storage
        Map<String, String> letters = letters(o);
        assertEquals("D", letters.get("_weak"));
        assertEquals("S", letters.get("_const"));
        assertEquals("s", letters.get("_tlv$tlv$init"));
        assertEquals(NmLetters.Kind.TLS, NmLetters.kind(symbol(o, "_tlv$tlv$init"), o));
        assertEquals(llvmNmLetters(dir, dir.resolve("t.o")), letters);
    }

    /** Every symbol of real objects and archives, ELF of each class and byte order, against llvm-readelf. */
    @ParameterizedTest
    @ValueSource(strings = {"elf/x86_64.o", "elf/i386.o", "elf/ppc32be.o", "elf/ppc64be.o", "ar/gnu.a",
        "perry-mini/elf/libperry_ext_http.a", "perry-mini/elf/main.o", "elf/xindex-i386.o.gz"})
    void elfFixturesMatchLlvmReadelf(String name) throws Exception {
        Path file = name.endsWith(".gz") ? Fixtures.smallGunzipped(name) : Fixtures.small(name);
        assertMatchesReadelf(dir, file, objects(file));
    }

    /** Every symbol of real Mach-O objects and archives against llvm-readobj. */
    @ParameterizedTest
    @ValueSource(strings = {"macho/x86_64.o", "macho/arm64.o", "macho/i386.o", "ar/darwin-x86_64.a",
        "perry-mini/macho-arm64/libperry_ext_http.a"})
    void machOFixturesMatchLlvmReadobj(String name) throws Exception {
        Path file = Fixtures.small(name);
        assertMatchesReadobj(dir, file, objects(file));
    }

    /** The file's object, or its archive's members' objects in member order. */
    private static List<ObjectFile> objects(Path file) throws IOException {
        ByteView v = ByteView.map(file);
        if (!ArchiveReader.isArchive(v)) {
            return List.of(read(file));
        }
        Archive a = ArchiveReader.read(file, v);
        List<ObjectFile> out = new ArrayList<>();
        for (ArchiveMember m : a.members()) {
            out.add(ObjectFiles.read(a.data(m), new NameInterner()));
        }
        return out;
    }

    /** {@code Num: Value Size Type Bind Vis [other] Ndx Name} of {@code llvm-readelf -s --wide}. */
    private static final Pattern READELF = Pattern.compile(
            "^\\s*(\\d+):\\s+\\S+\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s+\\[[^\\]]*\\])?\\s+(\\S+) ?(.*)$");

    private static void assertMatchesReadelf(Path dir, Path file, List<ObjectFile> objects) throws Exception {
        List<List<String>> tables = new ArrayList<>();
        for (String line : check(dir, require("llvm-readelf"), "-s", "--wide", file.toString()).out().split("\n")) {
            if (line.startsWith("Symbol table '.symtab'")) {
                tables.add(new ArrayList<>());
            }
            Matcher m = READELF.matcher(line);
            if (m.matches() && !m.group(1).equals("0") && !m.group(3).equals("SECTION") && !m.group(3).equals("FILE")) {
                tables.get(tables.size() - 1).add(m.group(7) + " " + m.group(3) + " " + size(m.group(2)) + " "
                        + m.group(4) + " " + m.group(5) + " " + m.group(6));
            }
        }
        List<List<String>> ours = new ArrayList<>();
        for (ObjectFile o : objects) {
            if (o instanceof ElfObject) {
                List<String> rows = new ArrayList<>();
                for (Symbol s : o.symbols()) {
                    rows.add(s.name() + " " + readelfType(s.type()) + " " + s.size() + " " + s.binding() + " "
                            + s.visibility() + " " + readelfNdx(s));
                }
                ours.add(rows);
            }
        }
        assertFalse(ours.stream().allMatch(List::isEmpty), "no symbols in " + file);
        assertEquals(tables, ours, file.toString());
    }

    private static long size(String s) {
        return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private static String readelfType(Type t) {
        return switch (t) {
            case NOTYPE -> "NOTYPE";
            case FUNCTION -> "FUNC";
            case OBJECT -> "OBJECT";
            case TLS -> "TLS";
            case COMMON -> "COMMON";
            case IFUNC -> "IFUNC";
            case OTHER -> "?";
        };
    }

    private static String readelfNdx(Symbol s) {
        return switch (s.section()) {
            case Symbol.NO_SECTION -> "UND";
            case Symbol.ABSOLUTE_SECTION -> "ABS";
            case Symbol.COMMON_SECTION -> "COM";
            case Symbol.RESERVED_SECTION -> "?";
            default -> String.valueOf(s.section());
        };
    }

    /**
     * The {@code Symbol { ... }} blocks of {@code llvm-readobj --symbols}, per member: name, binding,
     * visibility, {@code n_type}, {@code n_sect}, and a common symbol's size ({@code n_value}).
     */
    private static void assertMatchesReadobj(Path dir, Path file, List<ObjectFile> objects) throws Exception {
        List<List<String>> tables = new ArrayList<>();
        Map<String, String> block = null;
        for (String line : check(dir, require("llvm-readobj"), "--symbols", file.toString()).out().split("\n")) {
            String t = line.trim();
            if (t.startsWith("Symbols [")) {
                tables.add(new ArrayList<>());
            } else if (t.equals("Symbol {")) {
                block = new LinkedHashMap<>();
            } else if (block != null && t.equals("}")) {
                if (!block.get("Type").startsWith("SymDebugTable")) {   // stabs are not symbols to us
                    tables.get(tables.size() - 1).add(readobjRow(block));
                }
                block = null;
            } else if (block != null) {
                int colon = t.indexOf(": ");
                block.merge(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 2), (a, b) -> a + b);
            }
        }
        List<List<String>> ours = new ArrayList<>();
        for (ObjectFile o : objects) {
            if (o instanceof MachOObject) {
                List<String> rows = new ArrayList<>();
                for (Symbol s : o.symbols()) {
                    assertEquals(Type.NOTYPE, s.type(), s.name());
                    assertEquals(s.definition() == Definition.COMMON ? s.size() : 0, s.size(), s.name());
                    rows.add(s.name() + " " + s.binding() + " " + s.visibility() + " " + readobjType(s) + " "
                            + Math.max(s.section(), 0) + (s.definition() == Definition.COMMON ? " size " + s.size() : ""));
                }
                ours.add(rows);
            }
        }
        assertFalse(ours.stream().allMatch(List::isEmpty), "no symbols in " + file);
        assertEquals(tables, ours, file.toString());
    }

    private static String readobjRow(Map<String, String> b) {
        String name = b.get("Name");
        String type = b.get("Type");
        boolean ext = b.containsKey("Extern");
        long value = Long.decode(b.get("Value"));
        String section = b.get("Section");
        boolean common = type.startsWith("Undef") && ext && value != 0;
        boolean undefined = (type.startsWith("Undef") || type.startsWith("PreboundUndef")) && !common;
        String weakFlag = undefined ? "WeakRef" : "WeakDef";
        boolean weak = b.keySet().stream().anyMatch(k -> k.startsWith(weakFlag));
        return name.substring(0, name.lastIndexOf(" (")) + " " + (!ext ? "LOCAL" : weak ? "WEAK" : "GLOBAL") + " "
                + (b.containsKey("PrivateExtern") ? "HIDDEN" : "DEFAULT") + " " + type.substring(0, type.indexOf(" ("))
                + " " + Long.decode(section.substring(section.lastIndexOf('(') + 1, section.length() - 1))
                + (common ? " size " + value : "");
    }

    private static String readobjType(Symbol s) {
        return switch (s.definition()) {
            case UNDEFINED, COMMON -> "Undef";
            case ABSOLUTE -> "Abs";
            case INDIRECT -> "Indirect";
            case DEFINED -> "Section";
        };
    }

    /** {@code NAME -> letter} as llvm-nm prints them for a single object, locals included. */
    private static Map<String, String> llvmNmLetters(Path dir, Path object) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : check(dir, require("llvm-nm"), "-a", object.toString()).lines()) {
            String[] t = line.trim().split(" ");
            out.put(t[t.length - 1], t[t.length - 2]);
        }
        return out;
    }

    private static Map<String, String> letters(ObjectFile o) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Symbol s : o.symbols()) {
            out.put(s.name(), String.valueOf(NmLetters.of(s, o)));
        }
        return out;
    }
}
