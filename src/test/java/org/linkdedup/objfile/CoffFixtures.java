package org.linkdedup.objfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.linkdedup.testing.Fixtures;

/** COFF objects and libraries made at test time with clang-19, mingw-w64 gcc and the LLVM 19 tools. */
final class CoffFixtures {
    private CoffFixtures() {
    }

    /** Globals of every section kind, a static function, an undefined reference, a weak definition and a weak reference. */
    static final String KINDS_C = """
            int counter = 3;
            int zeroed;
            const int ro = 5;
            static int hidden_fn(int x) { return x + 1; }
            extern int ext_fn(int);
            __attribute__((weak)) int weak_fn(void) { return 7; }
            extern int weak_ref(void) __attribute__((weak));
            int f(int x) { return hidden_fn(x) + ext_fn(x) + counter + zeroed + ro + (weak_ref ? weak_ref() : 0); }
            """;

    /** C++ COMDATs: an inline function, a template, selectany data; calls give them unwind data (associative sections). */
    static final String COMDAT_CPP = """
            extern int g(int);
            inline int inl(int x) { return g(x) * 2; }
            __declspec(selectany) int sel = 4;
            template<class T> T tmpl(T x) { return g(x) + 1; }
            int use(int x) { return inl(x) + sel + tmpl(x); }
            """;

    static final String OTHER_C = """
            extern int counter;
            int other(void) { return counter * 2; }
            """;

    static final String DEF = """
            LIBRARY x.dll
            EXPORTS
              xfunc
              xdata DATA
              xconst CONSTANT
            """;

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** {@code clang-19 --target=TRIPLE -c SRC -o OUT} plus {@code extra} options. */
    static Path clang(Path dir, String triple, String src, String out, String... extra) {
        Fixtures.requireTool("clang-19");
        String[] cmd = new String[6 + extra.length];
        cmd[0] = "clang-19";
        cmd[1] = "--target=" + triple;
        cmd[2] = "-c";
        System.arraycopy(extra, 0, cmd, 3, extra.length);
        cmd[3 + extra.length] = src;
        cmd[4 + extra.length] = "-o";
        cmd[5 + extra.length] = out;
        Fixtures.run(dir, cmd).assertOk();
        return dir.resolve(out);
    }

    /** {@code x86_64-w64-mingw32-gcc -c SRC -o OUT} plus {@code extra} options. */
    static Path mingw(Path dir, String src, String out, String... extra) {
        Fixtures.requireTool("x86_64-w64-mingw32-gcc");
        String[] cmd = new String[5 + extra.length];
        cmd[0] = "x86_64-w64-mingw32-gcc";
        cmd[1] = "-c";
        System.arraycopy(extra, 0, cmd, 2, extra.length);
        cmd[2 + extra.length] = src;
        cmd[3 + extra.length] = "-o";
        cmd[4 + extra.length] = out;
        Fixtures.run(dir, cmd).assertOk();
        return dir.resolve(out);
    }

    /** Every fixture object and library, in {@code dir}. */
    static java.util.List<Path> all(Path dir) throws IOException {
        write(dir, "kinds.c", KINDS_C);
        write(dir, "comdat.cpp", COMDAT_CPP);
        write(dir, "other.c", OTHER_C);
        write(dir, "x.def", DEF);
        Path x64 = clang(dir, "x86_64-pc-windows-msvc", "kinds.c", "kinds-x64.obj");
        Path a64 = clang(dir, "aarch64-pc-windows-msvc", "kinds.c", "kinds-arm64.obj");
        Path x86 = clang(dir, "i686-pc-windows-msvc", "kinds.c", "kinds-x86.obj");
        Path fs = clang(dir, "x86_64-pc-windows-msvc", "kinds.c", "kinds-fs.obj", "-ffunction-sections", "-fdata-sections");
        Path cpp = clang(dir, "x86_64-pc-windows-msvc", "comdat.cpp", "comdat-x64.obj");
        Path cpp86 = clang(dir, "i686-pc-windows-msvc", "comdat.cpp", "comdat-x86.obj");
        Path other = clang(dir, "x86_64-pc-windows-msvc", "other.c", "other-x64.obj");
        Path gcc = mingw(dir, "kinds.c", "kinds-mingw.o", "-fcommon");
        Path big = mingw(dir, "kinds.c", "kinds-bigobj.o", "-fcommon", "-Wa,-mbig-obj");
        Path bigcpp = mingw(dir, "comdat.cpp", "comdat-bigobj.o", "-Wa,-mbig-obj");
        Fixtures.requireTool("llvm-lib-19", "llvm-ar-19", "llvm-dlltool-19");
        Fixtures.run(dir, "llvm-lib-19", "/out:objs.lib", x64.toString(), cpp.toString(), other.toString(), fs.toString()).assertOk();
        Fixtures.run(dir, "llvm-ar-19", "--format=coff", "rcs", "mixed.lib", gcc.toString(), big.toString(), bigcpp.toString(),
                x86.toString(), cpp86.toString()).assertOk();
        Fixtures.run(dir, "llvm-lib-19", "/def:x.def", "/out:x.lib", "/machine:x64").assertOk();
        Fixtures.run(dir, "llvm-dlltool-19", "-d", "x.def", "-l", "x-dlltool.a", "-m", "i386:x86-64").assertOk();
        return java.util.List.of(x64, a64, x86, fs, cpp, cpp86, other, gcc, big, bigcpp, dir.resolve("objs.lib"),
                dir.resolve("mixed.lib"), dir.resolve("x.lib"), dir.resolve("x-dlltool.a"));
    }
}
