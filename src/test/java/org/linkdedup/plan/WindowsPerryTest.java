package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.linkdedup.archive.Archive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * The end-to-end Windows proof: a perry-shaped set of {@code .lib} archives of COFF objects from
 * {@code clang-19 --target=x86_64-pc-windows-msvc -O1}, linked by {@code lld-link} without a CRT and
 * run under Debian's wine64. The program's exit status tells how many runtime states it has.
 *
 * <ul>
 *   <li>The runtime unit (global state {@code queue}, {@code js_push}, {@code js_pending},
 *       {@code js_peek} and an internal helper {@code rt_peek}) is compiled once and archived under
 *       rustc's member name into {@code perry_ui_windows.lib} (the wrapper's bundled copy) and
 *       {@code perry_runtime.lib}.
 *   <li>{@code perry_stdlib.lib} holds its own unit and its copy of the runtime unit, renamed
 *       {@code perry_stdlib-5d6e.<runtime member>.rcgu.o} as ThinLTO packaging names it, where the
 *       internal helper is promoted to {@code rt_peek.llvm.5d6e} (as ThinLTO promotes internal
 *       symbols): stdlib's own code reads the runtime state through that name, which only its copy
 *       defines, so stdlib always uses its own copy.
 *   <li>The wrapper has its own unit ({@code perry_ui_show}, pushing through {@code js_push}) and a
 *       second unit defining {@code ui_only_symbol}, which nobody else defines.
 *   <li>{@code main.obj}: {@code mainCRTStartup} pushes through the wrapper, reads the pending count
 *       through stdlib and ends with {@code ExitProcess(ui_only_symbol() != 40 ? 3 : pending == 1 ? 0 : 2)}.
 * </ul>
 *
 * Wrappers first, lld-link binds {@code js_push} to the wrapper's copy and loads stdlib's copy too
 * (duplicate symbols; with {@code /force:multiple} the program sees two runtime states: exit 2).
 * After {@code linkdedup apply} the wrapper no longer bundles the runtime: no duplicates, one state,
 * exit 0. The same through {@code linkdedup exec -- lld-link …}.
 */
@Toolchain
class WindowsPerryTest {
    static final String WINE = "/usr/lib/wine/wine64";
    static final String KERNEL32 = "/usr/x86_64-w64-mingw32/lib/libkernel32.a";
    static final String RT = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    static final String STDLIB_RT = "perry_stdlib-5d6e." + RT + ".rcgu.o";
    static final String STDLIB_OWN = "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o";
    static final String UI = "perry_ui_windows-9f8e.perry_ui_windows.9f8e-cgu.0.rcgu.o";
    static final String UI_ONLY = "perry_ui_windows-9f8e.perry_ui_windows.9f8e-cgu.1.rcgu.o";

    static final String RUNTIME_SRC = """
            static int queue;
            void js_push(void) { queue++; }
            int js_pending(void) { return queue; }
            #ifdef STDLIB_COPY
            int rt_peek(void) __asm__("rt_peek.llvm.5d6e");
            #else
            static
            #endif
            __attribute__((noinline)) int rt_peek(void) { return queue; }
            int js_peek(void) { return rt_peek(); }
            """;
    static final String MAIN_SRC = """
            void perry_ui_show(void);
            int perry_stdlib_pending(void);
            int ui_only_symbol(void);
            __declspec(dllimport) void __stdcall ExitProcess(unsigned);
            void mainCRTStartup(void) {
                perry_ui_show();
                int pending = perry_stdlib_pending();
                ExitProcess(ui_only_symbol() != 40 ? 3 : pending == 1 ? 0 : 2);
            }
            """;
    static final Pattern DUPLICATE = Pattern.compile("duplicate symbol: (\\S+)");

    @TempDir
    static Path dir;

    static Path wine;
    static Path wineDir;
    static Path prefix;
    static Path home;
    static Path main;
    static Path wrapper;
    static Path stdlib;
    static Path runtime;

