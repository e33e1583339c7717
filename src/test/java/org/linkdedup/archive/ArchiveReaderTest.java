package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;

class ArchiveReaderTest {

    private static Archive read(byte[] bytes) {
        return ArchiveReader.read(Path.of("x.a"), ByteView.of(bytes, "x.a"));
    }

    private static String error(byte[] bytes) {
        return assertThrows(InputFormatException.class, () -> read(bytes)).getMessage();
    }

    /**
     * A COFF {@code //} table ends a name with a NUL alone: a '/' before it is part of the name, as
     * LLVM reads it (a GNU table's "/\n" drops the slash). The fuzz finding: a member named "/" read
     * back as an empty name. Writing such a name into a COFF archive is refused (readers disagree).
     */
    @Test
    void coffTableNameKeepsItsSlashAndWritingItIsRefused(@TempDir Path dir) throws Exception {
        Path in = Path.of("src/test/resources/org/linkdedup/fuzz/ArchiveRoundTripFuzzTestInputs/writeThenRead/finding-coff-member-named-slash");
        Archive a = ArchiveReader.read(in, ByteView.map(in));
        assertEquals(ArchiveFlavor.COFF, a.flavor());
        assertEquals("/", a.members().get(1).name());
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> ArchiveWriter.write(a,
                a.members().stream().map(m -> new ArchiveWriter.Entry(m, List.of())).toList(), dir.resolve("out.lib")));
        assertTrue(e.getMessage().endsWith("member 1 name \"/\" cannot be written in a COFF archive: in its // table a name"
                + " ending in '/' reads back without it in GNU tools"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.lib")));
    }

    @Test
    void gnuArchiveWithIndexLongNamesBoundaryLengthsAndSameNames() {
        String n15 = "abcdefghijk15.o";          // 15 bytes: fits "name/" in 16
        String n16 = "abcdefghijkl16.o";         // 16 bytes: needs //
        String n17 = "abcdefghijklm17.o";
        String longNames = n16 + "/\n" + n17 + "/\n";
        // Layout: magic(8) index(60+data) //(60+data) members...
        byte[] indexProbe = ArBytes.gnuIndex(new long[] {0, 0}, "sym_a", "sym_b");
        long idxEnd = 8 + 60 + indexProbe.length + (indexProbe.length % 2);
        long m0 = idxEnd + 60 + longNames.length() + (longNames.length() % 2);
        long m1 = m0 + 60 + 4;                      // "dup.o" data "abc\n"? 3 bytes + pad
        byte[] index = ArBytes.gnuIndex(new long[] {m0, m1}, "sym_a", "sym_b");
        ArBytes ar = ArBytes.gnu().member("/", index).member("//", longNames);
        assertEquals(m0, ar.size());
        ar.member("dup.o/", "abc");                   // odd size: padded
        assertEquals(m1, ar.size());
        ar.member("dup.o/", "defg").member(n15 + "/", "x").member("/0", "yy").member("/" + (n16.length() + 2), "zzz");
        Archive a = read(ar.bytes());
        assertEquals(ArchiveFlavor.GNU, a.flavor());
        assertFalse(a.isThin());
        List<ArchiveMember> ms = a.members();
        assertEquals(List.of("dup.o", "dup.o", n15, n16, n17), ms.stream().map(ArchiveMember::name).toList());
        assertEquals(m0, ms.get(0).headerOffset());
        assertEquals(m0 + 60, ms.get(0).dataOffset());
        assertEquals(3, ms.get(0).size());
        assertEquals(m1, ms.get(1).headerOffset());
        assertEquals(4, ms.get(1).size());
        for (int i = 0; i < ms.size(); i++) {
            assertEquals(i, ms.get(i).position());
        }
        assertEquals(IndexKind.GNU, a.index().kind());
        assertEquals(List.of(new SymbolIndex.Entry("sym_a", 0), new SymbolIndex.Entry("sym_b", 1)), a.index().entries());
        assertEquals("abc", a.data(ms.get(0)).string(0, 3));
        assertEquals("zzz", a.data(ms.get(4)).string(0, 3));
    }

    @Test
    void bsdNamesAreStoredBeforeTheDataAndNulPaddingIsStripped() {
        byte[] bytes = ArBytes.gnu()
                .member("#1/8", "long.o\0\0DATA")
                .member("short.o", "xy")
                .bytes();
        Archive a = read(bytes);
        assertEquals(ArchiveFlavor.BSD, a.flavor());
        assertEquals(List.of("long.o", "short.o"), a.members().stream().map(ArchiveMember::name).toList());
        ArchiveMember m = a.members().get(0);
        assertEquals(8, m.headerOffset());
        assertEquals(8 + 60 + 8, m.dataOffset());
        assertEquals(4, m.size());
        assertEquals("DATA", a.data(m).string(0, 4));
        assertEquals(IndexKind.NONE, a.index().kind());
    }

    @Test
    void thinArchiveMembersResolveAgainstTheArchiveDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("a.o"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("sub/b_long_name.o"), new byte[] {4, 5});
        String names = "a.o/\nsub/b_long_name.o/\n";
        byte[] bytes = ArBytes.thin().member("//", names).header("/0", "3").header("/5", "2").bytes();
        Path ar = dir.resolve("t.a");
        Files.write(ar, bytes);
        Archive a = ArchiveReader.open(ar);
        assertTrue(a.isThin());
        assertEquals(ArchiveFlavor.GNU, a.flavor());
        assertEquals(List.of("a.o", "sub/b_long_name.o"), a.members().stream().map(ArchiveMember::name).toList());
        assertEquals(dir.resolve("sub/b_long_name.o").toAbsolutePath().normalize(), a.members().get(1).external());
        assertEquals(5, a.data(a.members().get(1)).u8(1));
    }

