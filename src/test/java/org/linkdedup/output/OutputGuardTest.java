package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.error.UsageException;

/** Issue 15: every output is checked against every file read, under every name that reaches it. */
class OutputGuardTest {
    @TempDir
    Path dir;

    private Path file(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name);
        return p;
    }

    private static String refused(OutputGuard g, Path out, String what) {
        return assertThrows(UsageException.class, () -> g.writes(out, what, false)).getMessage();
    }

    @Test
    void theSameInputUnderAnyNameIsRefused() throws Exception {
        Path in = file("in/libperry_stdlib.a");
        Files.createDirectories(dir.resolve("other"));
        Path viaDots = dir.resolve("other/../in/libperry_stdlib.a");
        Path symlinkedDir = Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("in"));
        Path hardLink = Files.createLink(dir.resolve("other/hard.a"), in);
        OutputGuard g = new OutputGuard();
        g.reads(in, "input in/libperry_stdlib.a");
        for (Path out : new Path[] {in, viaDots, symlinkedDir.resolve("libperry_stdlib.a"), hardLink}) {
            String m = refused(g, out, "--link-order-file");
            assertEquals("refusing to overwrite input in/libperry_stdlib.a with --link-order-file " + out + "; choose another path", m);
        }
        assertEquals(0, g.outputs().size());
    }

    @Test
    void aSymlinkToAnInputIsRefusedAndSoIsTheSymlinkAnInputWasGivenAs() throws Exception {
        Path real = file("in/real.a");
        Path link = Files.createSymbolicLink(dir.resolve("in/link.a"), real);
        OutputGuard g = new OutputGuard();
        g.reads(link, "input link.a");
        assertTrue(refused(g, link, "the trimmed link.a at").startsWith("refusing to overwrite input link.a with the trimmed link.a at "));
        assertTrue(refused(g, real, "the trimmed real.a at").startsWith("refusing to overwrite input link.a with the trimmed real.a at "));
    }

    @Test
    void twoOutputsToOneFileAreRefused() throws Exception {
        OutputGuard g = new OutputGuard();
        Files.createDirectories(dir.resolve("out"));
        g.writes(dir.resolve("out/a.a"), "trimmed x/a.a", false);
        UsageException e = assertThrows(UsageException.class,
                () -> g.writes(dir.resolve("out/../out/a.a"), "trimmed y/a.a", false));
        assertEquals("both trimmed x/a.a and trimmed y/a.a would be written to " + dir.toRealPath().resolve("out/a.a")
                + "; give them different paths", e.getMessage());
    }

    @Test
    void distinctFilesPass() throws Exception {
        Path in = file("in/liba.a");
        OutputGuard g = new OutputGuard();
        g.reads(in, "input liba.a");
        Path out = g.writes(dir.resolve("out/liba.a"), "trimmed liba.a", true);
        assertEquals(dir.toRealPath().resolve("out/liba.a"), out);
        assertFalse(Files.exists(dir.resolve("out")), "the guard writes nothing");
    }

    @Test
    void parentsThatCannotHoldAFileAreNamed() throws Exception {
        OutputGuard g = new OutputGuard();
        assertEquals("--link-order-file " + dir.resolve("nodir/x") + ": directory " + dir.resolve("nodir") + " does not exist",
                refused(g, dir.resolve("nodir/x"), "--link-order-file"));
        Path loopA = dir.resolve("loopA");
        Files.createSymbolicLink(loopA, dir.resolve("loopB"));
        Files.createSymbolicLink(dir.resolve("loopB"), loopA);
        assertEquals("trimmed a.a " + loopA.resolve("a.a") + ": " + loopA + " is a symbolic link loop",
                refused(g, loopA.resolve("a.a"), "trimmed a.a"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        assertEquals("trimmed a.a " + dangling.resolve("a.a") + ": " + dangling + " is a dangling symbolic link",
                refused(g, dangling.resolve("a.a"), "trimmed a.a"));
        Path plain = file("plain");
        assertEquals("trimmed a.a " + plain.resolve("a.a") + ": " + plain + " is not a directory",
                refused(g, plain.resolve("a.a"), "trimmed a.a"));
        Files.createDirectories(dir.resolve("adir"));
        assertEquals("--link-order-file " + dir.resolve("adir") + ": is a directory", refused(g, dir.resolve("adir"), "--link-order-file"));
    }
}