    @BeforeAll
    static void build() throws Exception {
        Fixtures.requireTool("clang-19", "llvm-lib-19", "lld-link");
        wine = Fixtures.requireExecutable(WINE, "apt-get install wine64");
        Fixtures.requireFile(KERNEL32, "apt-get install mingw-w64");
        // One prefix for the class: wine's first start in a fresh prefix sets it up (seconds). With
        // a home of its own, so that wine writes nothing into the user's (its menu builder makes
        // directories there, the prefix links its user folders to it). Not in the @TempDir, whose
        // removal warns about every link.
        wineDir = Files.createTempDirectory("linkdedup-wine-");
        prefix = Files.createDirectories(wineDir.resolve("prefix"));
        home = Files.createDirectories(wineDir.resolve("home"));

        Path w = dir.resolve("w");
        obj(w, RT, RUNTIME_SRC);
        obj(w, UI, "void js_push(void);\nvoid perry_ui_show(void) { js_push(); }\n");
        obj(w, UI_ONLY, "int ui_only_symbol(void) { return 40; }\n");
        wrapper = lib(w, "perry_ui_windows.lib", UI, UI_ONLY, RT);
        Path r = Files.createDirectories(dir.resolve("r"));
        Files.copy(w.resolve(RT), r.resolve(RT));   // the same unit, compiled once
        runtime = lib(r, "perry_runtime.lib", RT);
        Path s = dir.resolve("s");
        obj(s, STDLIB_RT, RUNTIME_SRC, "-DSTDLIB_COPY");
        obj(s, STDLIB_OWN, "int rt_peek(void) __asm__(\"rt_peek.llvm.5d6e\");\n"
                + "int perry_stdlib_pending(void) { return rt_peek(); }\n");
        stdlib = lib(s, "perry_stdlib.lib", STDLIB_OWN, STDLIB_RT);
        main = obj(dir, "main.obj", MAIN_SRC);
    }