    @Test
    void badMagic() {
        assertEquals("x.a at byte 0: bad magic \"hello, w\": not an ar archive", error("hello, world, not ar".getBytes()));
        assertEquals("x.a at byte 0: bad magic \"!<arch>\\r\": not an ar archive", error("!<arch>\r\n".getBytes()));
        assertTrue(ArchiveReader.isArchive(ByteView.of("!<arch>\r\n".getBytes(), "x.a")));
        assertTrue(ArchiveReader.isArchive(ByteView.of("!<thin>".getBytes(), "x.a")));
        assertFalse(ArchiveReader.isArchive(ByteView.of("!<ar".getBytes(), "x.a")));
        assertEquals("x.a at byte 0: truncated archive: no ar magic", error("!<ar".getBytes()));
    }

    @Test
    void truncatedHeader() {
        byte[] b = ArBytes.gnu().raw("a.o/            0     ").bytes();
        assertEquals("x.a at byte 8: truncated archive: member header needs 60 bytes, 22 left", error(b));
    }

    @Test
    void memberSizePastEndOfFile() {
        byte[] b = ArBytes.gnu().header("a.o/", "1000").raw("0123456789").bytes();
        assertEquals("x.a at byte 56: member size 1000 runs past the end of the file (10 bytes left)", error(b));
    }

    @Test
    void memberEndingExactlyAtEndOfFileIsFine() {
        byte[] b = ArBytes.gnu().header("a.o/", "3").raw("abc").bytes();   // odd size, no padding byte at EOF
        assertEquals(3, read(b).members().get(0).size());
    }

    @Test
    void longNameOffsetOutOfRange() {
        byte[] b = ArBytes.gnu().member("//", "a_long_name.o/\n\n").member("/999", "x").bytes();
        assertEquals("x.a at byte 84: long name offset 999 is outside the // table (16 bytes)", error(b));
        byte[] none = ArBytes.gnu().member("/7", "x").bytes();
        assertEquals("x.a at byte 8: long name reference /7 but the archive has no // table", error(none));
    }

    @Test
    void badHeaderTerminatorAndSize() {
        byte[] b = ArBytes.gnu().raw(String.format("%-16s%-12s%-6s%-6s%-8s%-10s!!", "a.o/", "0", "0", "0", "644", "1")).raw("x\n").bytes();
        assertEquals("x.a at byte 66: bad member header terminator (expected \"`\\n\")", error(b));
        byte[] s = ArBytes.gnu().header("a.o/", "12x").raw("x").bytes();
        assertEquals("x.a at byte 56: bad member size field \"12x\"", error(s));
    }

    @Test
    void indexEntryMustNameAMemberHeader() {
        byte[] index = ArBytes.gnuIndex(new long[] {12345}, "f");
        byte[] b = ArBytes.gnu().member("/", index).member("a.o/", "x").bytes();
        assertEquals("x.a(/) at byte 72: symbol index entry 0 (f) points to offset 12345, which is not a member header", error(b));
    }

    /**
     * Index names are decoded from one copy of the index; a name that runs off the end, or that the
     * count says is there but is not, fails with the message of a read field by field.
     */
    @Test
    void indexNameNotTerminatedOrMissing() {
        byte[] whole = ArBytes.gnuIndex(new long[] {84, 84}, "f", "g");   // 16 bytes: "/" data 68..83, a.o at 84
        byte[] unterminated = java.util.Arrays.copyOf(whole, whole.length - 1);   // padded to 84 again
        byte[] b = ArBytes.gnu().member("/", unterminated).member("a.o/", "x").bytes();
        assertEquals("x.a(/) at byte 82: symbol index name 1 at offset 14 is not NUL-terminated", error(b));
        byte[] oneName = ArBytes.gnuIndex(new long[] {82, 82}, "f");   // two entries, one name: 14 bytes, a.o at 82
        byte[] m = ArBytes.gnu().member("/", oneName).member("a.o/", "x").bytes();
        assertEquals("x.a(/) at byte 82: symbol index name 1 offset 14 is outside the table (size 14)", error(m));
        Archive ok = read(ArBytes.gnu().member("/", whole).member("a.o/", "x").bytes());
        assertEquals(List.of("f", "g"), ok.index().namesOf(0));
    }

