package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {
    @TempDir
    Path dir;

    private Archive write(byte[] bytes, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return ArchiveReader.open(p);
    }

    /** Writes every member but {@code drop}, each indexed with one name, and reads the result back. */
    private Archive rewrite(Archive src, int drop, Path dest) throws Exception {
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            if (m.position() != drop) {
                entries.add(new ArchiveWriter.Entry(m, List.of("sym_" + m.position())));
            }
        }
        ArchiveWriter.write(src, entries, dest);
        return ArchiveReader.open(dest);
    }

    private static byte[] gnuSample() {
        String longNames = "a_rather_long_member_name.o/\n";
        return ArBytes.gnu().member("//", longNames)
                .member("odd.o/", "123")
                .member("/0", "long member data")
                .member("odd.o/", "4567")
                .member("x/", "")
                .bytes();
    }

    @Test
    void gnuRoundTripKeepsMembersInOrderWithFreshIndex() throws Exception {
        Archive src = write(gnuSample(), "in.a");
        Archive out = rewrite(src, 2, dir.resolve("out.a"));
        assertEquals(ArchiveFlavor.GNU, out.flavor());
        assertEquals(List.of("odd.o", "a_rather_long_member_name.o", "x"), out.members().stream().map(ArchiveMember::name).toList());
        assertEquals("123", out.data(out.members().get(0)).string(0, 3));
        assertEquals("long member data", out.data(out.members().get(1)).string(0, 16));
        assertEquals(0, out.members().get(2).size());
        assertEquals(IndexKind.GNU, out.index().kind());
        assertEquals(List.of(new SymbolIndex.Entry("sym_0", 0), new SymbolIndex.Entry("sym_1", 1),
                new SymbolIndex.Entry("sym_3", 2)), out.index().entries());
    }

    @Test
    void outputIsDeterministic() throws Exception {
        Archive src = write(gnuSample(), "in.a");
        rewrite(src, 0, dir.resolve("o1.a"));
        rewrite(src, 0, dir.resolve("o2.a"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("o1.a")), Files.readAllBytes(dir.resolve("o2.a")));
        Archive again = rewrite(ArchiveReader.open(dir.resolve("o1.a")), -1, dir.resolve("o3.a"));
        assertEquals(3, again.members().size());
    }

    @Test
    void bsdRoundTripAlignsMemberDataTo8() throws Exception {
        byte[] bytes = ArBytes.gnu().member("#1/20", "a_long_bsd_member.o\0DATA1").member("#1/4", "b.o\0X").bytes();
        Archive src = write(bytes, "bsd.a");
        assertEquals(ArchiveFlavor.BSD, src.flavor());
        Archive out = rewrite(src, -1, dir.resolve("out.a"));
        assertEquals(ArchiveFlavor.BSD, out.flavor());
        assertEquals(IndexKind.BSD, out.index().kind());
        assertEquals(List.of("a_long_bsd_member.o", "b.o"), out.members().stream().map(ArchiveMember::name).toList());
        for (ArchiveMember m : out.members()) {
            assertEquals(0, m.dataOffset() % 8, "data of " + m.name() + " 8-aligned");
        }
        assertEquals("DATA1", out.data(out.members().get(0)).string(0, 5));
        assertEquals(5, out.members().get(0).size(), "BSD keeps the member's own size");
    }

    @Test
    void thinArchiveStaysThinWithPathsRelativeToTheDestination() throws Exception {
        Files.createDirectories(dir.resolve("objs"));
        Files.write(dir.resolve("objs/a.o"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("objs/b.o"), new byte[] {4});
        Files.createDirectories(dir.resolve("src"));
        byte[] bytes = ArBytes.thin().member("//", "../objs/a.o/\n../objs/b.o/\n").header("/0", "3").header("/13", "1").bytes();
        Path in = dir.resolve("src/t.a");
        Files.write(in, bytes);
        Archive src = ArchiveReader.open(in);
        Files.createDirectories(dir.resolve("out/deep"));
        Archive out = rewrite(src, 0, dir.resolve("out/deep/t.a"));
        assertTrue(out.isThin());
        assertEquals(List.of("../../objs/b.o"), out.members().stream().map(ArchiveMember::name).toList());
        assertEquals(4, out.data(out.members().get(0)).u8(0));
    }

    @Test
    void thinMemberInTheDestinationsOwnDirectoryIsWrittenAsDot() throws Exception {
        // A thin member path that resolves to the output's directory relativizes to "", which the //
        // table cannot hold (fuzz finding); it is written as ".", which resolves to the same place.
        byte[] bytes = ArBytes.thin().member("//", "./\n").header("/0", "0").bytes();
        Archive src = write(bytes, "dot.a");
        assertEquals(".", src.members().get(0).name());
        Archive out = rewrite(src, -1, dir.resolve("out.a"));
        assertTrue(out.isThin());
        assertEquals(List.of("."), out.members().stream().map(ArchiveMember::name).toList());
        assertEquals(src.members().get(0).external(), out.members().get(0).external());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Archive src = write(gnuSample(), "in.a");
        rewrite(src, 1, dir.resolve("out.a"));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("in.a", "out.a"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aWrittenFileThatDoesNotReadBackAsMeantReplacesNothing() throws Exception {
        Archive src = write(gnuSample(), "in.a");
        Path dest = dir.resolve("out.a");
        Files.writeString(dest, "previous content");
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            entries.add(new ArchiveWriter.Entry(m, List.of("sym_" + m.position())));
        }
        // Damage one byte of member data after writing, as a faulty disk or a racing writer would.
        org.linkdedup.io.InputFormatException e = assertThrows(org.linkdedup.io.InputFormatException.class,
                () -> ArchiveWriter.stage(src, entries, dest, tmp -> {
                    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                        long at = ArchiveReader.open(tmp).members().get(1).dataOffset();
                        ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), at);
                    }
                }));
        assertTrue(e.getMessage().contains("written archive failed verification: member 1 (a_rather_long_member_name.o) data differs"),
                e.getMessage());
        assertEquals("previous content", Files.readString(dest), "destination untouched");
        try (var s = Files.list(dir)) {
            assertEquals(List.of("in.a", "out.a"), s.map(p -> p.getFileName().toString()).sorted().toList(), "temporary file removed");
        }
    }

    private static List<String> names(Archive a) {
        return a.members().stream().map(ArchiveMember::name).toList();
    }

    private Archive rewriteAll(Archive src, Path dest) throws Exception {
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            entries.add(new ArchiveWriter.Entry(m, List.of()));
        }
        ArchiveWriter.write(src, entries, dest);
        return ArchiveReader.open(dest);
    }

    @Test
    void gnuNamesThatWouldNotReadBackInlineGoToTheLongNameTable() throws Exception {
        // A leading space is trimmed from a header field and "#1/" marks a BSD name: both must go to //.
        String names = " lead.o/\n#1/odd/\n";
        byte[] b = ArBytes.gnu().member("/", ArBytes.gnuIndex(new long[0])).member("//", names)
                .member("/0", "x").member("/9", "y").member("ok.o/", "z").bytes();
        Archive src = write(b, "names.a");
        assertEquals(List.of(" lead.o", "#1/odd", "ok.o"), names(src));
        assertEquals(List.of(" lead.o", "#1/odd", "ok.o"), names(rewriteAll(src, dir.resolve("out.a"))));
        assertFalse(ArchiveLayout.fitsGnuHeader(" lead.o"));
        assertFalse(ArchiveLayout.fitsGnuHeader("#1/odd"));
        assertFalse(ArchiveLayout.fitsGnuHeader("#1"));      // fuzzing: written "#1/", read back as a BSD name
        assertTrue(ArchiveLayout.fitsGnuHeader("#12"));
        assertFalse(ArchiveLayout.fitsGnuHeader("a/b"));
        assertFalse(ArchiveLayout.fitsGnuHeader("sixteen_bytes_.o"));
        assertTrue(ArchiveLayout.fitsGnuHeader("fifteen_bytes.o"));
        assertTrue(ArchiveLayout.fitsGnuHeader("a\nb"));   // inline, a newline is just a byte
    }

    @Test
    void gnuNameThatNeedsTheTableButHoldsANewlineIsRefused() throws Exception {
        // 16 bytes without a '/': read as is (as LLVM does), too long for a header, and // cannot hold a newline.
        byte[] b = ArBytes.gnu().member("/", ArBytes.gnuIndex(new long[0])).raw("sixteen\nbytes.ox0           0     0     644     1         `\nz\n").bytes();
        Archive src = write(b, "nl.a");
        assertEquals(List.of("sixteen\nbytes.ox"), names(src));
        Path dest = dir.resolve("out.a");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> rewriteAll(src, dest));
        assertEquals(src.path() + ": member 0 name \"sixteen\\x0abytes.ox\" cannot be written in a GNU archive: it needs the // table,"
                + " where a newline or NUL ends a name", e.getMessage());
        assertFalse(Files.exists(dest));
    }

    @Test
    void bsdMemberNamedLikeTheIndexIsNotWrittenFirstWithoutAnIndex() throws Exception {
        // Without an index before it, a first member named "__.SYMDEF" is read as the index.
        byte[] b = ArBytes.gnu().member("#1/8", "plain.o\0x").member("#1/12", "__.SYMDEF\0\0\0data").bytes();
        Archive src = write(b, "bsd.a");
        assertEquals(IndexKind.NONE, src.index().kind());
        Path dest = dir.resolve("out.a");
        ArchiveWriter.write(src, List.of(new ArchiveWriter.Entry(src.members().get(1), List.of())), dest);
        Archive out = ArchiveReader.open(dest);
        assertEquals(List.of("__.SYMDEF"), names(out));
        assertEquals(IndexKind.BSD, out.index().kind());
        assertEquals(List.of(), out.index().entries());
    }

    @Test
    void darwinPaddingBelongsToTheMember() throws Exception {
        // Fuzzing: Darwin padding was written after the member but not counted in its size, so the
        // next header was not where a reader looks for it (verification refused every such write).
        byte[] macho = {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 7};   // 5 bytes: MH_MAGIC_64 makes it DARWIN
        byte[] b = ArBytes.gnu().member("#1/4", "a.o\0" + new String(macho, java.nio.charset.StandardCharsets.ISO_8859_1))
                .member("#1/4", "b.o\0XYZ").bytes();
        Archive src = write(b, "darwin.a");
        assertEquals(ArchiveFlavor.DARWIN, src.flavor());
        Archive out = rewriteAll(src, dir.resolve("out.a"));
        assertEquals(List.of(8L, 8L), out.members().stream().map(ArchiveMember::size).toList());
        assertEquals("XYZ\n\n\n\n\n", out.data(out.members().get(1)).string(0, 8));
        assertEquals(0, out.members().get(0).dataOffset() % 8);
        rewriteAll(out, dir.resolve("again.a"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("out.a")), Files.readAllBytes(dir.resolve("again.a")), "padding once");
    }

    @Test
    void headerFieldsThatAreNotNumbersAreWrittenAsArWritesFreshOnes() throws Exception {
        // Fuzzing: kept members kept a date of "0$" and a uid holding a control byte, which Commons
        // Compress (and other readers) cannot parse back.
        byte[] b = ArBytes.gnu().raw(String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", "a.o/", "0$", "\u00190", "7", "9x", "1"))
                .raw("x\n").member("b.o/", "y").bytes();
        Archive src = write(b, "junk.a");
        Archive out = rewriteAll(src, dir.resolve("out.a"));
        ArchiveMember a = out.members().get(0);
        assertEquals(List.of("0", "0", "7", "644"), List.of(a.mtime(), a.uid(), a.gid(), a.mode()));
        assertEquals("x", out.data(a).string(0, 1));
    }

    /**
     * Members on both sides of the size the writer hands to the kernel (half its 1 MiB buffer), one
     * larger than the buffer, runs of small members that fill it several times, odd sizes with their
     * padding, a replaced member larger than the buffer: every member kept in order and unindexed, the
     * written archive is the source byte for byte.
     */
    @Test
    void membersOfEverySizeAroundTheBufferAreWrittenAsTheyAre() throws Exception {
        int[] sizes = {1, 524_287, 524_288, 7, 1_100_001, 0, 3};
        ArBytes a = ArBytes.gnu();
        java.util.Random r = new java.util.Random(42);
        int k = 0;
        for (int size : sizes) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            a.member("m" + k++ + ".o/", data);
        }
        for (int i = 0; i < 300; i++) {   // ~3 MB of small members
            byte[] data = new byte[10_001 + i];
            r.nextBytes(data);
            a.member("s" + i + ".o/", data);
        }
        byte[] bytes = a.bytes();
        Archive src = write(bytes, "in.a");
        List<ArchiveWriter.Entry> entries = src.members().stream().map(m -> new ArchiveWriter.Entry(m, List.of())).toList();
        ArchiveWriter.write(src, entries, dir.resolve("out.a"));
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("out.a")));

        // the largest member replaced (same size, other bytes): only its bytes differ
        ArchiveMember big = src.members().get(4);
        byte[] replacement = new byte[(int) big.size()];
        r.nextBytes(replacement);
        List<ArchiveWriter.Entry> replaced = src.members().stream()
                .map(m -> m == big ? new ArchiveWriter.Entry(m, List.of(), replacement) : new ArchiveWriter.Entry(m, List.of())).toList();
        ArchiveWriter.write(src, replaced, dir.resolve("replaced.a"));
        byte[] want = bytes.clone();
        System.arraycopy(replacement, 0, want, (int) big.dataOffset(), replacement.length);
        assertArrayEquals(want, Files.readAllBytes(dir.resolve("replaced.a")));
    }
}
