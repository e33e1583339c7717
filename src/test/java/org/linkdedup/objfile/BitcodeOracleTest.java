package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.ExternalTools.check;
import static org.linkdedup.objfile.ExternalTools.require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;
import org.linkdedup.objfile.bitcode.BitCodes;
import org.linkdedup.objfile.bitcode.BitcodeContents;
import org.linkdedup.report.NmLetters;
import org.linkdedup.testing.Toolchain;

/**
 * Bitcode written by clang 14 and 19, read by linkdedup and by llvm-nm of the same LLVM version:
 * per file, the defined external names and the undefined names must be equal, with no mismatch.
 */
@Toolchain
class BitcodeOracleTest {

    /** Weak, common, hidden, protected, TLS, alias, ifunc, module-level asm, used static, private string. */
    private static final String FEATURES_C = """
            int common_var;
            __attribute__((weak)) int weak_fn(void) { return 1; }
            __attribute__((visibility("hidden"))) int hidden_var = 3;
            __attribute__((visibility("protected"))) int prot_fn(void) { return 2; }
            __thread int tls_var = 5;
            static int local_fn(void) { return 7; }
            int aliased(void) { return local_fn(); }
            int alias_name(void) __attribute__((alias("aliased")));
            extern int ext_var;
            extern int ext_fn(void);
            __attribute__((weak)) extern int weak_ref(void);
            int use(void) { return ext_fn() + ext_var + (weak_ref ? weak_ref() : 0) + common_var; }
            __asm__(".globl asm_sym\\nasm_sym: ret");
            static int impl_fn(void) { return 1; }
            typedef int (*fp)(void);
            static fp resolve_it(void) { return impl_fn; }
            int ifunc_sym(void) __attribute__((ifunc("resolve_it")));
            int call_ifunc(void) { return ifunc_sym(); }
            __attribute__((used)) static int kept_static = 9;
            const char *str(void) { return "hello"; }
            """;

    /** COMDATs (template instances, inline function), a TLS wrapper, a global constructor (llvm.global_ctors). */
    private static final String COMDAT_CPP = """
            template <typename T> T twice(T x) { return x + x; }
            inline int inl(int x) { return x * 3; }
            extern int external_thing(int);
            static int init_me() { return external_thing(1); }
            int global_init = init_me();
            int user(int x) { return twice(x) + twice<long>(x) + inl(x); }
            thread_local int tls_cpp = 3;
            """;

    /** With -fsplit-lto-unit and whole-program vtables, clang writes two modules and one symbol table. */
    private static final String VTABLES_CPP = """
            struct __attribute__((visibility("hidden"))) Base { virtual int f(); virtual ~Base(); };
            struct __attribute__((visibility("hidden"))) Derived : Base { int f() override; };
            int Base::f() { return 1; }
            Base::~Base() {}
            int Derived::f() { return 2; }
            int call(Base *b) { return b->f(); }
            Base *make() { return new Derived; }
            """;

    private static final String SMALL_C = """
            int b_def(void) { return 4; }
            extern int a_ref(void);
            int b_use(void) { return a_ref(); }
            """;

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private ObjectFile read(String file) throws IOException {
        return ObjectFiles.read(ByteView.map(dir.resolve(file)), new NameInterner());
    }

    private BitcodeObject readBitcode(String file) throws IOException {
        ObjectFile o = read(file);
        assertInstanceOf(BitcodeObject.class, o, file);
        return (BitcodeObject) o;
    }