    @AfterAll
    static void stopWineServerAndRemoveThePrefix() throws Exception {
        if (wineDir == null) {
            return;
        }
        if (Files.isExecutable(Path.of("/usr/lib/wine/wineserver64"))) {
            // wineserver outlives the program for a while and writes into the prefix when it ends:
            // end it (-k) and wait for it (-w) before the prefix is removed.
            Fixtures.run(dir, "env", "HOME=" + home, "WINEPREFIX=" + prefix, "/usr/lib/wine/wineserver64", "-k");
            Fixtures.run(dir, "env", "HOME=" + home, "WINEPREFIX=" + prefix, "/usr/lib/wine/wineserver64", "-w");
        }
        // walkFileTree does not follow links: a link is removed, never what it points to
        Files.walkFileTree(wineDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path obj(Path d, String name, String source, String... flags) throws Exception {
        Files.createDirectories(d);
        Path c = d.resolve("src-" + Math.abs(name.hashCode()) + ".c");
        Files.writeString(c, source);
        List<String> cmd = new ArrayList<>(List.of("clang-19", "--target=x86_64-pc-windows-msvc", "-c", "-O1"));
        cmd.addAll(Arrays.asList(flags));
        cmd.addAll(List.of(c.toString(), "-o", d.resolve(name).toString()));
        Fixtures.run(d, cmd.toArray(String[]::new)).assertOk();
        return d.resolve(name);
    }

    /** llvm-lib-19 run in {@code d}, so that the members are named by their file names. */
    private static Path lib(Path d, String name, String... members) {
        List<String> cmd = new ArrayList<>(List.of("llvm-lib-19", "/out:" + d.resolve(name)));
        cmd.addAll(Arrays.asList(members));
        Fixtures.run(d, cmd.toArray(String[]::new)).assertOk();
        return d.resolve(name);
    }

    private static Fixtures.ProcessResult lldLink(Path exe, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("lld-link", "/entry:mainCRTStartup", "/subsystem:console",
                "/nodefaultlib", "/out:" + exe));
        cmd.addAll(Arrays.asList(extra));
        return Fixtures.run(dir, cmd.toArray(String[]::new));
    }

    private static int runUnderWine(Path exe) {
        Fixtures.ProcessResult r = Fixtures.run(dir, "env", "WINEDEBUG=-all", "WINEPREFIX=" + prefix, "HOME=" + home,
                "WINEDLLOVERRIDES=winemenubuilder.exe=d", wine.toString(), exe.toString());
        return r.exitCode();
    }

    private static List<String> members(Path archive) throws Exception {
        return ArchiveReader.open(archive).members().stream().map(ArchiveMember::name).toList();
    }

    /** The wrapper's members in its order (llvm-lib's, not the command line's) without the runtime copy. */
    private static List<String> wrapperMembersButTheRuntime() throws Exception {
        List<String> kept = members(wrapper).stream().filter(n -> !n.equals(RT)).toList();
        assertEquals(List.of(UI, UI_ONLY), kept.stream().sorted().toList());
        return kept;
    }

    private static List<String> duplicates(Fixtures.ProcessResult link) {
        List<String> names = new ArrayList<>();
        Matcher m = DUPLICATE.matcher(link.stdout() + link.stderr());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void untreatedWrappersFirstLinkHasTwoRuntimeStates() {
        Fixtures.ProcessResult plain = lldLink(dir.resolve("plain.exe"),
                main.toString(), wrapper.toString(), stdlib.toString(), runtime.toString(), KERNEL32);
        assertNotEquals(0, plain.exitCode(), plain.describe());
        assertEquals(List.of("js_push", "js_pending", "js_peek"), duplicates(plain), plain.describe());

        Path exe = dir.resolve("untreated.exe");
        Fixtures.ProcessResult forced = lldLink(exe, "/force:multiple",
                main.toString(), wrapper.toString(), stdlib.toString(), runtime.toString(), KERNEL32);
        forced.assertOk();
        assertEquals(3, duplicates(forced).size(), "the same duplicates, as warnings: " + forced.describe());
        assertEquals(2, runUnderWine(exe), "wrapper pushes into its copy, stdlib reads its own: the split");
    }

    @Test
    void applyDropsTheBundledRuntimeAndTheProgramHasOneRuntimeState() throws Exception {
        Path out = dir.resolve("applied");
        Cli.Result apply = Cli.run("apply", "--out-dir", out, main, wrapper, stdlib, runtime, KERNEL32);
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("perry_ui_windows.lib: dropped 1 bundled perry-runtime member(s)"), apply.out());
        // what linkdedup predicts for the untreated link is what lld-link reports: 3 duplicates
        assertTrue(apply.out().contains("duplicate diagnostics 3 → 0, split-runtime hazards 1 → 0"), apply.out());
        Path trimmed = out.resolve("perry_ui_windows.lib");
        assertEquals(wrapperMembersButTheRuntime(), members(trimmed),
                "the runtime copy dropped; the member with ui_only_symbol kept");
        assertFalse(Files.exists(out.resolve("perry_stdlib.lib")), "the provider is not rewritten");

        Path exe = dir.resolve("trimmed.exe");
        Path map = dir.resolve("trimmed.map");
        Fixtures.ProcessResult link = lldLink(exe, "/map:" + map,
                main.toString(), trimmed.toString(), stdlib.toString(), runtime.toString(), KERNEL32);
        link.assertOk();
        assertEquals(List.of(), duplicates(link), link.describe());
        String mapText = Files.readString(map);
        assertTrue(mapText.lines().anyMatch(l -> l.contains(" ui_only_symbol ") && l.contains("perry_ui_windows:" + UI_ONLY)),
                mapText);
        assertTrue(mapText.lines().anyMatch(l -> l.contains(" js_push ") && l.contains("perry_stdlib:" + STDLIB_RT)),
                "the one runtime copy is stdlib's: " + mapText);
        assertEquals(0, runUnderWine(exe), "one runtime state");
    }

    @Test
    void execRunsAnLldLinkCommandLineWithTheTrimmedWrapper() throws Exception {
        Path out = dir.resolve("exec-out");
        Path exe = dir.resolve("exec.exe");
        Path rsp = dir.resolve("link.rsp");
        Path map = dir.resolve("exec.map");
        // the response file has the rest of the libraries and options, options in other spellings
        Files.writeString(rsp, "perry_runtime.lib\n-ENTRY:mainCRTStartup /SubSystem:console\n/defaultlib:libkernel32.a\n");
        String[] libs = {"/libpath:" + wrapper.getParent(), "/LIBPATH:" + stdlib.getParent(), "-libpath:" + runtime.getParent(),
                "/libpath:" + Path.of(KERNEL32).getParent(), main.toString(), "perry_ui_windows.lib", "/wholearchive:perry_stdlib.lib",
                "@" + rsp};
        // the same command untreated, as lld-link itself sees it: how many duplicate symbols it reports
        List<String> untreated = new ArrayList<>(List.of(Fixtures.tool("lld-link").toString(), "/out:" + dir.resolve("untreated.exe")));
        untreated.addAll(Arrays.asList(libs));
        int real = duplicates(Fixtures.run(dir, untreated.toArray(String[]::new))).size();
        List<Object> command = new ArrayList<>(List.of("exec", "--out-dir", out, "--", Fixtures.tool("lld-link"), "/out:" + exe,
                "/MAP:" + map));
        command.addAll(Arrays.asList(libs));
        Cli.Result exec = Cli.run(command.toArray());
        assertEquals(0, exec.exit(), exec.out() + exec.err());
        assertTrue(exec.err().contains("perry_ui_windows.lib: dropped 1 bundled perry-runtime member(s)"), exec.err());
        // the model is the command's (lld-link, LinkCommandTest); what it predicts is what lld-link does untreated
        assertTrue(exec.err().contains("verified with linker model lld-link: duplicate diagnostics " + real + " → 0"),
                real + " duplicates from lld-link untreated; " + exec.err());
        // lld-link's own output goes to the JVM's stdout (exec inherits it): its status 0 without
        // /force:multiple says it found no duplicate symbol, the map which copy it took.
        String mapText = Files.readString(map);
        assertTrue(mapText.lines().anyMatch(l -> l.contains(" js_push ") && l.contains("perry_stdlib:" + STDLIB_RT)), mapText);
        assertTrue(mapText.lines().anyMatch(l -> l.contains(" ui_only_symbol ") && l.contains("perry_ui_windows:" + UI_ONLY)),
                mapText);
        assertEquals(wrapperMembersButTheRuntime(), members(out.resolve("perry_ui_windows.lib")));
        assertEquals(0, runUnderWine(exe), "one runtime state");
    }

    // ------------------------------------------------------------------ rewriting COFF members (CoffEditor)

    static final String RT1 = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.1.rcgu.o";

    /** A wrapper of {@code members}, each {@code name=source}, plus the bundled runtime copy and the unit with ui_only_symbol. */
    private static Path wrapperWith(String subdir, String... members) throws Exception {
        Path w = dir.resolve(subdir);
        obj(w, RT, RUNTIME_SRC);
        obj(w, UI_ONLY, "int ui_only_symbol(void) { return 40; }\n");
        List<String> names = new ArrayList<>();
        for (String m : members) {
            int eq = m.indexOf('=');
            obj(w, m.substring(0, eq), m.substring(eq + 1));
            names.add(m.substring(0, eq));
        }
        names.add(UI_ONLY);
        names.add(RT);
        return lib(w, "perry_ui_windows.lib", names.toArray(String[]::new));
    }

    private String readobjClass(Path obj, String name) {
        String out = Fixtures.run(dir, "llvm-readobj-19", "--symbols", obj.toString()).assertOk().stdout();
        Matcher m = Pattern.compile("Name: " + Pattern.quote(name) + "\\n(?:.*\\n){4}\\s*StorageClass: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    /** The member {@code name} of {@code archive}, extracted into {@code to}. */
    private static Path extract(Path archive, String name, Path to) throws Exception {
        Archive a = ArchiveReader.open(archive);
        ArchiveMember m = a.members().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return Files.write(to, a.data(m).bytes(0, (int) m.size()));
    }

    /**
     * The wrapper's own unit must stay (main calls {@code perry_ui_show}) and carries a stub of
     * {@code js_pending} that its own code calls: no drop removes that duplicate, a different crate
     * is never weakened (exit 5 with the reason). {@code apply --localize js_pending} makes the
     * stub static in a copy of the member: lld-link links with no duplicate, llvm-readobj and
     * llvm-nm read it static, the index no longer offers it, and the program has one runtime state.
     */
    @Test
    void localizeMakesAStubStaticAndLldLinkLinksWithoutDuplicates() throws Exception {
        Fixtures.requireTool("llvm-readobj-19", "llvm-nm-19");
        String uiSrc = "void js_push(void);\nint js_pending(void) { return 99; }\n"
                + "void perry_ui_show(void) { if (js_pending() == 99) js_push(); }\n";
        Path w = wrapperWith("loc", UI + "=" + uiSrc);
        Fixtures.ProcessResult plain = lldLink(dir.resolve("loc-plain.exe"), main.toString(), w.toString(), stdlib.toString(),
                runtime.toString(), KERNEL32);
        assertTrue(duplicates(plain).contains("js_pending"), plain.describe());

        Cli.Result refused = Cli.run("apply", "--out-dir", dir.resolve("loc-refused"), main, w, stdlib, runtime, KERNEL32);
        assertEquals(5, refused.exit(), refused.out() + refused.err());
        assertTrue((refused.out() + refused.err()).contains("js_pending"), refused.out() + refused.err());

        Path out = dir.resolve("loc-out");
        Cli.Result apply = Cli.run("apply", "--localize", "js_pending", "--out-dir", out, main, w, stdlib, runtime, KERNEL32);
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("perry_ui_windows.lib: localized js_pending in " + UI + " (--localize)"), apply.out());
        assertTrue(apply.out().contains("duplicate diagnostics 4 → 0"), apply.out());
        Path trimmed = out.resolve("perry_ui_windows.lib");
        Path member = extract(trimmed, UI, dir.resolve("loc-ui.obj"));
        assertEquals("External", readobjClass(extract(w, UI, dir.resolve("loc-ui-in.obj")), "js_pending"));
        assertEquals("Static", readobjClass(member, "js_pending"));
        assertEquals("External", readobjClass(member, "perry_ui_show"));
        String nm = Fixtures.run(dir, "llvm-nm-19", member.toString()).assertOk().stdout();
        assertTrue(nm.lines().anyMatch(l -> l.endsWith(" t js_pending")), nm);
        String armap = Fixtures.run(dir, "llvm-nm-19", "--print-armap", trimmed.toString()).assertOk().stdout();
        assertFalse(armap.contains("js_pending in " + UI), armap);
        assertTrue(armap.contains("perry_ui_show in " + UI), armap);

        Path exe = dir.resolve("loc.exe");
        Fixtures.ProcessResult link = lldLink(exe, main.toString(), trimmed.toString(), stdlib.toString(), runtime.toString(), KERNEL32);
        link.assertOk();
        assertEquals(List.of(), duplicates(link), link.describe());
        assertEquals(0, runUnderWine(exe), "the stub serves the wrapper's own call, the runtime state is stdlib's alone");
    }

    /**
     * The wrapper bundles a second runtime unit (cgu.1) that nothing else provides
     * ({@code rt_extra_hook}, which the wrapper's own unit calls), so it stays; it also defines
     * {@code js_version}, which the provider's copy of the runtime (same crate build) defines too.
     * ELF would weaken it; COFF cannot, so the plan localizes it, as nothing in that member uses it:
     * lld-link links the written archives with no duplicate. When the member's own code calls it,
     * localizing would keep that caller on its copy: the editor refuses and the plan reports the
     * conflict (exit 5).
     */
    @Test
    void aSameBuildCoffDuplicateIsLocalizedInPlaceOfWeakeningOnlyWhenTheMemberDoesNotUseIt() throws Exception {
        Fixtures.requireTool("llvm-readobj-19");
        String stdlibRt = RUNTIME_SRC + "int js_version(void) { return 7; }\n";
        Path s = dir.resolve("auto-s");
        obj(s, STDLIB_RT, stdlibRt, "-DSTDLIB_COPY");
        obj(s, STDLIB_OWN, "int rt_peek(void) __asm__(\"rt_peek.llvm.5d6e\");\n"
                + "int perry_stdlib_pending(void) { return rt_peek(); }\n");
        Path std2 = lib(s, "perry_stdlib.lib", STDLIB_OWN, STDLIB_RT);
        String ui = UI + "=void js_push(void);\nint rt_extra_hook(void);\n"
                + "void perry_ui_show(void) { if (rt_extra_hook() == 5) js_push(); }\n";

        Path w = wrapperWith("auto", ui, RT1 + "=int rt_extra_hook(void) { return 5; }\nint js_version(void) { return 7; }\n");
        Fixtures.ProcessResult plain = lldLink(dir.resolve("auto-plain.exe"), main.toString(), w.toString(), std2.toString(),
                runtime.toString(), KERNEL32);
        assertTrue(duplicates(plain).contains("js_version"), plain.describe());
        Path out = dir.resolve("auto-out");
        Cli.Result apply = Cli.run("apply", "--out-dir", out, main, w, std2, runtime, KERNEL32);
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("perry_ui_windows.lib: localized 1 duplicate symbol(s) in 1 kept member(s) in place of"
                + " weakening"), apply.out());
        assertTrue(apply.out().contains("→ 0"), apply.out());
        Path trimmed = out.resolve("perry_ui_windows.lib");
        assertEquals("Static", readobjClass(extract(trimmed, RT1, dir.resolve("auto-rt1.obj")), "js_version"));
        assertEquals("External", readobjClass(dir.resolve("auto-rt1.obj"), "rt_extra_hook"));
        Path exe = dir.resolve("auto.exe");
        Fixtures.ProcessResult link = lldLink(exe, main.toString(), trimmed.toString(), std2.toString(), runtime.toString(), KERNEL32);
        link.assertOk();
        assertEquals(List.of(), duplicates(link), link.describe());
        assertEquals(0, runUnderWine(exe), "one runtime state");

        Path used = wrapperWith("auto-used", ui, RT1 + "=static volatile int seed = 1;\n"
                + "__attribute__((noinline)) int js_version(void) { return seed * 7; }\n"
                + "int rt_extra_hook(void) { return js_version() - 2; }\n");
        Cli.Result refused = Cli.run("apply", "--out-dir", dir.resolve("auto-used-out"), main, used, std2, runtime, KERNEL32);
        assertEquals(5, refused.exit(), refused.out() + refused.err());
        assertTrue((refused.out() + refused.err()).contains("localizing instead would bind its 1 relocation(s) in .text to this copy"),
                refused.out() + refused.err());
    }
}
