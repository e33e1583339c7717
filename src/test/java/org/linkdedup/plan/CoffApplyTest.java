package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveFlavor;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.archive.IndexKind;
import org.linkdedup.archive.SymbolIndex;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * {@code apply} on a perry-shaped set of Windows {@code .lib} files (wrapper
 * {@code perry_ui_windows.lib}, provider {@code perry_stdlib.lib}, runtime {@code perry_runtime.lib})
 * of COFF objects from {@code clang-19 --target=x86_64-pc-windows-msvc}: the wrapper's bundled
 * runtime unit is dropped (its name is the provider's copy's), the trimmed wrapper keeps the source's
 * flavor (COFF linker members from llvm-lib-19, GNU's {@code /} from llvm-lib 14 or
 * {@code llvm-ar --format=gnu}) and every index entry of the members it keeps, though linkdedup does
 * not read COFF symbols (they come from the source's index), and {@code lld-link} links the program
 * from it.
 */
@Toolchain
class CoffApplyTest {
    static final String RT = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    static final String STDLIB_RT = "perry_stdlib-5d6e." + RT + ".rcgu.o";
    static final String STDLIB_OWN = "perry_stdlib-5d6e.perry_stdlib.77-cgu.0.rcgu.o";
    static final String UI = "perry_ui_windows-9f8e.perry_ui_windows.9f8e-cgu.0.rcgu.o";
    static final String RUNTIME_SRC = "int js_wait_for_event(void){return 1;}\nint rt_helper(void){return 2;}\n";

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Fixtures.requireTool("clang-19", "llvm-lib-19", "llvm-ar-19", "llvm-nm-19", "lld-link");
    }

    private Path obj(Path d, String name, String source) throws Exception {
        Files.createDirectories(d);
        Path c = d.resolve("src-" + Math.abs(name.hashCode()) + ".c");
        Files.writeString(c, source);
        Fixtures.run(d, "clang-19", "--target=x86_64-pc-windows-msvc", "-c", c.toString(), "-o", d.resolve(name).toString()).assertOk();
        return d.resolve(name);
    }

    /** An archive of {@code members} (objects in {@code d}) written by {@code tool}, in {@code d} so members are named by file name. */
    private Path lib(String tool, Path d, String name, String... members) {
        List<String> cmd = new ArrayList<>();
        switch (tool) {
            case "llvm-lib-19", "llvm-lib-14" -> cmd.addAll(List.of(tool, "/out:" + d.resolve(name)));
            case "llvm-ar-gnu" -> cmd.addAll(List.of("llvm-ar-19", "--format=gnu", "rcs", d.resolve(name).toString()));
            default -> throw new IllegalArgumentException(tool);
        }
        cmd.addAll(Arrays.asList(members));
        Fixtures.run(d, cmd.toArray(String[]::new)).assertOk();
        return d.resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llvm-lib-19", "llvm-lib-14", "llvm-ar-gnu"})
    void trimmedWrapperKeepsItsFlavorAndEveryIndexEntryOfItsKeptMembersAndLinks(String tool) throws Exception {
        if (tool.equals("llvm-lib-14")) {
            Fixtures.requireTool("llvm-lib-14");
        }
        Path w = dir.resolve("w");
        obj(w, RT, RUNTIME_SRC);
        obj(w, UI, "int js_wait_for_event(void);\nint perry_ui_show(void){return js_wait_for_event();}\n"
                + "int perry_ui_hide(void){return 0;}\nint perry_ui_state = 7;\n");
        Path wrapper = lib(tool, w, "perry_ui_windows.lib", UI, RT);
        Path s = dir.resolve("s");
        obj(s, STDLIB_RT, RUNTIME_SRC);
        obj(s, STDLIB_OWN, "int perry_fetch(void){return 3;}\n");
        Path stdlib = lib(tool, s, "perry_stdlib.lib", STDLIB_OWN, STDLIB_RT);
        Path r = dir.resolve("r");
        obj(r, RT, RUNTIME_SRC);
        Path runtime = lib(tool, r, "perry_runtime.lib", RT);
        Path main = obj(dir, "main.obj", "int perry_ui_show(void);\nint perry_fetch(void);\n"
                + "int main(void){return perry_ui_show() + perry_fetch();}\n");

        Archive before = ArchiveReader.open(wrapper);
        ArchiveFlavor flavor = tool.equals("llvm-lib-19") ? ArchiveFlavor.COFF : ArchiveFlavor.GNU;
        assertEquals(flavor, before.flavor());
        ArchiveMember ui = before.members().stream().filter(m -> m.name().equals(UI)).findFirst().orElseThrow();
        List<String> uiNames = before.index().namesOf(ui.position());
        assertEquals(List.of("perry_ui_hide", "perry_ui_show", "perry_ui_state"), uiNames.stream().sorted().toList());

        Path out = dir.resolve("out");
        Cli.Result apply = Cli.run("apply", "--out-dir", out, main, wrapper, stdlib, runtime);
        assertEquals(0, apply.exit(), apply.out() + apply.err());
        assertTrue(apply.out().contains("perry_ui_windows.lib: dropped 1 bundled perry-runtime member(s)"), apply.out());
        Path trimmed = out.resolve("perry_ui_windows.lib");
        assertTrue(apply.lines().contains(trimmed.toString()), apply.out());

        Archive after = ArchiveReader.open(trimmed);
        assertEquals(flavor, after.flavor(), "the source's flavor");
        assertEquals(flavor == ArchiveFlavor.COFF ? IndexKind.COFF : IndexKind.GNU, after.index().kind());
        assertEquals(List.of(UI), after.members().stream().map(ArchiveMember::name).toList());
        // Every entry the input's index had for the member kept, though its symbols are not read here.
        assertEquals(uiNames, after.index().namesOf(0));
        assertEquals(before.index().entries().stream().filter(e -> e.member() == ui.position()).map(SymbolIndex.Entry::symbol).toList(),
                after.index().entries().stream().map(SymbolIndex.Entry::symbol).toList());
        assertArrayEquals(before.data(ui).bytes(0, (int) ui.size()), after.data(after.members().get(0)).bytes(0, (int) ui.size()));
        String armap = Fixtures.run(dir, "llvm-nm-19", "--print-armap", trimmed.toString()).assertOk().stdout();
        for (String n : uiNames) {
            assertTrue(armap.contains(n + " in " + UI), armap);
        }
        if (flavor == ArchiveFlavor.COFF) {
            // what llvm-lib-19 itself writes for the member kept
            Path want = lib("llvm-lib-19", w, "want.lib", UI);
            assertArrayEquals(Files.readAllBytes(want), Files.readAllBytes(trimmed));
        }

        Fixtures.ProcessResult link = Fixtures.run(dir, "lld-link", "/entry:main", "/subsystem:console", "/nodefaultlib",
                "/out:" + dir.resolve("app.exe"), main.toString(), trimmed.toString(), stdlib.toString(), runtime.toString());
        link.assertOk();
        assertTrue(Files.size(dir.resolve("app.exe")) > 0);
    }
}
