package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFilesTest {
    @TempDir
    Path dir;

    private List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nothingIsReplacedBeforeTheCommitAndEverythingAfterIt() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("sub/deeper/b.txt");
        Files.writeString(a, "old a");
        try (StagedFiles out = new StagedFiles()) {
            out.stage(a, tmp -> Files.writeString(tmp, "new a"));
            out.stage(b, tmp -> Files.writeString(tmp, "new b"));
            assertEquals("old a", Files.readString(a));
            assertFalse(Files.exists(b));
            assertTrue(files(dir).stream().anyMatch(n -> n.startsWith(".a.txt.") && n.endsWith(".linkdedup-tmp")));
            List<String> deeper = files(dir.resolve("sub/deeper"));
            assertTrue(deeper.size() == 1 && deeper.get(0).startsWith(".b.txt.") && deeper.get(0).endsWith(".linkdedup-tmp"),
                    "each staged beside its destination: " + deeper);
            out.commit();
        }
        assertEquals("new a", Files.readString(a));
        assertEquals("new b", Files.readString(b));
        assertEquals(List.of("a.txt", "sub"), files(dir));
        assertEquals(List.of("b.txt"), files(dir.resolve("sub/deeper")));
    }

    @Test
    void aFailingContentLeavesNoTemporaryFileAndTheBatchReplacesNothing() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Files.writeString(b, "old b");
        IOException e = assertThrows(IOException.class, () -> {
            try (StagedFiles out = new StagedFiles()) {
                out.stage(a, tmp -> Files.writeString(tmp, "new a"));
                out.stage(b, tmp -> {
                    Files.writeString(tmp, "half");
                    throw new IOException("check failed");
                });
                out.commit();
            }
        });
        assertEquals("check failed", e.getMessage());
        assertEquals(List.of("b.txt"), files(dir), "a not written, b untouched, no temporary file");
        assertEquals("old b", Files.readString(b));
    }

    @Test
    void aSingleFileCommitsOnItsOwn() throws Exception {
        Path a = dir.resolve("a.txt");
        StagedFile f = StagedFile.write(a, tmp -> Files.writeString(tmp, "x"));
        assertEquals(a, f.destination());
        f.commit();
        f.discard();   // after the commit: nothing to discard
        assertEquals("x", Files.readString(a));
        assertThrows(IllegalStateException.class, f::commit);
    }

    @Test
    void twoOutputsForOneDestinationAreRefused() throws Exception {
        try (StagedFiles out = new StagedFiles()) {
            out.stage(dir.resolve("a.txt"), tmp -> Files.writeString(tmp, "1"));
            assertThrows(IllegalArgumentException.class, () -> out.stage(dir.resolve("./a.txt"), tmp -> Files.writeString(tmp, "2")));
        }
        assertEquals(List.of(), files(dir));
    }

    /** Issue 15, finding 3: a failed rename in the middle of a batch puts back what was already replaced. */
    @Test
    void aRenameThatFailsPutsBackEverythingAlreadyReplaced() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path c = dir.resolve("c.txt");
        Files.writeString(a, "old a");
        StagedFiles out = new StagedFiles(next -> {
            if (next.destination().equals(c)) {   // c becomes a directory that a file cannot replace
                Files.createDirectories(c.resolve("blocker"));
            }
        });
        IOException e;
        try (out) {
            out.stage(a, tmp -> Files.writeString(tmp, "new a"));
            out.stage(b, tmp -> Files.writeString(tmp, "new b"));
            out.stage(c, tmp -> Files.writeString(tmp, "new c"));
            e = assertThrows(IOException.class, out::commit);
        }
        assertEquals("cannot replace " + c + ": is a directory; the 2 output(s) already replaced were put back as they were",
                e.getMessage());
        assertEquals("old a", Files.readString(a));
        assertFalse(Files.exists(b), "b did not exist before: it is removed again");
        assertEquals(List.of("a.txt", "c.txt"), files(dir), "no temporary or backup file left");
        assertTrue(Files.isDirectory(c.resolve("blocker")), "the directory in the way is untouched");
    }

    /** Issue 15, finding 4: what a killed run left is removed by the next run writing there, a live run's is not. */
    @Test
    void leftoversOfRunsThatAreGoneAreRemovedByTheNextRun() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        String deadTmp = ".libx.a." + deadPid + "-123.linkdedup-tmp";
        String deadBak = ".libx.a." + deadPid + "-456.linkdedup-bak";
        String liveTmp = ".libx.a.1-789.linkdedup-tmp";   // PID 1 is always alive
        String notOurs = ".libx.a.123.linkdedup-tmp";     // an old-style or foreign name: left alone
        for (String n : List.of(deadTmp, deadBak, liveTmp, notOurs)) {
            Files.writeString(dir.resolve(n), "leftover");
        }
        try (StagedFiles out = new StagedFiles()) {
            out.stage(dir.resolve("libx.a"), tmp -> Files.writeString(tmp, "new"));
            out.commit();
        }
        assertEquals(List.of(liveTmp, notOurs, "libx.a").stream().sorted().toList(), files(dir));
        assertEquals(java.util.Optional.of(deadPid), StagedFile.leftoverPid(deadTmp));
        assertEquals(java.util.Optional.empty(), StagedFile.leftoverPid("libx.a"));
    }

    /** Outputs get the permissions of any new file (the umask applies), not a temporary file's 0600. */
    @Test
    void outputsGetTheDefaultPermissions() throws Exception {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path a = dir.resolve("a.txt");
        try (StagedFiles out = new StagedFiles()) {
            out.stage(a, tmp -> Files.writeString(tmp, "x"));
            out.commit();
        }
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(a));
    }
}
