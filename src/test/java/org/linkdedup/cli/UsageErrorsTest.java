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
}
