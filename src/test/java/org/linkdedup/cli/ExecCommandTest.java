package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/** Issue 6's proof: {@code linkdedup exec -- <link command>} on the perry fixtures. */
@Toolchain
class ExecCommandTest {
    @TempDir
    Path dir;

    private Path perry() {
        Fixtures.requireTool("cc", "ld");
        return Fixtures.perry("default");
    }

    private void assertPasses(Cli.Result r, Path app) {
        assertEquals(0, r.exit(), r.err());
        Fixtures.ProcessResult run = Links.runProgram(app);
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.stdout().contains("PASS"), run.stdout());
    }

    @Test
    void wrappersFirstGccLinkPasses() {
        Path p = perry();
        Path app = dir.resolve("app");
        Cli.Result r = Cli.run("exec", "--", "cc", p.resolve("main.o"), p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"),
                p.resolve("libperry_runtime.a"), "-o", app, "-lpthread", "-ldl");
        assertTrue(r.err().contains("[strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s)"), r.err());
        assertPasses(r, app);
        assertEquals(List.of("app"), list(dir), "the temporary directory of trimmed archives is gone");
    }

    @Test
    void throughLibrarySearch() {
        Path p = perry();
        Path app = dir.resolve("app");
        assertPasses(Cli.run("exec", "--", "cc", p.resolve("main.o"), "-L" + p, "-lperry_ext_http", "-lperry_stdlib", "-lperry_runtime",
                "-o", app, "-lpthread", "-ldl"), app);
    }

    @Test
    void throughAResponseFile() throws Exception {
        Path p = perry();
        Path app = dir.resolve("app");
        Path rsp = dir.resolve("link.rsp");
        Files.writeString(rsp, p.resolve("main.o") + " " + p.resolve("libperry_ext_http.a") + "\n" + p.resolve("libperry_stdlib.a")
                + " " + p.resolve("libperry_runtime.a") + " -o " + app + " -lpthread -ldl\n");
        assertPasses(Cli.run("exec", "--", "cc", "@" + rsp), app);
    }

    @Test
    void keepAndOutDirLeaveTheTrimmedArchive() {
        Path p = perry();
        Path out = dir.resolve("trimmed");
        Path app = dir.resolve("app");
        assertPasses(Cli.run("exec", "--out-dir", out, "--", "cc", p.resolve("main.o"), p.resolve("libperry_ext_http.a"),
                p.resolve("libperry_stdlib.a"), p.resolve("libperry_runtime.a"), "-o", app, "-lpthread", "-ldl"), app);
        assertTrue(Files.exists(out.resolve("libperry_ext_http.a")));
    }

    @Test
    void dryRunPrintsTheRewrittenCommandAndRunsNothing() {
        Path p = perry();
        Path app = dir.resolve("app");
        Cli.Result r = Cli.run("exec", "--dry-run", "--out-dir", dir.resolve("o"), "--", "cc", p.resolve("main.o"),
                p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"), "-o", app);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertTrue(lines.get(0).contains("dropped 1 bundled perry-runtime member(s)"), r.out());
        assertEquals("cc " + p.resolve("main.o") + " " + dir.resolve("o/libperry_ext_http.a") + " " + p.resolve("libperry_stdlib.a")
                + " -o " + app, lines.get(lines.size() - 1));
        assertFalse(Files.exists(app));
        assertFalse(Files.exists(dir.resolve("o/libperry_ext_http.a")));
    }

    @Test
    void nothingToDropRunsTheOriginalCommandAndReturnsItsStatus() {
        Path p = perry();
        Cli.Result stdlibFirst = Cli.run("exec", "--dry-run", "--", "cc", p.resolve("main.o"), p.resolve("libperry_stdlib.a"),
                p.resolve("libperry_ext_http.a"), "-o", "x");
        List<String> lines = stdlibFirst.lines();
        assertEquals("cc " + p.resolve("main.o") + " " + p.resolve("libperry_stdlib.a") + " " + p.resolve("libperry_ext_http.a")
                + " -o x", lines.get(lines.size() - 1));
        Cli.Result failing = Cli.run("exec", "--", "sh", "-c", "exit 7");
        assertEquals(7, failing.exit(), "no provider: run unchanged, the linker's status is ours");
        assertEquals(127, Cli.run("exec", "--", "/no/such/linker", p.resolve("libperry_stdlib.a")).exit());
    }

    @Test
    void wholeArchiveMembersAreNeverDropped() {
        Path p = perry();
        Cli.Result r = Cli.run("exec", "--dry-run", "--", "cc", p.resolve("main.o"), "-Wl,--whole-archive", p.resolve("libperry_ext_http.a"),
                "-Wl,--no-whole-archive", p.resolve("libperry_stdlib.a"), "-o", "x");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("keeping bundled perry_runtime-") && r.out().contains("loaded whole (--whole-archive / -force_load)"), r.out());
        assertFalse(r.out().contains(": dropped"), r.out());
        // Its duplicates of stdlib's copies are weakened all the same, in a copy of the archive that
        // keeps every member and stays under --whole-archive.
        assertTrue(r.out().contains("libperry_ext_http.a: weakened "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(".*-Wl,--whole-archive \\S+/libperry_ext_http\\.a -Wl,--no-whole-archive .*")
                && !l.contains(" " + p.resolve("libperry_ext_http.a") + " ")), r.out());
        // Without rewriting the forced runtime copy stays live beside stdlib's: a split, refused unless allowed.
        Cli.Result refused = Cli.run("exec", "--dry-run", "--rewrite", "none", "--", "cc", p.resolve("main.o"), "-Wl,--whole-archive",
                p.resolve("libperry_ext_http.a"), "-Wl,--no-whole-archive", p.resolve("libperry_stdlib.a"), "-o", "x");
        assertEquals(5, refused.exit(), refused.err());
        assertTrue(refused.err().contains("the link would not run"), refused.err());
        Cli.Result none = Cli.run("exec", "--dry-run", "--rewrite", "none", "--allow-split", "--", "cc", p.resolve("main.o"), "-Wl,--whole-archive",
                p.resolve("libperry_ext_http.a"), "-Wl,--no-whole-archive", p.resolve("libperry_stdlib.a"), "-o", "x");
        assertEquals(0, none.exit(), none.err());
        assertTrue(none.out().contains("-Wl,--whole-archive " + p.resolve("libperry_ext_http.a")), "command unchanged");
    }

    @Test
    void theDefaultModelIsTheLinkerTheDriverRuns() {
        Path p = perry();
        // --target pins an ELF target wherever the test runs (on macOS, a bare cc -fuse-ld=lld runs ld64.lld).
        for (List<String> c : List.of(List.of("gnu", "-fuse-ld=lld", "-fuse-ld=bfd"), List.of("lld", "-fuse-ld=bfd", "-fuse-ld=lld"),
                List.of("lld", "-fuse-ld=gold", "-fuse-ld=mold"), List.of("gnu", "--target=x86_64-unknown-linux-gnu", "-nodefaultlibs"))) {
            Cli.Result r = Cli.run("exec", "--dry-run", "--", "cc", "--target=x86_64-unknown-linux-gnu", c.get(1), p.resolve("main.o"),
                    p.resolve("libperry_ext_http.a"), p.resolve("libperry_stdlib.a"), c.get(2), "-o", dir.resolve("app"));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("[strip-dedup] verified with linker model " + c.get(0) + ":"), c + "\n" + r.out());
        }
    }

    @Test
    void generateCompletionPrintsABashScript() {
        Cli.Result r = Cli.run("generate-completion");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("complete -F") && r.out().contains("linkdedup"), r.out().substring(0, 200));
    }

    private static List<String> list(Path d) {
        try (var s = Files.list(d)) {
            return new ArrayList<>(s.map(x -> x.getFileName().toString()).sorted().toList());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
