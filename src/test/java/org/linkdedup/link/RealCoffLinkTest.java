package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.objfile.CoffImport;
import org.linkdedup.objfile.CoffObject;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * The lld-link model against lld-link 14 on COFF objects compiled at test time
 * ({@code clang-19 --target=x86_64-pc-windows-msvc -c}, archived with {@code llvm-lib-19}) and
 * linked without a CRT ({@code /entry:main /subsystem:console /nodefaultlib}; {@code /demangle:no}
 * so that the names in its messages are the symbols'). Each shape checks
 * the real linker's {@code duplicate symbol:} count and the members it loaded
 * ({@code /verbose}: {@code Loaded A.lib(m.obj) for NAME}, with {@code <whole-archive>} for
 * {@code /wholearchive:}) against the fixture's expectation, then the model's against the real
 * linker's, load reasons included.
 */
@Toolchain
class RealCoffLinkTest {
    private static final String TARGET = "--target=x86_64-pc-windows-msvc";
    private static final Pattern IMPORT_READ = Pattern.compile("(?m)^lld-link: Reading ([^()\\s]+)$");
    private static final Pattern LOADED = Pattern.compile("(?m)^lld-link: Loaded (\\S+\\(\\S+\\)) for (\\S+)$");

    @TempDir
    Path dir;

    private final List<String> order = new ArrayList<>();
    private final List<Boolean> whole = new ArrayList<>();

    /**
     * What lld-link did: its exit code, duplicate diagnostics, the object members it loaded and for
     * what, and how many import members it read ({@code Reading x.dll}: it prints no
     * {@code Loaded} line for those).
     */
    record Outcome(int exit, int diagnostics, Map<String, String> loaded, int imports, String log) {
    }

    @BeforeEach
    void tools() {
        Fixtures.requireTool("clang-19", "llvm-lib-19", "lld-link");
    }

    private void write(String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Compiles C ({@code .c}), C++ ({@code .cpp}) or assembly ({@code .s}) {@code source} into {@code obj}. */
    private RealCoffLinkTest compile(String obj, String ext, String source, String... flags) {
        String src = obj.replace(".obj", "") + ext;
        write(src, source);
        List<String> cmd = new ArrayList<>(List.of("clang-19", TARGET, "-c"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of(src, "-o", obj));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return this;
    }

    private RealCoffLinkTest c(String obj, String source, String... flags) {
        return compile(obj, ".c", source, flags);
    }

    private RealCoffLinkTest s(String obj, String source) {
        return compile(obj, ".s", source);
    }

    /** Puts {@code obj} on the link line. */
    private RealCoffLinkTest obj(String obj) {
        order.add(obj);
        whole.add(false);
        return this;
    }

    /** Archives {@code members} into {@code lib} with llvm-lib and puts it on the link line. */
    private RealCoffLinkTest lib(String lib, boolean wholeArchive, String... members) {
        List<String> cmd = new ArrayList<>(List.of("llvm-lib-19", "/out:" + lib));
        cmd.addAll(List.of(members));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        order.add(lib);
        whole.add(wholeArchive);
        return this;
    }

    private RealCoffLinkTest lib(String lib, String... members) {
        return lib(lib, false, members);
    }

    private LinkOptions options(boolean forceMultiple) {
        LinkOptions o = LinkOptions.of(LinkerModel.LLD_LINK).withForceMultiple(forceMultiple);
        for (int i = 0; i < whole.size(); i++) {
            if (whole.get(i)) {
                o = o.withWholeArchive(i);
            }
        }
        return o;
    }

    private Outcome lldLink(boolean forceMultiple) {
        List<String> cmd = new ArrayList<>(List.of("lld-link", "/entry:main", "/subsystem:console", "/nodefaultlib",
                "/out:x.exe", "/verbose", "/errorlimit:0", "/demangle:no"));
        if (forceMultiple) {
            cmd.add("/force:multiple");
        }
        for (int i = 0; i < order.size(); i++) {
            cmd.add(whole.get(i) ? "/wholearchive:" + order.get(i) : order.get(i));
        }
        Fixtures.ProcessResult r = Fixtures.run(dir, cmd.toArray(String[]::new));
        String log = r.stdout() + r.stderr();
        Map<String, String> loaded = new TreeMap<>();
        Matcher m = LOADED.matcher(log);
        while (m.find()) {
            loaded.put(m.group(1), m.group(2));
        }
        int n = 0;
        for (int at = log.indexOf("duplicate symbol:"); at >= 0; at = log.indexOf("duplicate symbol:", at + 1)) {
            n++;
        }
        Matcher imp = IMPORT_READ.matcher(log);
        int imports = 0;
        while (imp.find()) {
            imports += order.contains(imp.group(1)) ? 0 : 1;
        }
        return new Outcome(r.exitCode(), n, loaded, imports, String.join(" ", cmd) + "\n" + log);
    }

    private LinkResult simulate(LinkOptions options) {
        try {
            List<Path> paths = order.stream().map(dir::resolve).toList();
            return LinkSimulator.simulate(new InputLoader().load(paths), options);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isImport(LinkResult r, MemberId id) {
        return r.member(id).object() instanceof CoffImport;
    }

    /** {@code A.lib(m.obj)} → what lld-link's verbose line says it was loaded for; import members left out. */
    private static Map<String, String> reasons(LinkResult r) {
        Map<String, String> out = new TreeMap<>();
        for (MemberId id : r.loaded()) {
            InputMember m = r.member(id);
            if (m.name() == null || isImport(r, id)) {
                continue;
            }
            LoadReason why = r.loadReason(id).orElseThrow();
            out.put(r.inputs().get(id.input()).fileName() + "(" + m.name() + ")",
                    why.kind() == LoadReason.Kind.FORCED ? "<whole-archive>" : why.symbol());
        }
        return out;
    }

    /**
     * Links for real and simulates; the real link must have loaded {@code members} and printed
     * {@code duplicates} diagnostics, and the model must predict both, and each member's reason.
     */
    private LinkResult check(boolean forceMultiple, Set<String> members, int duplicates) {
        return check(forceMultiple, members, 0, duplicates);
    }

    private LinkResult check(boolean forceMultiple, Set<String> members, int imports, int duplicates) {
        Outcome real = lldLink(forceMultiple);
        assertEquals(imports, real.imports(), real.log());
        assertEquals(members, real.loaded().keySet(), real.log());
        assertEquals(duplicates, real.diagnostics(), real.log());
        assertEquals(duplicates > 0 && !forceMultiple, real.exit() != 0, real.log());
        LinkResult model = simulate(options(forceMultiple));
        assertEquals(real.loaded(), reasons(model), "model's loaded members and reasons\n" + real.log());
        assertEquals(real.imports(), model.loaded().stream().filter(id -> isImport(model, id)).count(),
                "model's import members\n" + real.log());
        assertEquals(real.diagnostics(), model.diagnostics(), "model's duplicates " + model.duplicates() + "\n" + real.log());
        return model;
    }

    private LinkResult check(Set<String> members, int duplicates) {
        return check(false, members, duplicates);
    }

    private RealCoffLinkTest twoArchivesDefiningFAndDup() {
        return c("main.obj", "int f(void); int g(void);\nint main(void) { return f() + g(); }\n")
                .c("a.obj", "int f(void) { return 1; }\nint dup(void) { return 3; }\n")
                .c("b.obj", "int g(void) { return 2; }\nint f(void) { return 4; }\nint dup(void) { return 5; }\n")
                .obj("main.obj").lib("a.lib", "a.obj").lib("b.lib", "b.obj");
    }

    @Test
    void twoArchivesDefiningTheSameFunctionsGiveOneDiagnosticPerName() {
        LinkResult r = twoArchivesDefiningFAndDup().check(Set.of("a.lib(a.obj)", "b.lib(b.obj)"), 2);
        assertEquals(new MemberId(1, 0), r.bindingOf("f").orElseThrow());
        assertTrue(r.duplicates().stream().allMatch(d -> d.severity() == Severity.ERROR));
    }

    @Test
    void forceMultipleTurnsTheDuplicatesIntoWarningsAndTheLinkSucceeds() {
        LinkResult r = twoArchivesDefiningFAndDup().check(true, Set.of("a.lib(a.obj)", "b.lib(b.obj)"), 2);
        assertTrue(r.duplicates().stream().allMatch(d -> d.severity() == Severity.WARNING), r.duplicates()::toString);
        assertEquals(new MemberId(1, 0), r.bindingOf("f").orElseThrow());
    }

    @Test
    void aComdatAnyCopyInASecondObjectIsDiscardedSilently() {
        // C++ inline function and __declspec(selectany) data: both IMAGE_COMDAT_SELECT_ANY
        String shared = "__declspec(selectany) int sa = 1;\ninline int inl() { return 7; }\n";
        compile("s1.obj", ".cpp", shared + "int use1() { return sa + inl(); }\n")
                .compile("s2.obj", ".cpp", shared + "int use2() { return sa + inl(); }\n")
                .compile("main.obj", ".cpp", "int use1(); int use2();\nextern \"C\" int main() { return use1() + use2(); }\n")
                .obj("main.obj").obj("s1.obj").lib("s2.lib", "s2.obj");
        LinkResult r = check(Set.of("s2.lib(s2.obj)"), 0);
        assertEquals(new MemberId(1, 0), r.bindingOf("?inl@@YAHXZ").orElseThrow());
        assertEquals(new MemberId(1, 0), r.bindingOf("?sa@@3HA").orElseThrow());
    }

    @Test
    void functionSectionsAreNoDuplicatesComdatsAndClashAsPlainDefinitions() {
        c("n1.obj", "int nd(void) { return 1; }\nint use1(void) { return nd(); }\n", "-ffunction-sections")
                .c("n2.obj", "int nd(void) { return 2; }\nint use2(void) { return nd(); }\n", "-ffunction-sections")
                .c("main.obj", "int use1(void); int use2(void);\nint main(void) { return use1() + use2(); }\n")
                .obj("main.obj").lib("n1.lib", "n1.obj").lib("n2.lib", "n2.obj");
        check(Set.of("n1.lib(n1.obj)", "n2.lib(n2.obj)"), 1);
    }

    /** Two objects with a COMDAT section {@code c} of selections {@code sel1}/{@code sel2}, sizes and fill bytes. */
    private void comdatPair(String sel1, int size1, int byte1, String sel2, int size2, int byte2) {
        s("main.obj", ".text\n.globl main\nmain:\n  leaq c(%rip), %rax\n  ret\n");
        s("c1.obj", ".section .data$c,\"dw\"," + sel1 + ",c\n.globl c\nc:\n.fill " + size1 + ",1," + byte1 + "\n");
        s("c2.obj", ".section .data$c,\"dw\"," + sel2 + ",c\n.globl c\nc:\n.fill " + size2 + ",1," + byte2 + "\n");
        obj("main.obj").obj("c1.obj").obj("c2.obj");
    }

    @Test
    void sameSizeComdatsOfDifferentSizesAreADuplicate() {
        comdatPair("same_size", 4, 1, "same_size", 8, 1);
        check(Set.of(), 1);
    }

    @Test
    void sameSizeComdatsOfOneSizeAreNot() {
        comdatPair("same_size", 4, 1, "same_size", 4, 2);
        check(Set.of(), 0);
    }

    @Test
    void exactMatchComdatsWithOtherContentsAreADuplicate() {
        // same size, other bytes: the section checksums differ
        comdatPair("same_contents", 4, 1, "same_contents", 4, 2);
        check(Set.of(), 1);
    }

    @Test
    void exactMatchComdatsWithTheSameContentsAreNot() {
        comdatPair("same_contents", 4, 1, "same_contents", 4, 1);
        check(Set.of(), 0);
    }

    @Test
    void largestComdatsTakeTheLargerCopySilently() {
        comdatPair("largest", 4, 1, "largest", 8, 1);
        LinkResult r = check(Set.of(), 0);
        assertEquals(new MemberId(2, 0), r.bindingOf("c").orElseThrow());
    }

    @Test
    void comdatsOfDifferentSelectionsAreADuplicateExceptAnyWithLargest() {
        comdatPair("discard", 4, 1, "same_size", 4, 1);
        check(Set.of(), 1);
    }

    @Test
    void anyAndLargestComdatsMix() {
        comdatPair("discard", 4, 1, "largest", 8, 1);
        LinkResult r = check(Set.of(), 0);
        assertEquals(new MemberId(2, 0), r.bindingOf("c").orElseThrow());
    }

    @Test
    void aWeakDefinitionLosesToAStrongOneAndStopsArchiveLoads() {
        c("wmain.obj", "__attribute__((weak)) int f(void) { return 1; }\nint g(void);\nint main(void) { return f() + g(); }\n")
                .c("wf.obj", "int f(void) { return 2; }\n")
                .c("wg.obj", "int g(void) { return 3; }\nint f(void) { return 4; }\n")
                .obj("wmain.obj").lib("wF.lib", "wf.obj").lib("wG.lib", "wg.obj");
        LinkResult r = check(Set.of("wG.lib(wg.obj)"), 0);
        assertEquals(new MemberId(2, 0), r.bindingOf("f").orElseThrow());
    }

    @Test
    void aReferenceOnlyWeakExternalStopsEveryFetchOfItsName() {
        // x86_64-w64-mingw32-gcc writes a weak definition as a weak external without SEARCH_ALIAS: a
        // weak reference to the reader. lld-link then fetches no member for f, before or after a
        // strong reference, wherever the archive offering it stands.
        Fixtures.requireTool("x86_64-w64-mingw32-gcc");
        Fixtures.run(dir, "sh", "-c", "printf '__attribute__((weak)) int f(void) { return 1; }\\nint g(void);\\n"
                + "int main(void) { return f() + g(); }\\n' > mw.c && x86_64-w64-mingw32-gcc -c mw.c -o mw.obj").assertOk();
        c("mm.obj", "void __main(void) {}\n")
                .c("uf.obj", "int f(void);\nint uf(void) { return f(); }\n")
                .c("wf.obj", "int f(void) { return 2; }\n")
                .c("wg.obj", "int g(void) { return 3; }\nint f(void) { return 4; }\n");
        List<List<String>> orders = List.of(List.of("mw.obj", "mm.obj", "wF.lib", "uf.obj", "wG.lib"),
                List.of("uf.obj", "mw.obj", "mm.obj", "wF.lib", "wG.lib"),
                List.of("wF.lib", "mw.obj", "mm.obj", "uf.obj", "wG.lib"));
        for (List<String> o : orders) {
            order.clear();
            whole.clear();
            for (String f : o) {
                if (f.equals("wF.lib")) {
                    lib("wF.lib", "wf.obj");
                } else if (f.equals("wG.lib")) {
                    lib("wG.lib", "wg.obj");
                } else {
                    obj(f);
                }
            }
            check(Set.of("wG.lib(wg.obj)"), 0);
        }
    }

    @Test
    void wholeArchiveLoadsEveryMemberWhereTheArchiveStands() {
        c("wmain.obj", "__attribute__((weak)) int f(void) { return 1; }\nint g(void);\nint main(void) { return f() + g(); }\n")
                .c("wf.obj", "int f(void) { return 2; }\n")
                .c("wg.obj", "int g(void) { return 3; }\nint f(void) { return 4; }\n")
                .obj("wmain.obj").lib("wF.lib", true, "wf.obj").lib("wG.lib", "wg.obj");
        check(Set.of("wF.lib(wf.obj)", "wG.lib(wg.obj)"), 1);
    }

    @Test
    void anIncludeDirectiveOfALoadedMemberFetchesItsName() {
        // a.obj's .drectve says /include:extra: lld-link fetches B.lib(x.obj) for it, whose dup
        // clashes with main.obj's; B.lib(y.obj), named only by an unloaded member's directive, stays out.
        c("main.obj", "int f(void);\nint dup(void) { return 1; }\nint main(void) { return f(); }\n")
                .c("a.obj", "#pragma comment(linker, \"/include:extra\")\nint f(void) { return 2; }\n")
                .c("u.obj", "#pragma comment(linker, \"/INCLUDE:other\")\nint unused(void) { return 3; }\n")
                .c("x.obj", "int extra(void) { return 4; }\nint dup(void) { return 5; }\n")
                .c("y.obj", "int other(void) { return 6; }\n")
                .obj("main.obj").lib("A.lib", "a.obj", "u.obj").lib("B.lib", "x.obj", "y.obj");
        LinkResult r = check(Set.of("A.lib(a.obj)", "B.lib(x.obj)"), 1);
        MemberId a = r.loaded().stream().filter(id -> "a.obj".equals(r.member(id).name())).findFirst().orElseThrow();
        assertEquals(List.of("extra"), ((CoffObject) r.member(a).object()).includes());
        assertEquals(a, r.loadReason(r.bindingOf("extra").orElseThrow()).orElseThrow().referrer(), "loaded for a.obj's directive");
    }

    private RealCoffLinkTest alternateNameShape() {
        return c("main.obj", "int f(void);\nint g(void);\nint dup(void) { return 1; }\nint main(void) { return f() + g(); }\n")
                .c("a.obj", "#pragma comment(linker, \"/alternatename:f=f_default\")\nint g(void) { return 2; }\n")
                .c("d.obj", "int f_default(void) { return 3; }\nint dup(void) { return 4; }\n")
                .c("fdef.obj", "int f(void) { return 5; }\n");
    }

    @Test
    void anAlternateNameResolvesAnUndefinedNameAndFetchesItsTarget() {
        // f is defined nowhere: a.obj's /alternatename:f=f_default makes lld-link fetch B.lib(d.obj)
        // for f_default, whose dup clashes with main.obj's
        alternateNameShape().obj("main.obj").lib("A.lib", "a.obj").lib("B.lib", "d.obj");
        LinkResult r = check(Set.of("A.lib(a.obj)", "B.lib(d.obj)"), 1);
        assertEquals(List.of(), r.unresolved(), "f resolves through its alternate name");
        assertEquals(List.of(new CoffObject.Alias("f", "f_default")),
                ((CoffObject) r.member(r.bindingOf("g").orElseThrow()).object()).alternateNames());
    }

    @Test
    void anAlternateNameIsNotUsedWhenTheNameIsDefined() {
        alternateNameShape().obj("main.obj").lib("A.lib", "a.obj").lib("B.lib", "d.obj").lib("F.lib", "fdef.obj");
        check(Set.of("A.lib(a.obj)", "F.lib(fdef.obj)"), 0);
    }

    @Test
    void aLaterReferenceFetchesFromAnEarlierArchive() {
        c("main.obj", "int main(void) { return 0; }\n")
                .c("x.obj", "int x(void) { return 1; }\n")
                .c("user.obj", "int x(void);\nint user(void) { return x(); }\n")
                .c("x2.obj", "int x(void) { return 2; }\n")
                .obj("main.obj").lib("A.lib", "x.obj").obj("user.obj").lib("B.lib", "x2.obj");
        LinkResult r = check(Set.of("A.lib(x.obj)"), 0);
        assertEquals(new MemberId(1, 0), r.bindingOf("x").orElseThrow());
    }

    @Test
    void membersAreReadAfterEveryCommandLineInputSoALaterObjectsDefinitionWins() {
        // lld-link queues the fetch of A.lib(a1.obj) and reads it after o2.obj: its reference to h
        // then binds to o2.obj's h, and B.lib's h is never fetched. ld.lld (depth first) would load
        // a1.obj at once, fetch B.lib(b1.obj) for h and report h twice.
        s("main.obj", ".text\n.globl main\nmain:\n  call f\n  ret\n")
                .s("a1.obj", ".text\n.globl f\nf:\n  call h\n  ret\n")
                .s("b1.obj", ".text\n.globl h\nh:\n  ret\n")
                .s("o2.obj", ".text\n.globl h\nh:\n  ret\n")
                .obj("main.obj").lib("A.lib", "a1.obj").lib("B.lib", "b1.obj").obj("o2.obj");
        LinkResult r = check(Set.of("A.lib(a1.obj)"), 0);
        assertEquals(new MemberId(3, 0), r.bindingOf("h").orElseThrow());
        LinkResult lld = simulate(LinkOptions.of(LinkerModel.LLD));
        assertEquals(1, lld.diagnostics(), "the ELF lld model fetches depth first");
    }

    /** main.obj calls f and the dllimport h; an import library for x.dll (f, h, data d) and af.lib defining f and h. */
    private void importShape(boolean importsFirst) {
        Fixtures.requireTool("llvm-dlltool-19");
        write("x.def", "LIBRARY x.dll\nEXPORTS\n  f\n  h\n  d DATA\n");
        Fixtures.run(dir, "llvm-dlltool-19", "-m", "i386:x86-64", "-d", "x.def", "-l", "imp.lib").assertOk();
        c("im.obj", "int f(void);\n__declspec(dllimport) int h(void);\nint main(void) { return f() + h(); }\n")
                .c("af.obj", "int f(void) { return 9; }\nint h(void) { return 8; }\n");
        Fixtures.run(dir, "llvm-lib-19", "/out:af.lib", "af.obj").assertOk();
        obj("im.obj");
        for (String lib : importsFirst ? List.of("imp.lib", "af.lib") : List.of("af.lib", "imp.lib")) {
            order.add(lib);
            whole.add(false);
        }
    }

    @Test
    void importMembersDefineTheNameAndItsImpPointerAndTheFirstArchiveWins() {
        importShape(true);
        LinkResult r = check(false, Set.of(), 2, 0);
        assertEquals(1, r.bindingOf("f").orElseThrow().input());
    }

    @Test
    void anImportMemberClashesWithAnObjectDefiningItsName() {
        // af.obj is fetched for f and defines h too; the import member fetched for __imp_h defines h again
        importShape(false);
        check(false, Set.of("af.lib(af.obj)"), 1, 1);
    }

    @Test
    void commonSymbolsFetchNothingAndTheLargestStays() {
        c("main.obj", "int c;\nint g(void);\nint main(void) { return c + g(); }\n", "-fcommon")
                .c("big.obj", "long long c[4];\nint g(void) { return 1; }\n", "-fcommon")
                .c("cd.obj", "int c = 5;\n")
                .obj("main.obj").lib("G.lib", "big.obj").lib("C.lib", "cd.obj");
        LinkResult r = check(Set.of("G.lib(big.obj)"), 0);
        assertEquals(new MemberId(1, 0), r.bindingOf("c").orElseThrow());
    }

    @Test
    void cofInputsChooseTheLldLinkModel() throws IOException {
        twoArchivesDefiningFAndDup();
        List<Path> paths = order.stream().map(dir::resolve).toList();
        assertEquals(LinkerModel.LLD_LINK, LinkerModel.forInputs(new InputLoader().load(paths)));
    }
}
