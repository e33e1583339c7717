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
}
