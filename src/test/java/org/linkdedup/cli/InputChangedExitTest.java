package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.InputChangedException;
import org.linkdedup.io.InputFiles;

/** An input that changes while it is read exits with status 3, however the failure reaches the command line. */
class InputChangedExitTest {
    @TempDir
    Path dir;

    @Test
    void aTruncatedMappingIsBadInput() throws Exception {
        Path f = Files.write(dir.resolve("libfoo.a"), new byte[224528]);
        InputFiles files = new InputFiles();
        InputChangedException e = assertThrows(InputChangedException.class, () -> files.read(() -> {
            var v = files.open(f);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(51112);
            }
            return v.u64(200000);
        }));
        assertEquals(f + ": changed while being read (was 224528 bytes, now 51112); rerun when the build that writes it has finished",
                e.getMessage());
        assertEquals(f.toString(), e.file());
        assertEquals(3, Main.exitCodeOf(e));
        assertEquals(3, Main.exitCodeOf(new ExecutionException(e)), "wrapped by a thread pool");
    }

    @Test
    void aFaultThatEscapedIsBadInputAndOthersAreInternal() {
        InternalError fault = new InternalError("a fault occurred in a recent unsafe memory access operation in compiled Java code");
        assertTrue(InputChangedException.isFault(fault));
        assertEquals(3, Main.exitCodeOf(new ExecutionException(fault)));
        assertEquals(3, Main.exitCodeOf(new ExecutionException(new InternalError(fault))), "rethrown by a parallel stream");
        assertEquals(4, Main.exitCodeOf(new InternalError("something else")));
        assertEquals(4, Main.exitCodeOf(new ExecutionException(new IllegalStateException("bug"))));
    }
}
