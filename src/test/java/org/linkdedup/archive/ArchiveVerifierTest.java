package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.InputFormatException;

/** A written archive damaged before its check (as a faulty disk or a racing writer would) is refused, and nothing replaced. */
class ArchiveVerifierTest {
    @TempDir
    Path dir;

    private Archive source() throws Exception {
        byte[] bytes = ArBytes.gnu().member("//", "a_rather_long_member_name.o/\n")
                .member("odd.o/", "123").member("/0", "long member data").member("x/", "").bytes();
        Path p = dir.resolve("in.a");
        Files.write(p, bytes);
        return ArchiveReader.open(p);
    }

    /** Writes every member of the source, damaged by {@code damage}, and returns the refusal's reason. */
    private String refusal(ArchiveWriter.AfterWrite damage) throws Exception {
        Archive src = source();
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            entries.add(new ArchiveWriter.Entry(m, List.of("sym_" + m.position())));
        }
        Path dest = dir.resolve("out.a");
        InputFormatException e = assertThrows(InputFormatException.class, () -> ArchiveWriter.stage(src, entries, dest, damage));
        assertFalse(Files.exists(dest));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("in.a"), s.map(p -> p.getFileName().toString()).toList(), "temporary file removed");
        }
        return e.reason();
    }

    private static void overwrite(Path file, long at, String bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)), at);
        }
    }

    @Test
    void aFileThatNoLongerReadsAsAnArchive() throws Exception {
        String reason = refusal(tmp -> overwrite(tmp, 0, "!<arch!"));
        assertTrue(reason.startsWith("written archive does not read back: bad magic"), reason);
    }

    @Test
    void aMemberThatReadsBackUnderAnotherName() throws Exception {
        String reason = refusal(tmp -> overwrite(tmp, ArchiveReader.open(tmp).members().get(0).headerOffset() + 2, "X"));
        assertEquals("written archive failed verification: member 0 reads back as \"odX.o\", written as \"odd.o\"", reason);
    }

    @Test
    void anIndexThatNamesOtherSymbols() throws Exception {
        String reason = refusal(tmp -> {
            String text = new String(Files.readAllBytes(tmp), StandardCharsets.ISO_8859_1);
            overwrite(tmp, text.indexOf("sym_1"), "SYM_1");
        });
        assertEquals("written archive failed verification: symbol index entry 1 reads back as \"SYM_1\" for member 1 ("
                + source().members().get(1).name() + "), written as \"sym_1\" for member 1 (" + source().members().get(1).name() + ")",
                reason);
    }

    @Test
    void anExtraMemberAfterTheLastOne() throws Exception {
        String reason = refusal(tmp -> Files.write(tmp, new ArBytes().member("extra.o/", "e").bytes(), StandardOpenOption.APPEND));
        assertEquals("written archive failed verification: 4 members read back, 3 written", reason);
    }
}