    @Test
    void indexCountLargerThanTheIndex() {
        byte[] b = ArBytes.gnu().member("/", new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0}).bytes();
        assertEquals("x.a(/) at byte 68: symbol index claims 2147483647 entries but holds at most 1", error(b));
    }

    @Test
    void selfReferencingOrCyclicNamesCannotLoop() {
        // A long-name table entry without its terminator: the name runs to the end of the table, no further.
        byte[] b = ArBytes.thin().member("//", "abcdef").header("/2", "1").bytes();
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> ArchiveReader.read(Path.of("t.a"), ByteView.of(b, "t.a")));
        assertEquals("t.a at byte 70: long name at offset 2 of the // table is not terminated", e.getMessage());
    }

    private static List<String> names(Archive a) {
        return a.members().stream().map(ArchiveMember::name).toList();
    }

    @Test
    void namesKeepEveryByte() {
        // Fuzzing: Commons Compress decodes names as US-ASCII, so a name byte past 0x7F became U+FFFD
        // and the member was rewritten as "?".
        String shortName = "\u00e9t\u00e9.o";
        String longName = "caf\u00e9_with_a_long_name.o";
        byte[] gnu = ArBytes.gnu().member("//", longName + "/\n").member(shortName + "/", "x").member("/0", "y").bytes();
        assertEquals(List.of(shortName, longName), names(read(gnu)));
        byte[] bsd = ArBytes.gnu().member("#1/8", "\u00ff\u0080.o\0\0\0\0DATA").bytes();
        assertEquals(List.of("\u00ff\u0080.o"), names(read(bsd)));
    }

    @Test
    void longNameEndsAtNewlineOrNulAndMustNotBeEmpty() {
        byte[] nul = ArBytes.gnu().member("//", "first.o\0second_long.o/\n").member("/0", "x").member("/8", "y").bytes();
        assertEquals(List.of("first.o", "second_long.o"), names(read(nul)));
        byte[] empty = ArBytes.gnu().member("//", "a_long_name.o/\n/\n").member("/15", "x").bytes();
        assertEquals("x.a at byte 83: long name at offset 15 of the // table is empty", error(empty));
        byte[] open = ArBytes.gnu().member("//", "a_long_name.o").member("/2", "x").bytes();
        assertEquals("x.a at byte 70: long name at offset 2 of the // table is not terminated", error(open));
    }

    @Test
    void bsdNameLongerThanItsMember() {
        byte[] b = ArBytes.gnu().header("#1/20", "4").raw("abcd").bytes();
        assertEquals("x.a at byte 8: #1/ name of 20 bytes is longer than the member (size field 4)", error(b));
    }

    @Test
    void thinMemberNameThatIsNoPath() {
        // Fuzzing: Path.of threw InvalidPathException for a NUL in a thin member's name.
        byte[] b = ArBytes.thin().header("a\0b.o/", "3").bytes();
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> ArchiveReader.read(Path.of("t.a"), ByteView.of(b, "t.a")));
        // Now rejected for every archive (memberNameWithANulByte); Path.of's own refusal stays behind it.
        assertEquals("t.a at byte 8: member 0 name \"a\\0b.o\" holds a NUL byte", e.getMessage());
    }

    @Test
    void thinArchivesAreGnuWhateverTheirNames() {
        // Thin archives are a GNU format: a plain name must not make one BSD (which the writer writes as a regular archive).
        byte[] b = ArBytes.thin().header("a.o", "3").bytes();
        Archive a = ArchiveReader.read(Path.of("t.a"), ByteView.of(b, "t.a"));
        assertEquals(ArchiveFlavor.GNU, a.flavor());
        byte[] bsd = ArBytes.thin().header("#1/4", "3").bytes();
        assertEquals("t.a at byte 8: BSD #1/ name in a GNU-style archive",
                assertThrows(InputFormatException.class, () -> ArchiveReader.read(Path.of("t.a"), ByteView.of(bsd, "t.a"))).getMessage());
    }

    @Test
    void gnuHeaderNameEndsAtItsFirstSlash() {
        // As GNU ar and LLVM read it (Commons Compress stripped only the last '/'): "a/b.o/" is "a".
        byte[] b = ArBytes.gnu().member("/", ArBytes.gnuIndex(new long[0])).member("a/b.o/", "x").member("c.o", "y").bytes();
        assertEquals(List.of("a", "c.o"), names(read(b)));
    }

    @Test
    void emptyMemberName() {
        byte[] gnu = ArBytes.gnu().member("/", ArBytes.gnuIndex(new long[0])).member("", "x").bytes();
        assertEquals("x.a at byte 72: member 0 has an empty name", error(gnu));
        byte[] bsd = ArBytes.gnu().member("#1/4", "\0\0\0\0x").bytes();
        assertEquals("x.a at byte 8: member 0 has an empty name", error(bsd));
    }

    @Test
    void membersAllNamingOneLongNameAreBounded() {
        // 2000 members "/0" naming one 40,000-byte name: 80 MB of names from 160 KB.
        String name = "a".repeat(40_000);
        ArBytes ar = ArBytes.gnu().member("//", name + "/\n");
        long first = ar.size();
        for (int i = 0; i < 2000; i++) {
            ar.member("/0", "");
        }
        byte[] b = ar.bytes();
        int over = (int) (org.linkdedup.io.NameBudget.MINIMUM / name.length());   // the 1678th name passes 64 MiB
        assertEquals("x.a at byte " + (first + over * 60L) + ": symbol names add up to more than "
                + org.linkdedup.io.NameBudget.MINIMUM + " bytes, from " + b.length
                + " bytes of input: symbols point into the same string table bytes over and over", error(b));
    }

    @Test
    void bsdIndexEntriesAllNamingOneLongStringAreBounded() {
        int entries = 2000;
        String name = "a".repeat(40_000);
        int indexSize = 4 + entries * 8 + 4 + name.length() + 4;
        int member = 8 + 60 + 12 + indexSize;   // the header of a.o, after the index
        java.nio.ByteBuffer index = java.nio.ByteBuffer.allocate(indexSize).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        index.putInt(entries * 8);
        for (int i = 0; i < entries; i++) {
            index.putInt(0).putInt(member);   // every entry: string 0 of a.o
        }
        index.putInt(name.length() + 4).put(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String indexData = new String(index.array(), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] b = ArBytes.gnu().member("#1/12", "__.SYMDEF\0\0\0" + indexData).member("#1/4", "a.o\0x").bytes();
        int over = (int) (org.linkdedup.io.NameBudget.MINIMUM / name.length());
        long at = 8 + 60 + 12 + 4 + over * 8L;
        assertEquals("x.a(__.SYMDEF) at byte " + at + ": symbol names add up to more than "
                + org.linkdedup.io.NameBudget.MINIMUM + " bytes, from " + indexData.length()
                + " bytes of input: symbols point into the same string table bytes over and over", error(b));
    }

    @Test
    void memberNameWithANulByte() {
        // Fuzzing: "\0#\0/" in a BSD archive, which the writer would write back otherwise (NUL padding is
        // stripped). Read as GNU ar and LLVM read it (issue 15: no leading byte trimmed): "\0#\0".
        byte[] b = ArBytes.gnu().member("#1/4", "a.o\0x").member("\0#\0/", "y").bytes();
        assertEquals("x.a at byte 74: member 1 name \"\\0#\\0\" holds a NUL byte", error(b));
    }

    @Test
    void gnuMemberNamedLikeABsdIndexIsAMember() {
        // Fuzzing: a GNU archive whose first member is "__.SYMDEF_64/" was read as a BSD index.
        byte[] b = ArBytes.gnu().member("__.SYMDEF_64/", "abc").member("b.o/", "d").bytes();
        Archive a = read(b);
        assertEquals(ArchiveFlavor.GNU, a.flavor());
        assertEquals(List.of("__.SYMDEF_64", "b.o"), names(a));
        assertEquals(IndexKind.NONE, a.index().kind());
    }

    @Test
    void bsdIndexInAGnuOrThinArchive() {
        // Fuzzing: a thin archive whose first member was "__.SYMDEF_64" was taken for a BSD index, and
        // the GNU/BSD conflict check then looked for a #1/ name that was not there (NoSuchElementException).
        byte[] thin = ArBytes.thin().header("__.SYMDEF_64", "3").bytes();
        Archive t = ArchiveReader.read(Path.of("t.a"), ByteView.of(thin, "t.a"));
        assertEquals(List.of("__.SYMDEF_64"), names(t));
        assertEquals(IndexKind.NONE, t.index().kind());
        byte[] gnu = ArBytes.gnu().member("__.SYMDEF", new byte[8]).member("a.o/", "x").bytes();
        assertEquals("x.a at byte 8: BSD symbol index __.SYMDEF in a GNU-style archive", error(gnu));
    }
}
