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
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.ByteView;
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
        return refused(damage).reason();
    }

    /** Writes every member of the source, damaged by {@code damage}, and returns the refusal. */
    private InputFormatException refused(ArchiveWriter.AfterWrite damage) throws Exception {
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
        return e;
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

    /** A source whose second member is {@code size} bytes of a pattern: data compared a piece at a time. */
    private Archive bigSource(int size) throws Exception {
        StringBuilder data = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            data.append((char) ('a' + i % 26));
        }
        byte[] bytes = ArBytes.gnu().member("small.o/", "12").member("big.o/", data.toString()).bytes();
        Path p = dir.resolve("in.a");
        Files.write(p, bytes);
        return ArchiveReader.open(p);
    }

    /** The refusal of writing {@code src} (member 1 replaced by {@code replacement} when not null), damaged by {@code damage}. */
    private String refusal(Archive src, byte[] replacement, ArchiveWriter.AfterWrite damage) {
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            entries.add(m.position() == 1 && replacement != null ? new ArchiveWriter.Entry(m, List.of(), replacement)
                    : new ArchiveWriter.Entry(m, List.of()));
        }
        InputFormatException e = assertThrows(InputFormatException.class, () -> ArchiveWriter.stage(src, entries, dir.resolve("out.a"), damage));
        return e.reason();
    }

    @Test
    void aByteChangedFarIntoALargeMemberIsFound() throws Exception {
        int size = 300_000;   // several pieces of the comparison
        for (long at : new long[] {0, 65_535, 65_536, 200_001, size - 1}) {
            Archive src = bigSource(size);
            String reason = refusal(src, null, tmp -> overwrite(tmp, ArchiveReader.open(tmp).members().get(1).dataOffset() + at, "#"));
            assertEquals("written archive failed verification: member 1 (big.o) data differs from the input", reason, "byte " + at);
        }
        // and unchanged, the same archive verifies
        Archive src = bigSource(size);
        List<ArchiveWriter.Entry> entries = src.members().stream().map(m -> new ArchiveWriter.Entry(m, List.of())).toList();
        ArchiveWriter.write(src, entries, dir.resolve("ok.a"));
        assertEquals(size, ArchiveReader.open(dir.resolve("ok.a")).members().get(1).size());
    }

    @Test
    void aRewrittenMemberIsComparedWithItsNewBytes() throws Exception {
        int size = 150_000;
        Archive src = bigSource(size);
        byte[] replacement = src.data(src.members().get(1)).bytes(0, size);
        replacement[100_000] = 'Z';
        String reason = refusal(src, replacement, tmp -> overwrite(tmp, ArchiveReader.open(tmp).members().get(1).dataOffset() + 100_000, "z"));
        assertEquals("written archive failed verification: member 1 (big.o) data differs from its rewritten bytes", reason);
        // written as given, it verifies, and holds the new byte
        List<ArchiveWriter.Entry> entries = List.of(new ArchiveWriter.Entry(src.members().get(0), List.of()),
                new ArchiveWriter.Entry(src.members().get(1), List.of(), replacement));
        ArchiveWriter.write(src, entries, dir.resolve("ok.a"));
        Archive back = ArchiveReader.open(dir.resolve("ok.a"));
        assertEquals('Z', back.data(back.members().get(1)).u8(100_000));
    }

    /** The byte at {@code at} of {@code file} replaced by another. */
    private static long flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x20)).rewind();
            ch.write(b, at);
        }
        return at;
    }

    @Test
    void aFlippedByteOfMemberDataIsReportedWithTheMemberAndItsOffset() throws Exception {
        long[] at = new long[1];
        InputFormatException e = refused(tmp -> at[0] = flip(tmp, ArchiveReader.open(tmp).members().get(1).dataOffset() + 5));
        assertEquals("written archive failed verification: member 1 (a_rather_long_member_name.o) data differs from the input", e.reason());
        assertEquals("a_rather_long_member_name.o", e.member());
        assertEquals(at[0], e.offset(), "the offset of the byte that differs");
        assertTrue(e.getMessage().startsWith(ByteStrings.of(dir.resolve("out.a")) + "(a_rather_long_member_name.o) at byte " + at[0] + ": "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aHeaderFieldNoReaderComparesIsStillFound() throws Exception {
        // the date of member 0: our reader keeps it as text, Commons Compress parses it; neither compares it
        long[] at = new long[1];
        InputFormatException e = refused(tmp -> at[0] = flip(tmp, ArchiveReader.open(tmp).members().get(0).headerOffset() + 16));
        assertEquals("written archive failed verification: member 0 (odd.o) header differs from what was laid out", e.reason());
        assertEquals("odd.o", e.member());
        assertEquals(at[0], e.offset());
    }

    @Test
    void changedPaddingAfterAMemberIsFound() throws Exception {
        // odd.o holds 3 bytes: a newline pads it to 2, which every reader skips
        long[] at = new long[1];
        InputFormatException e = refused(tmp -> {
            ArchiveMember odd = ArchiveReader.open(tmp).members().get(0);
            at[0] = odd.dataOffset() + odd.size();
            overwrite(tmp, at[0], "X");
        });
        assertEquals("written archive failed verification: member 0 (odd.o) padding differs from what was laid out", e.reason());
        assertEquals(at[0], e.offset());
    }

    @Test
    void aChangedByteOfTheNameTableThatNoNameUsesIsFound() throws Exception {
        // the // table holds "a_rather_long_member_name.o/\n" (29 bytes) and a newline padding it to 30
        long[] at = new long[1];
        InputFormatException e = refused(tmp -> {
            String text = new String(Files.readAllBytes(tmp), StandardCharsets.ISO_8859_1);
            at[0] = text.indexOf("a_rather_long_member_name.o/\n") + 29;
            assertEquals('\n', text.charAt((int) at[0]));
            overwrite(tmp, at[0], "X");
        });
        assertEquals("written archive failed verification: byte " + at[0] + " of the index and name tables differs from what was laid out",
                e.reason());
        assertNull(e.member());
        assertEquals(at[0], e.offset());
    }

    @Test
    void aFileCutShortOfItsLastPaddingIsFound() throws Exception {
        // odd.o written last: 3 bytes and a newline after them, which no reader needs; cut that newline
        Archive src = source();
        List<ArchiveWriter.Entry> entries = List.of(new ArchiveWriter.Entry(src.members().get(2), List.of()),
                new ArchiveWriter.Entry(src.members().get(0), List.of()));
        InputFormatException e = assertThrows(InputFormatException.class, () -> ArchiveWriter.stage(src, entries, dir.resolve("out.a"),
                tmp -> {
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                        ch.truncate(ch.size() - 1);
                    }
                }));
        assertEquals("written archive failed verification: member 1 (odd.o) padding differs from what was laid out"
                + " (the file ends at byte " + e.offset() + ", laid out to end at " + (e.offset() + 1) + ")", e.reason(), e.getMessage());
        assertEquals("odd.o", e.member());
        assertFalse(Files.exists(dir.resolve("out.a")));
    }

    /** The digest {@link ByteView#contentDigests} gives member {@code position} of {@code src}. */
    private static long digestOf(Archive src, int position) throws IOException {
        ArchiveMember m = src.members().get(position);
        return ByteView.map(src.path()).contentDigests(new long[] {m.dataOffset()}, new long[] {m.size()})[0];
    }

    /** Every member of {@code src} copied, member 1 with {@code digest} as the one its data had when read. */
    private static List<ArchiveWriter.Entry> withDigest(Archive src, long digest) {
        return src.members().stream().map(m -> ArchiveWriter.Entry.copied(m, List.of(),
                m.position() == 1 ? OptionalLong.of(digest) : OptionalLong.empty())).toList();
    }

    @Test
    void aMemberCheckedByItsDigestIsRefusedAtItsFirstDifferingByte() throws Exception {
        int size = 300_000;   // several blocks of the written file
        for (long at : new long[] {0, 65_535, 65_536, 200_001, size - 1}) {
            Archive src = bigSource(size);
            long[] damaged = new long[1];
            InputFormatException e = assertThrows(InputFormatException.class, () -> ArchiveWriter.stage(src,
                    withDigest(src, digestOf(src, 1)), dir.resolve("out.a"),
                    tmp -> damaged[0] = flip(tmp, ArchiveReader.open(tmp).members().get(1).dataOffset() + at)));
            assertEquals("written archive failed verification: member 1 (big.o) data differs from the input", e.reason(), "byte " + at);
            assertEquals(damaged[0], e.offset(), "the digest says that it differs, the source where: byte " + at);
            assertFalse(Files.exists(dir.resolve("out.a")));
        }
        // undamaged, the copy matches the digest
        Archive src = bigSource(size);
        ArchiveWriter.write(src, withDigest(src, digestOf(src, 1)), dir.resolve("ok.a"));
        assertArrayEquals(Files.readAllBytes(src.path()), Files.readAllBytes(dir.resolve("ok.a")), "every member kept, in order: the same bytes");
    }

    @Test
    void aCopyWhoseInputNoLongerHasTheDigestItWasPlannedOnIsRefused() throws Exception {
        // The copy is the input's bytes as they are now, and not what they were when the link was planned.
        Archive src = bigSource(100_000);
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> ArchiveWriter.stage(src, withDigest(src, digestOf(src, 1) ^ 1), dir.resolve("out.a")));
        assertEquals("written archive failed verification: member 1 (big.o) data differs from the input as it was read when the link"
                + " was planned (the input's bytes there changed since)", e.reason());
        assertEquals(ArchiveReader.open(src.path()).members().get(1).dataOffset(), e.offset(), "where the member's data starts");
        assertFalse(Files.exists(dir.resolve("out.a")));
    }

    @Test
    void aRewrittenMemberHasNoDigestOfItsInput() throws Exception {
        Archive src = bigSource(10);
        ArchiveMember m = src.members().get(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArchiveWriter.Entry(m, List.of(), new byte[10], OptionalLong.of(1)));
        assertTrue(e.getMessage().contains("is replaced"), e.getMessage());
    }
}
