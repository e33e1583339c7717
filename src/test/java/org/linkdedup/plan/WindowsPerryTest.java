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
}
