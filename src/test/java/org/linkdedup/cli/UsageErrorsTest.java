package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * Issue 19: what a user typing into a build script gets wrong, each answered by one line naming the
 * problem and the right exit status, never a Java exception or a usage dump; and exec handing the
 * link command's response files to the linker as the compiler drivers read them.
 */
class UsageErrorsTest {
    @TempDir
    Path dir;

    private static void assertOneLine(Cli.Result r, int exit, String line) {
        assertEquals(exit, r.exit(), r.out() + r.err());
        assertEquals(line, r.err().lines().findFirst().orElse(""), r.err());
        assertFalse(r.err().contains("java.") || r.err().contains("Usage:") || r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnknownLinkerModelIsOneLine() {
        Cli.Result r = Cli.run("check", "--linker", "ldd", "main.o");
        assertOneLine(r, 2, "linkdedup: Invalid value for option '--linker': unknown linker model 'ldd' (expected one of gnu, lld,"
                + " lld-macho, ld64, lld-link)");
        assertEquals("Try 'linkdedup check --help' for more information.", r.err().lines().skip(1).findFirst().orElse(""));
    }

    @Test
    void responseFilesThatCannotBeReadAreNamed() throws Exception {
        assertOneLine(Cli.run("check", "@" + dir), 2, "linkdedup: @" + dir + ": a directory, not a response file");
        Path missing = dir.resolve("missing.txt");
        assertOneLine(Cli.run("plan", "@" + missing), 2, "linkdedup: @" + missing + ": no such response file");
    }

    @Test
    void aDirectoryAsAnInputIsNamed() {
        assertOneLine(Cli.run("check", dir), 3, "linkdedup: " + dir + ": a directory, not an archive or object file");
    }

    @Test
    void aMissingBaselineIsAUsageError() throws Exception {
        Path obj = Fixtures.small("perry-mini/elf/main.o");
        Path missing = dir.resolve("no-baseline.json");
        Cli.Result r = Cli.run("check", "--baseline", missing, obj);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("linkdedup: " + missing + ": no such file"), r.err());
    }

    /**
     * exec gets {@code @file} unexpanded: with nothing to drop the command runs as written, response
     * file and all (a 4 MB one would otherwise overflow the linker's command line), and its contents
     * are read with the drivers' rules ({@code #} is no comment, quotes group within a word).
     */
    @Test
    void execLeavesResponseFilesToTheDriverRules() throws Exception {
        Path rsp = dir.resolve("l.rsp");
        Files.writeString(rsp, "main.o '#x.o' 'it''s'\n");
        Cli.Result r = Cli.run("exec", "--dry-run", "--", "cc", "@" + rsp, "-o", "app");
        assertEquals(0, r.exit(), r.err());
        assertEquals("cc @" + rsp + " -o app", r.out().strip());

        Path self = dir.resolve("self.rsp");
        Files.writeString(self, "@" + self + "\n");
        Cli.Result loop = Cli.run("exec", "--dry-run", "--", "cc", "@" + self);
        assertNotEquals(0, loop.exit(), loop.out());
        assertTrue(loop.err().startsWith("linkdedup: ") && loop.err().contains(self.toString()), loop.err());
        assertFalse(loop.err().contains("\tat "), loop.err());
    }

    /**
     * A 5 MB response file goes through exec to a real ld.lld: exec reads it, trims the wrapper, and
     * hands the linker a response file again (the rewritten command stays short), so the link that
     * ld.lld refuses alone (duplicate symbols) succeeds.
     */
    @Test
    void aFiveMegabyteResponseFileReachesLdLld() throws Exception {
        Fixtures.requireTool("ld.lld");
        Path m = Fixtures.small("perry-mini/elf");
        Path app = dir.resolve("app");
        StringBuilder sb = new StringBuilder();
        sb.append(m.resolve("main.o")).append(' ').append(m.resolve("libperry_ext_http.a")).append(' ').append(m.resolve("libperry_stdlib.a"))
                .append(' ').append(m.resolve("libperry_runtime.a")).append(" -o ").append(app)
                .append(" -e main --unresolved-symbols=ignore-all\n");
        for (int i = 0; sb.length() < 5_000_000; i++) {
            sb.append("-L/nonexistent/directory/long/enough/to/make/this/response/file/large/").append(i).append('\n');
        }
        Path rsp = Files.writeString(dir.resolve("big.rsp"), sb);
        Fixtures.ProcessResult alone = Fixtures.run(dir, "ld.lld", "@" + rsp);
        assertNotEquals(0, alone.exitCode());
        assertTrue(alone.stderr().contains("duplicate symbol: js_wait_for_event"), alone.stderr());

        Cli.Result dry = Cli.run("exec", "--dry-run", "--", "ld.lld", "@" + rsp);
        assertEquals(0, dry.exit(), dry.err());
        String command = dry.out().lines().reduce((a, b) -> b).orElse("");
        assertTrue(command.matches("ld\\.lld @\\S+\\.rsp"), command.length() > 200 ? command.substring(0, 200) : command);

        Cli.Result r = Cli.run("exec", "--", "ld.lld", "@" + rsp);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(app));
    }
}