    private static List<String> names(List<Symbol> symbols, Predicate<Symbol> filter) {
        return symbols.stream().filter(filter).map(Symbol::name).sorted().toList();
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /** linkdedup's defined external and undefined names equal llvm-nm's for {@code file}. */
    private void assertMatchesNm(String nm, String file, List<Symbol> symbols) throws Exception {
        List<String> defined = sorted(check(dir, nm, "--extern-only", "--defined-only", "-j", file).lines());
        List<String> undefined = sorted(check(dir, nm, "--extern-only", "--undefined-only", "-j", file).lines());
        assertFalse(defined.isEmpty(), nm + " listed no definitions in " + file);
        assertEquals(defined, names(symbols, Symbol::isExternalDefinition), "defined names of " + file);
        assertEquals(undefined, names(symbols, s -> s.isUndefined() && s.isExternal()), "undefined names of " + file);
    }

    private static Symbol symbol(BitcodeObject o, String name) {
        return o.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + o.symbols()));
    }

    @ParameterizedTest(name = "clang-{0}")
    @ValueSource(ints = {14, 19})
    void cFeaturesMatchLlvmNm(int llvm) throws Exception {
        write("a.c", FEATURES_C);
        check(dir, require("clang-" + llvm), "-flto", "-fcommon", "-c", "a.c", "-o", "a.o");
        BitcodeObject o = readBitcode("a.o");
        assertEquals(SymbolSource.BITCODE, o.source());
        assertTrue(o.producer().startsWith("LLVM" + llvm + "."), o.producer());
        assertMatchesNm(require("llvm-nm-" + llvm), "a.o", o.symbols());

        assertEquals(Definition.COMMON, symbol(o, "common_var").definition());
        assertEquals(Binding.WEAK, symbol(o, "weak_fn").binding());
        assertEquals(Visibility.HIDDEN, symbol(o, "hidden_var").visibility());
        assertEquals(Visibility.PROTECTED, symbol(o, "prot_fn").visibility());
        assertEquals(Type.TLS, symbol(o, "tls_var").type());
        assertEquals(NmLetters.Kind.TLS, NmLetters.kind(symbol(o, "tls_var"), o));
        assertEquals(Type.FUNCTION, symbol(o, "asm_sym").type());
        assertEquals(NmLetters.Kind.TEXT, NmLetters.kind(symbol(o, "asm_sym"), o));
        assertEquals(Definition.DEFINED, symbol(o, "alias_name").definition());
        assertEquals(Definition.DEFINED, symbol(o, "ifunc_sym").definition());
        assertEquals(Binding.LOCAL, symbol(o, "local_fn").binding());
        assertEquals(Binding.WEAK, symbol(o, "weak_ref").binding());
        assertTrue(symbol(o, "weak_ref").isUndefined());
        assertTrue(o.symbols().stream().noneMatch(s -> s.name().startsWith(".str")), "private symbols are skipped");
    }

    @ParameterizedTest(name = "clang++-{0}")
    @ValueSource(ints = {14, 19})
    void cxxComdatsMatchLlvmNm(int llvm) throws Exception {
        write("c.cpp", COMDAT_CPP);
        check(dir, require("clang++-" + llvm), "-flto", "-c", "c.cpp", "-o", "c.o");
        BitcodeObject o = readBitcode("c.o");
        assertMatchesNm(require("llvm-nm-" + llvm), "c.o", o.symbols());
        Symbol instance = symbol(o, "_Z5twiceIiET_S0_");
        assertEquals("_Z5twiceIiET_S0_", instance.comdat());
        assertEquals(Binding.WEAK, instance.binding());
        assertEquals("_Z3inli", symbol(o, "_Z3inli").comdat());
        assertTrue(o.symbols().stream().noneMatch(s -> s.name().startsWith("llvm.")), "llvm.global_ctors is format-specific");
    }

    @ParameterizedTest(name = "clang++-{0}")
    @ValueSource(ints = {14, 19})
    void multiModuleFileMatchesLlvmNm(int llvm) throws Exception {
        write("v.cpp", VTABLES_CPP);
        check(dir, require("clang++-" + llvm), "-flto=thin", "-fsplit-lto-unit", "-fwhole-program-vtables",
                "-fvisibility=hidden", "-c", "v.cpp", "-o", "v.o");
        ByteView bytes = ByteView.map(dir.resolve("v.o"));
        assertEquals(2, BitcodeContents.scan(bytes).moduleCount(), "clang wrote a split LTO unit");
        BitcodeObject o = readBitcode("v.o");
        assertEquals(SymbolSource.BITCODE, o.source());
        assertMatchesNm(require("llvm-nm-" + llvm), "v.o", o.symbols());
    }

    @ParameterizedTest(name = "clang-{0}")
    @ValueSource(ints = {14, 19})
    void darwinWrapperMatchesLlvmNm(int llvm) throws Exception {
        write("b.c", SMALL_C);
        check(dir, require("clang-" + llvm), "-target", "x86_64-apple-macosx11", "-flto", "-c", "b.c", "-o", "b.o");
        assertEquals(BitCodes.WRAPPER_MAGIC, ByteView.map(dir.resolve("b.o")).u32(0), "clang wrote the wrapper header");
        BitcodeObject o = readBitcode("b.o");
        assertEquals("x86_64-apple-macosx11.0.0", o.triple());
        assertMatchesNm(require("llvm-nm-" + llvm), "b.o", o.symbols());
        assertEquals(List.of("_b_def", "_b_use"), names(o.symbols(), Symbol::isExternalDefinition));
    }

    @ParameterizedTest(name = "llvm-as-{0}")
    @ValueSource(ints = {14, 19})
    void llvmAsWithModuleAsmWritesNoSymbolTable(int llvm) throws Exception {
        write("a.c", FEATURES_C);
        check(dir, require("clang-" + llvm), "-fcommon", "-S", "-emit-llvm", "a.c", "-o", "a.ll");
        check(dir, require("llvm-as-" + llvm), "a.ll", "-o", "a.bc");
        BitcodeObject o = readBitcode("a.bc");
        assertEquals(SymbolSource.INDEX_ONLY, o.source());
        assertEquals(List.of(), o.symbols());
        assertTrue(o.note().matches("no symbol table block \\(producer LLVM" + llvm + "\\.[0-9.]+\\)"), o.note());
    }

    @ParameterizedTest(name = "llvm-cat-{0}")
    @ValueSource(ints = {14, 19})
    void llvmCatConcatenationWritesNoSymbolTable(int llvm) throws Exception {
        write("a.c", FEATURES_C);
        write("b.c", SMALL_C);
        String clang = require("clang-" + llvm);
        check(dir, clang, "-flto", "-fcommon", "-c", "a.c", "-o", "a.o");
        check(dir, clang, "-flto", "-c", "b.c", "-o", "b.o");
        check(dir, require("llvm-cat-" + llvm), "-b", "-o", "ab.bc", "a.o", "b.o");
        assertEquals(2, BitcodeContents.scan(ByteView.map(dir.resolve("ab.bc"))).moduleCount());
        BitcodeObject o = readBitcode("ab.bc");
        assertEquals(SymbolSource.INDEX_ONLY, o.source());
        assertTrue(o.note().startsWith("no symbol table block (producer LLVM" + llvm + "."), o.note());
    }

    @ParameterizedTest(name = "llvm-ar-{0}")
    @ValueSource(ints = {14, 19})
    void archiveMixingBitcodeAndNativeMembers(int llvm) throws Exception {
        write("a.c", FEATURES_C);
        write("b.c", SMALL_C);
        String clang = require("clang-" + llvm);
        check(dir, clang, "-flto", "-fcommon", "-c", "a.c", "-o", "a.o");
        check(dir, clang, "-c", "b.c", "-o", "b.o");
        check(dir, require("llvm-ar-" + llvm), "rcs", "mix.a", "a.o", "b.o");
        String nm = require("llvm-nm-" + llvm);
        Archive archive = ArchiveReader.open(dir.resolve("mix.a"));
        List<List<String>> index = archive.index().namesByMember(archive.members().size());
        Map<String, ObjectFile> byName = archive.members().stream().collect(Collectors.toMap(ArchiveMember::name,
                m -> ObjectFiles.read(archive.data(m), new NameInterner())));
        assertInstanceOf(BitcodeObject.class, byName.get("a.o"));
        assertInstanceOf(ElfObject.class, byName.get("b.o"));
        for (ArchiveMember m : archive.members()) {
            List<Symbol> symbols = byName.get(m.name()).symbols();
            assertMatchesNm(nm, m.name(), symbols);
            assertEquals(sorted(index.get(m.position())), names(symbols, Symbol::isExternalDefinition),
                    "archive index names of " + m.name());
        }
    }
}
