package org.linkdedup.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.link.LinkOrder;

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
}
