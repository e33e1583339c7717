package org.linkdedup.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

@Toolchain
class LinkCommandTest {
    @TempDir
    Path dir;

    private static final byte[] ELF_REL = elf(1);

    private static byte[] elf(int type) {
        byte[] b = new byte[64];
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        b[4] = 2;
        b[5] = 1;
        b[16] = (byte) type;
        return b;
    }

    @BeforeEach
    void files() throws Exception {
        Files.write(dir.resolve("main.o"), ELF_REL);
        Files.writeString(dir.resolve("libperry_ext_http.a"), "!<arch>\n");
        Files.writeString(dir.resolve("libperry_stdlib.a"), "!<arch>\n");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/libperry_runtime.a"), "!<arch>\n");
        Files.write(dir.resolve("lib/libperry_runtime.so"), elf(3));
        Files.writeString(dir.resolve("main.c"), "int main(){}");
    }

    private LinkCommand parse(String... argv) throws Exception {
        return LinkCommand.parse(List.of(argv), dir);
    }

    private List<String> names(LinkCommand c) {
        return c.order().paths().stream().map(p -> dir.relativize(p).toString()).toList();
    }

    @Test
    void driverWithObjectsArchivesAndLibrarySearch() throws Exception {
        LinkCommand c = parse("gcc", "-O2", "main.o", "main.c", "libperry_ext_http.a", "-o", "app", "libperry_stdlib.a",
                "-Llib", "-lperry_runtime", "-lpthread", "-x", "c");
        assertEquals(LinkCommand.Tool.DRIVER, c.tool());
        assertEquals(List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "lib/libperry_runtime.a"), names(c));
        assertEquals(dir.resolve("app"), c.output());
        List<String> rewritten = c.rewrite(Map.of(1, Path.of("/out/libperry_ext_http.a"), 3, Path.of("/out/libperry_runtime.a")));
        assertEquals(List.of("gcc", "-O2", "main.o", "main.c", "/out/libperry_ext_http.a", "-o", "app", "libperry_stdlib.a",
                "-Llib", "/out/libperry_runtime.a", "-lpthread", "-x", "c"), rewritten);
    }

    @Test
    void libraryDirectoriesApplyWhereverTheyAppearAndSeparateValues() throws Exception {
        LinkCommand c = parse("ld.lld", "main.o", "-l", "perry_runtime", "-L", "lib", "-o", "app");
        assertEquals(LinkCommand.Tool.LLD, c.tool());
        assertEquals(List.of("main.o", "lib/libperry_runtime.a"), names(c));
        assertEquals(List.of("ld.lld", "main.o", "/x/r.a", "-L", "lib", "-o", "app"),
                c.rewrite(Map.of(1, Path.of("/x/r.a"))));
    }

    @Test
    void colonFormNamesTheFileAndSharedLibrariesAreNotInputs() throws Exception {
        LinkCommand c = parse("cc", "main.o", "-Llib", "-l:libperry_runtime.a", "lib/libperry_runtime.so");
        assertEquals(List.of("main.o", "lib/libperry_runtime.a"), names(c));
    }

    @Test
    void wlPassThroughGroupsAndWholeArchive() throws Exception {
        LinkCommand c = parse("clang", "main.o", "-Wl,--start-group", "libperry_ext_http.a", "libperry_stdlib.a",
                "-Wl,--end-group", "-Wl,--whole-archive,lib/libperry_runtime.a,--no-whole-archive", "-o", "app");
        assertEquals(List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "lib/libperry_runtime.a"), names(c));
        assertEquals(1, c.order().groups().size());
        assertEquals(new LinkOrder.InputRange(1, 2), c.order().groups().get(0));
        assertFalse(c.order().get(1).forced());
        assertTrue(c.order().get(3).forced());
        assertEquals("-Wl,--whole-archive,/t/rt.a,--no-whole-archive",
                c.rewrite(Map.of(3, Path.of("/t/rt.a"))).get(6));
    }

    @Test
    void ld64ForceLoadAndAllLoad() throws Exception {
        LinkCommand c = parse("ld64.lld", "-arch", "arm64", "-platform_version", "macos", "11.0", "11.0", "main.o",
                "-force_load", "libperry_ext_http.a", "libperry_stdlib.a", "-o", "app");
        assertEquals(LinkCommand.Tool.LD64, c.tool());
        assertEquals(List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a"), names(c));
        assertTrue(c.order().get(1).forced());
        assertFalse(c.order().get(2).forced());
        LinkCommand all = parse("ld64.lld", "-all_load", "main.o", "libperry_stdlib.a");
        assertTrue(all.order().get(1).forced());
    }

    @Test
    void responseFilesAreExpandedWithQuotes() throws Exception {
        Files.writeString(dir.resolve("link.rsp"), "main.o 'libperry_ext_http.a'\n\"-Llib\" -lperry_runtime @inner.rsp\n");
        Files.writeString(dir.resolve("inner.rsp"), "-o app\\ 1");
        LinkCommand c = parse("gcc", "@link.rsp");
        assertTrue(c.usedResponseFiles());
        assertEquals(List.of("main.o", "libperry_ext_http.a", "lib/libperry_runtime.a"), names(c));
        assertEquals(dir.resolve("app 1"), c.output());
        assertEquals(List.of("gcc", "main.o", "libperry_ext_http.a", "-Llib", "-lperry_runtime", "-o", "app 1"), c.args());
    }

    @Test
    void selfIncludingResponseFileIsAnError() throws Exception {
        Files.writeString(dir.resolve("loop.rsp"), "main.o @loop.rsp");
        var e = assertThrows(java.io.IOException.class, () -> parse("gcc", "@loop.rsp"));
        assertTrue(e.getMessage().contains("nests deeper than 16 levels"), e.getMessage());
    }

    @Test
    void quoteRoundTrips() {
        for (String s : List.of("plain", "with space", "q'uote", "d\"q", "back\\slash", "")) {
            assertEquals(List.of(s), ResponseFiles.split(ResponseFiles.quote(s)));
        }
    }

    // ------------------------------------------------------------------ which linker the command runs

    /** The model of {@code argv} on a host that is not macOS; "-" for empty. */
    private String model(String... argv) throws Exception {
        return name(parse(argv).model(false));
    }

    private static String name(Optional<LinkerModel> m) {
        return m.map(LinkerModel::cliName).orElse("-");
    }

    private static String[] words(String s) {
        return s.trim().split("\\s+");
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            lld       | ld.lld main.o -o app
            lld       | /usr/lib/llvm-14/bin/ld.lld main.o
            lld       | ld.lld-14 main.o
            lld       | x86_64-linux-gnu-ld.lld main.o
            lld-macho | ld64.lld -arch arm64 main.o
            lld-macho | /usr/bin/ld64.lld-19 main.o
            lld       | mold main.o
            lld       | /opt/mold/bin/ld.mold main.o
            gnu       | ld main.o
            gnu       | /usr/bin/ld.bfd main.o
            gnu       | ld.gold main.o
            gnu       | gold main.o
            gnu       | x86_64-linux-gnu-ld main.o
            gnu       | /usr/bin/x86_64-linux-gnu-ld.gold main.o
            lld-macho | ld64 -arch arm64 main.o
            -         | lld main.o
            lld-link  | lld-link main.o
            -         | wasm-ld main.o
            """)
    void aLinkerRunDirectlyIsKnownByItsName(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            lld       | rust-lld -flavor gnu main.o -o app
            lld-macho | rust-lld -flavor darwin main.o -o app
            lld-macho | rust-lld -flavor ld64 main.o -o app
            -         | rust-lld main.o -o app
            -         | rust-lld main.o -flavor gnu -o app
            -         | rust-lld -flavor wasm main.o
            -         | rust-lld -flavor
            lld       | lld-14 -flavor gnu main.o
            lld-macho | ld.lld -flavor darwin main.o
            """)
    void lldFlavorIsTheFirstArgumentOrTheProgramName(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @Test
    void flavorIsReadBeforeResponseFilesAndItsValueIsNotAnInput() throws Exception {
        Files.writeString(dir.resolve("flavor.rsp"), "-flavor gnu main.o");
        assertEquals("-", model("rust-lld", "@flavor.rsp"), "lld reads -flavor from its own argv[1] only");
        Files.writeString(dir.resolve("gnu"), "!<arch>\n");
        LinkCommand c = parse("rust-lld", "-flavor", "gnu", "main.o", "-o", "app");
        assertEquals(LinkCommand.Tool.LLD, c.tool());
        assertEquals(List.of("main.o"), names(c));
        LinkCommand macho = parse("rust-lld", "-flavor", "darwin", "main.o", "-object_path_lto", "lto.o", "-o", "app");
        assertEquals(LinkCommand.Tool.LD64, macho.tool());
        assertEquals(dir.resolve("app"), macho.output(), "ld64 rules: -object_path_lto is not -o");
    }

    @Test
    void goldRunDirectlyIsParsedAsALinker() throws Exception {
        LinkCommand c = parse("gold", "main.o", "--start-group", "libperry_ext_http.a", "libperry_stdlib.a", "--end-group", "-o", "app");
        assertEquals(LinkCommand.Tool.GNU_LD, c.tool());
        assertEquals(List.of(new LinkOrder.InputRange(1, 2)), c.order().groups());
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            -         | cc main.o -o app
            lld       | cc -fuse-ld=lld main.o -o app
            gnu       | cc -fuse-ld=lld main.o -fuse-ld=bfd -o app
            lld       | gcc -fuse-ld=bfd main.o -fuse-ld=lld -o app
            lld       | g++ -fuse-ld=gold main.o -fuse-ld=mold
            gnu       | x86_64-linux-gnu-gcc -fuse-ld=mold main.o -fuse-ld=gold
            lld       | clang-19 -fuse-ld=lld-14 main.o
            lld       | clang++ -fuse-ld=/usr/bin/ld.lld main.o
            lld       | clang -fuse-ld=/opt/bin/mold main.o
            lld       | clang -fuse-ld=/opt/bin/ld.mold main.o
            gnu       | clang -fuse-ld=/usr/bin/ld.bfd main.o
            lld-macho | clang -fuse-ld=/opt/llvm/bin/ld64.lld main.o
            -         | clang -fuse-ld=lld main.o -fuse-ld=
            -         | clang -fuse-ld=lld main.o -fuse-ld=ld
            -         | clang -fuse-ld=wild main.o
            -         | clang -fuse-ld lld main.o
            -         | cc -Xclang -fuse-ld=lld main.o
            """)
    void aDriverRunsTheLinkerOfItsLastFuseLd(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            gnu       | clang --ld-path=/usr/bin/ld.bfd -fuse-ld=lld main.o
            gnu       | clang -fuse-ld=lld main.o --ld-path=/usr/bin/ld.bfd
            lld       | clang --ld-path=/usr/bin/ld.lld -fuse-ld=bfd main.o
            lld       | clang --ld-path=ld.lld main.o
            gnu       | clang --ld-path=/usr/bin/ld.lld --ld-path=/usr/bin/ld.bfd main.o
            lld       | clang --ld-path=/opt/tools/my-linker -fuse-ld=lld main.o
            -         | clang --ld-path=/opt/tools/my-linker main.o
            -         | clang --ld-path=/opt/tools/my-linker -fuse-ld=bfd main.o
            -         | clang -fuse-ld=lld --ld-path= main.o
            """)
    void clangLdPathTakesPrecedenceOverFuseLd(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            lld-macho | clang --target=arm64-apple-macos11 -fuse-ld=lld main.o
            lld-macho | clang -target x86_64-apple-darwin -fuse-ld=lld-19 main.o
            lld-macho | x86_64-apple-darwin21-clang -fuse-ld=lld main.o
            lld       | x86_64-apple-darwin21-clang --target=x86_64-linux-gnu -fuse-ld=lld main.o
            -         | clang --target=arm64-apple-macos11 -fuse-ld=bfd main.o
            -         | clang --target=arm64-apple-macos11 -fuse-ld=mold main.o
            lld       | clang --target=arm64-apple-macos11 -fuse-ld=/usr/bin/ld.lld main.o
            lld-macho | clang --target=arm64-apple-macos11 --ld-path=/opt/bin/my-lld -fuse-ld=lld main.o
            """)
    void anAppleTargetRunsLd64Programs(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @Test
    void onMacOSADriverWithoutATargetLinksForApple() throws Exception {
        assertEquals(Optional.of(LinkerModel.LLD_MACHO), parse("cc", "-fuse-ld=lld", "main.o").model(true));
        assertEquals(Optional.of(LinkerModel.LLD), parse("cc", "--target=x86_64-unknown-linux-gnu", "-fuse-ld=lld", "main.o").model(true));
        assertEquals(Optional.of(LinkerModel.LLD), parse("x86_64-linux-gnu-gcc", "-fuse-ld=lld", "main.o").model(true));
        assertEquals(Optional.of(LinkerModel.GNU), parse("ld.bfd", "main.o").model(true), "a linker run directly is its name");
    }

    /** The command line rustc 1.95 gives {@code cc} on x86_64 Linux (cargo's default linker). */
    private List<String> rustcLink(String sysroot) {
        String rustlib = sysroot + "/lib/rustlib/x86_64-unknown-linux-gnu";
        return List.of("cc", "-m64", "/tmp/rustcAbc/symbols.o", "main.o", "-Wl,--as-needed", "-Wl,-Bstatic",
                "libperry_ext_http.a", "libperry_stdlib.a", rustlib + "/lib/libstd-d1237ef7159db0a2.rlib", "-Wl,-Bdynamic",
                "-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc", "-L", "/tmp/rustcAbc/raw-dylibs",
                "-B" + rustlib + "/bin/gcc-ld", "-fuse-ld=lld", "-Wl,--eh-frame-hdr", "-Wl,-z,noexecstack", "-L",
                rustlib + "/lib", "-o", "app", "-Wl,--gc-sections", "-pie", "-Wl,-z,relro,-z,now", "-nodefaultlibs");
    }

    @Test
    void cargoLinksWithLld() throws Exception {
        LinkCommand c = LinkCommand.parse(rustcLink(dir.resolve("rustup/toolchains/stable-x86_64-unknown-linux-gnu").toString()), dir);
        assertEquals(Optional.of(LinkerModel.LLD), c.model(false));
        assertEquals(List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a"), names(c));
    }

    @Test
    void fuseLdFromAResponseFileCounts() throws Exception {
        List<String> rustc = rustcLink("/home/u/.rustup/toolchains/stable-x86_64-unknown-linux-gnu");
        StringBuilder rsp = new StringBuilder();
        for (String a : rustc.subList(1, rustc.size())) {
            rsp.append(ResponseFiles.quote(a)).append('\n');
        }
        Files.writeString(dir.resolve("link.rsp"), rsp);
        assertEquals("lld", model("cc", "@link.rsp"), "rustc passes long link lines through an @file");
        Files.writeString(dir.resolve("bfd.rsp"), "-fuse-ld=bfd main.o\n");
        assertEquals("gnu", model("cc", "-fuse-ld=lld", "@bfd.rsp"), "the response file's -fuse-ld comes last");
        assertEquals("lld", model("cc", "@bfd.rsp", "-fuse-ld=lld"));
        Files.writeString(dir.resolve("nested.rsp"), "main.o @bfd.rsp\n");
        assertEquals("gnu", model("clang", "-fuse-ld=lld", "@nested.rsp"));
    }

    // --------------------------------------------- against the real drivers (what they run, by name)

    /** Executables named like linkers in {@code dir/bin}, for the drivers to find through -B. */
    private Path fakeLinkers() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String n : List.of("ld.lld", "ld.mold", "ld.bfd", "ld.gold", "ld64.lld", "my-linker")) {
            Path f = bin.resolve(n);
            Files.writeString(f, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private static List<String> expand(String options, Path bin) {
        List<String> out = new ArrayList<>();
        for (String w : words(options)) {
            out.add(w.replace("BIN", bin.toString()));
        }
        return out;
    }

    /**
     * gcc (through collect2, which prints the linker it runs when told {@code -Wl,--version}) runs
     * a linker whose name gives the model that {@link LinkCommand#model()} reads from the command.
     */
    @ParameterizedTest(name = "gcc {1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            gnu | -BBIN -fuse-ld=lld -fuse-ld=bfd
            lld | -BBIN -fuse-ld=bfd -fuse-ld=lld
            lld | -BBIN -fuse-ld=gold -fuse-ld=mold
            gnu | -BBIN -fuse-ld=mold -fuse-ld=gold
            lld | -m64 -BBIN -fuse-ld=lld -nodefaultlibs
            """)
    void gccRunsTheLinkerTheModelIsFor(String expected, String options) throws Exception {
        Fixtures.requireTool("gcc");
        Path bin = fakeLinkers();
        List<String> opts = expand(options, bin);
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(opts);
        cmd.addAll(List.of("-Wl,--version", "-x", "c", "/dev/null", "-o", dir.resolve("a.out").toString()));
        Fixtures.ProcessResult r = Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        List<String> lines = r.stderr().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("collect2 version")).findFirst()
                .orElseGet(() -> fail("collect2 did not print the linker\n" + r.describe())));
        String ran = lines.get(at + 1).split(" ")[0];
        assertEquals(expected, name(Optional.ofNullable(LinkerChoice.ofProgram(LinkerChoice.basename(ran), null))),
                "gcc ran " + ran);
        List<String> argv = new ArrayList<>(List.of("gcc"));
        argv.addAll(opts);
        argv.add("main.o");
        assertEquals(expected, model(argv.toArray(String[]::new)));
    }

    /** clang-19 -### prints the linker command it would run; its program gives the model. */
    @ParameterizedTest(name = "clang {1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            gnu       | -BBIN -fuse-ld=lld -fuse-ld=bfd
            lld       | -BBIN -fuse-ld=bfd -fuse-ld=lld
            lld       | -BBIN -fuse-ld=mold
            gnu       | -BBIN --ld-path=BIN/ld.bfd -fuse-ld=lld
            gnu       | -BBIN -fuse-ld=lld --ld-path=BIN/ld.bfd
            lld       | -BBIN --ld-path=BIN/ld.lld -fuse-ld=bfd
            lld       | -fuse-ld=BIN/ld.mold
            lld-macho | --target=x86_64-apple-darwin -BBIN -fuse-ld=lld
            """)
    void clangRunsTheLinkerTheModelIsFor(String expected, String options) throws Exception {
        Fixtures.requireTool("clang-19");
        Path bin = fakeLinkers();
        List<String> opts = expand(options, bin);
        List<String> cmd = new ArrayList<>(List.of("clang-19", "-###"));
        cmd.addAll(opts);
        cmd.addAll(List.of("-x", "c", "/dev/null", "-o", dir.resolve("a.out").toString()));
        Fixtures.ProcessResult r = Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        List<String> jobs = r.stderr().lines().filter(l -> l.startsWith(" \"")).toList();
        assertFalse(jobs.isEmpty(), r.describe());
        assertFalse(r.stderr().contains("error:"), r.describe());
        String ran = jobs.get(jobs.size() - 1).substring(2).split("\"")[0];
        assertEquals(expected, name(Optional.ofNullable(LinkerChoice.ofProgram(LinkerChoice.basename(ran), null))),
                "clang ran " + ran);
        List<String> argv = new ArrayList<>(List.of("clang-19"));
        argv.addAll(opts);
        argv.add("main.o");
        assertEquals(expected, model(argv.toArray(String[]::new)));
    }

    // ------------------------------------------------------------------ lld-link / link.exe command lines

    /** A COFF x86-64 object header (machine 0x8664): enough for the file to be an object input. */
    private static final byte[] COFF_OBJ = {0x64, (byte) 0x86, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private void coffFiles() throws Exception {
        Files.write(dir.resolve("main.obj"), COFF_OBJ);
        Files.writeString(dir.resolve("perry_ui_windows.lib"), "!<arch>\n");
        Files.createDirectories(dir.resolve("libs"));
        Files.writeString(dir.resolve("libs/perry_stdlib.lib"), "!<arch>\n");
        Files.writeString(dir.resolve("libs/perry_runtime.lib"), "!<arch>\n");
        Files.writeString(dir.resolve("libs/kernel32.lib"), "!<arch>\n");
        Files.write(dir.resolve("libs/helper.obj"), COFF_OBJ);
        Files.writeString(dir.resolve("app.res"), "\0\0\0\0 not an object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lld-link
            /usr/bin/lld-link
            lld-link-19
            lld-link.exe
            LLD-LINK.EXE
            link
            link.exe
            C:\\VS\\bin\\link.exe
            ld.lld -flavor link
            rust-lld -flavor link
            """)
    void coffLinkersAreKnownByNameOrFlavorAndModelledAsLldLink(String program) throws Exception {
        coffFiles();
        List<String> argv = new ArrayList<>(Arrays.asList(words(program)));
        argv.addAll(List.of("/out:app.exe", "main.obj", "perry_ui_windows.lib"));
        LinkCommand c = parse(argv.toArray(String[]::new));
        assertEquals(LinkCommand.Tool.LINK, c.tool());
        assertEquals("lld-link", name(c.model(false)));
        assertEquals(List.of("main.obj", "perry_ui_windows.lib"), names(c));
        assertEquals(dir.resolve("app.exe"), c.output());
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', textBlock = """
            lld-link  | rust-lld -flavor link main.o
            -         | rust-lld main.o -flavor link
            -         | wasm-ld main.o
            gnu       | ld main.o
            """)
    void linkFlavorIsReadOnlyAsTheFirstArgument(String expected, String command) throws Exception {
        assertEquals(expected, model(words(command)));
    }

    @Test
    void lldLinkCommandLineWithLibpathDefaultlibWholearchiveAndResponseFile() throws Exception {
        coffFiles();
        Files.writeString(dir.resolve("link.rsp"), "perry_runtime.lib\n-ENTRY:mainCRTStartup\n");
        LinkCommand c = parse("lld-link", "/OUT:app.exe", "main.obj", "perry_ui_windows.lib", "app.res", "/defaultlib:kernel32",
                "/wholearchive:perry_stdlib.lib", "helper", "@link.rsp", "/LibPath:libs", "/subsystem:console");
        assertEquals(LinkCommand.Tool.LINK, c.tool());
        assertEquals(dir.resolve("app.exe"), c.output());
        // in command-line order (/libpath: applies wherever it stands, "helper" is found as helper.obj,
        // the .res is no input), then the /defaultlib: libraries
        assertEquals(List.of("main.obj", "perry_ui_windows.lib", "libs/perry_stdlib.lib", "libs/helper.obj",
                "libs/perry_runtime.lib", "libs/kernel32.lib"), names(c));
        assertEquals(java.util.Set.of(2), c.order().forced());
        assertEquals(List.of(dir.resolve("link.rsp")), c.responseFiles());
        List<String> rewritten = c.rewrite(Map.of(1, Path.of("/t/perry_ui_windows.lib"), 2, Path.of("/t/perry_stdlib.lib"),
                4, Path.of("/t/perry_runtime.lib"), 5, Path.of("/t/kernel32.lib")));
        assertEquals(List.of("lld-link", "/OUT:app.exe", "main.obj", "/t/perry_ui_windows.lib", "app.res", "/defaultlib:/t/kernel32.lib",
                "/wholearchive:/t/perry_stdlib.lib", "helper", "/t/perry_runtime.lib", "-ENTRY:mainCRTStartup", "/LibPath:libs",
                "/subsystem:console"), rewritten);
    }

    @Test
    void optionsAreCaseInsensitiveAndMayStartWithADash() throws Exception {
        coffFiles();
        LinkCommand c = parse("lld-link", "-out:app.exe", "-LIBPATH:libs", "main.obj", "perry_stdlib.lib", "-WHOLEARCHIVE:perry_runtime.lib");
        assertEquals(dir.resolve("app.exe"), c.output());
        assertEquals(List.of("main.obj", "libs/perry_stdlib.lib", "libs/perry_runtime.lib"), names(c));
        assertEquals(java.util.Set.of(2), c.order().forced());
    }

    @Test
    void anAbsolutePathIsAnInputNotAnOption() throws Exception {
        coffFiles();
        String main = dir.resolve("main.obj").toString();
        String lib = dir.resolve("libs/perry_stdlib.lib").toString();
        LinkCommand c = parse("lld-link", "/out:" + dir.resolve("app.exe"), main, lib, "/opt:ref");
        assertEquals(List.of("main.obj", "libs/perry_stdlib.lib"), names(c));
        assertEquals(List.of("lld-link", "/out:" + dir.resolve("app.exe"), main, "/x/s.lib", "/opt:ref"),
                c.rewrite(Map.of(1, Path.of("/x/s.lib"))));
    }

    @Test
    void bareWholearchiveForcesEveryArchiveWhereverItStands() throws Exception {
        coffFiles();
        LinkCommand c = parse("lld-link", "main.obj", "perry_ui_windows.lib", "/libpath:libs", "perry_stdlib.lib", "/WHOLEARCHIVE");
        assertEquals(java.util.Set.of(1, 2), c.order().forced(), "every archive, wherever /WHOLEARCHIVE stands");
    }

    @Test
    void nodefaultlibDropsDefaultLibraries() throws Exception {
        coffFiles();
        assertEquals(List.of("main.obj"), names(parse("lld-link", "main.obj", "/defaultlib:kernel32", "/libpath:libs", "/nodefaultlib")));
        assertEquals(List.of("main.obj", "libs/perry_stdlib.lib"), names(parse("lld-link", "main.obj", "/defaultlib:kernel32.lib",
                "/defaultlib:perry_stdlib", "/libpath:libs", "/NODEFAULTLIB:kernel32")));
    }

    @Test
    void aFileNamedTwiceIsReadOnceAndSubstitutedEverywhere() throws Exception {
        coffFiles();
        LinkCommand c = parse("lld-link", "main.obj", "/libpath:libs", "perry_stdlib.lib", "libs/perry_stdlib.lib",
                "/defaultlib:perry_stdlib");
        assertEquals(List.of("main.obj", "libs/perry_stdlib.lib"), names(c));
        assertEquals(List.of("lld-link", "main.obj", "/libpath:libs", "/t/s.lib", "/t/s.lib", "/defaultlib:/t/s.lib"),
                c.rewrite(Map.of(1, Path.of("/t/s.lib"))));
    }

    @Test
    void windowsQuotingRoundTripsThroughLldLink() throws Exception {
        assertEquals("plain\\path.obj", ResponseFiles.quoteWindows("plain\\path.obj"));
        assertEquals("\"with space\"", ResponseFiles.quoteWindows("with space"));
        assertEquals("\"d\\\"q\"", ResponseFiles.quoteWindows("d\"q"));
        assertEquals("\"a b\\\\\"", ResponseFiles.quoteWindows("a b\\"));
        assertEquals("\"\"", ResponseFiles.quoteWindows(""));
    }
}
