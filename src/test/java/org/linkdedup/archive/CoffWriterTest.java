package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * COFF {@code .lib} archives written by {@link ArchiveWriter}, against what {@code llvm-lib-19}
 * writes for the same members and symbols (byte for byte), and read back by LLVM's tools and
 * {@code lld-link}. Objects are compiled here for the MSVC targets and by MinGW's gcc.
 */
@Toolchain
class CoffWriterTest {
    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Fixtures.requireTool("clang-19", "llvm-lib-19", "llvm-ar-19", "llvm-nm-19");
    }

    // ------------------------------------------------------------------ fixtures

    private Path clang(String target, String name, String source) throws Exception {
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path obj = dir.resolve(name);
        Fixtures.run(dir, "clang-19", "--target=" + target, "-c", c.toString(), "-o", obj.toString()).assertOk();
        return obj;
    }

    private Path msvc(String name, String source) throws Exception {
        return clang("x86_64-pc-windows-msvc", name, source);
    }

    private Path mingw(String name, String source) throws Exception {
        Fixtures.requireTool("x86_64-w64-mingw32-gcc");
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path obj = dir.resolve(name);
        Fixtures.run(dir, "x86_64-w64-mingw32-gcc", "-c", c.toString(), "-o", obj.toString()).assertOk();
        return obj;
    }

    /** {@code llvm-lib-19 /out:NAME objs}, run in the objects' directory so that members are named by file name. */
    private Path llvmLib(String name, List<Path> objs) {
        List<String> cmd = new ArrayList<>(List.of("llvm-lib-19", "/out:" + dir.resolve(name)));
        objs.forEach(o -> cmd.add(o.getFileName().toString()));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(name);
    }

    private Path llvmAr(String format, String name, List<Path> objs) {
        List<String> cmd = new ArrayList<>(List.of("llvm-ar-19", "--format=" + format, "rcs", dir.resolve(name).toString()));
        objs.forEach(o -> cmd.add(o.getFileName().toString()));
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        return dir.resolve(name);
    }

    /** The external definitions of an object in its symbol table's order, as llvm-nm-19 lists them. */
    private List<String> definedNames(Path obj) {
        String out = Fixtures.run(dir, "llvm-nm-19", "-p", "-g", "--defined-only", "--format=just-symbols", obj.toString())
                .assertOk().stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String functions(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // names of every length from short to long, upper and lower case, not in sorted order
            sb.append("int ").append(i % 3 == 0 ? "Z" : i % 3 == 1 ? "a" : "_").append(prefix)
                    .append("_".repeat(i % 7)).append(n - i).append("(void){return ").append(i).append(";}\n");
        }
        return sb.toString();
    }

    /** The object sets llvm-lib-19 is compared with, in command-line order. */
    private List<Path> shape(String shape) throws Exception {
        return switch (shape) {
            case "short-names" -> List.of(
                    msvc("a.obj", "int a_one(void){return 1;}\nint a_two(void){return 2;}\n"),
                    msvc("b.obj", "int b_func(void){return 3;}\nint zzz_b(void){return 4;}\nint AAA_b = 5;\n"));
            case "long-names" -> List.of(
                    msvc("abcdefghijk.obj", "int fifteen(void){return 15;}\n"),                 // 15 bytes: fits the header
                    msvc("abcdefghijkl.obj", "int sixteen(void){return 16;}\nchar odd3[3]={1,2,3};\n"), // 16: the table
                    msvc("some_long_member_name_b.obj", "int b_func(void){return 3;}\nint AAA_b = 5;\n"),
                    msvc("c.obj", "static int s(void){return 1;}\nint use_s(void){return s();}\n"));
            case "many-symbols" -> List.of(
                    msvc("many_symbols_member.obj", functions("many", 400)),
                    msvc("more.obj", functions("more", 150)),
                    msvc("nosym.obj", "static int t(void){return 1;}\nint *keep(void){return 0;}\n"),
                    // defines names the others define too: llvm-lib lists each name once, for the first member
                    msvc("dups.obj", "int Zmany400(void){return 7;}\nint only_in_dups(void){return 8;}\n"));
            case "aarch64" -> List.of(
                    clang("aarch64-pc-windows-msvc", "arm_one.obj", "int arm_one(void){return 1;}\nint arm_data = 3;\n"),
                    clang("aarch64-pc-windows-msvc", "arm64_long_member_name.obj", functions("arm", 40)));
            case "mingw" -> List.of(
                    mingw("m.o", "int mingw_one(void){return 1;}\nint mingw_data = 3;\n"),
                    mingw("mingw_long_member_name.o", functions("gcc", 30)));
            default -> throw new IllegalArgumentException(shape);
        };
    }

    private static List<String> memberNames(Archive a) {
        return a.members().stream().map(ArchiveMember::name).toList();
    }

    // ------------------------------------------------------------------ tests

    /**
     * The same members, in llvm-lib's order (the reverse of its command line), taken from an archive
     * llvm-ar wrote, with each member's external definitions as llvm-nm lists them: our bytes are
     * llvm-lib's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"short-names", "long-names", "many-symbols", "aarch64", "mingw"})
    void writesWhatLlvmLibWritesForTheSameMembersAndSymbols(String shape) throws Exception {
        List<Path> objs = shape(shape);
        Path ref = llvmLib("ref.lib", objs);
        Archive src = ArchiveReader.open(llvmAr("coff", "src.lib", objs));
        assertEquals(ArchiveFlavor.COFF, src.flavor());
        List<String> reversed = new ArrayList<>(objs.stream().map(o -> o.getFileName().toString()).toList());
        Collections.reverse(reversed);
        assertEquals(reversed, memberNames(ArchiveReader.open(ref)), "llvm-lib writes its members in reverse order");

        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (String name : reversed) {
            ArchiveMember m = src.members().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            entries.add(new ArchiveWriter.Entry(m, definedNames(dir.resolve(name))));
        }
        Path ours = dir.resolve("out/ours.lib");
        Files.createDirectories(ours.getParent());
        ArchiveWriter.write(src, entries, ours);
        assertBytesEqual(ref, ours);
        if (shape.equals("long-names")) {
            assertTrue(src.members().stream().anyMatch(m -> m.size() % 2 == 1), "a member needs padding");
        }
    }

    /** A .lib that llvm-lib-19 wrote, written again whole with the names its index gives each member, is the same file. */
    @ParameterizedTest
    @ValueSource(strings = {"short-names", "long-names", "many-symbols", "aarch64", "mingw"})
    void llvmLibArchiveWrittenWholeIsIdentical(String shape) throws Exception {
        Path ref = llvmLib("ref.lib", shape(shape));
        Archive a = ArchiveReader.open(ref);
        Path out = dir.resolve("out/whole.lib");
        Files.createDirectories(out.getParent());
        ArchiveWriter.write(a, a.members().stream().map(m -> new ArchiveWriter.Entry(m, a.index().namesOf(m.position()))).toList(), out);
        assertBytesEqual(ref, out);
    }

    @Test
    void committedCoffLibWrittenWholeIsIdentical() throws Exception {
        Archive a = ArchiveReader.open(Fixtures.small("ar/coff.lib"));
        Path out = dir.resolve("whole.lib");
        ArchiveWriter.write(a, a.members().stream().map(m -> new ArchiveWriter.Entry(m, a.index().namesOf(m.position()))).toList(), out);
        assertBytesEqual(Fixtures.small("ar/coff.lib"), out);
    }

    /**
     * One member removed: both linker members lose its names and point to the moved members, as
     * llvm-lib-19 writes the archive of the remaining objects (byte for byte); llvm-nm, llvm-ar,
     * llvm-lib read it, and lld-link links a program from it.
     */
    @Test
    void removingAMemberUpdatesBothLinkerMembersAndTheResultLinks() throws Exception {
        Fixtures.requireTool("lld-link");
        List<Path> objs = shape("long-names");
        Path ref = llvmLib("ref.lib", objs);
        Archive a = ArchiveReader.open(ref);
        assertEquals(List.of("c.obj", "some_long_member_name_b.obj", "abcdefghijkl.obj", "abcdefghijk.obj"), memberNames(a));
        int drop = 2;   // abcdefghijkl.obj: its 16-byte name was the // table's only entry but one
        List<ArchiveWriter.Entry> kept = new ArrayList<>();
        for (ArchiveMember m : a.members()) {
            if (m.position() != drop) {
                kept.add(new ArchiveWriter.Entry(m, a.index().namesOf(m.position())));
            }
        }
        Path ours = dir.resolve("out/trimmed.lib");
        Files.createDirectories(ours.getParent());
        ArchiveWriter.write(a, kept, ours);

        // What llvm-lib writes for the objects left (its command line reversed again).
        Path want = llvmLib("want.lib", List.of(objs.get(0), objs.get(2), objs.get(3)));
        assertBytesEqual(want, ours);

        Archive back = ArchiveReader.open(ours);
        assertEquals(ArchiveFlavor.COFF, back.flavor());
        assertEquals(List.of("c.obj", "some_long_member_name_b.obj", "abcdefghijk.obj"), memberNames(back));
        assertEquals(List.of("AAA_b", "b_func", "fifteen", "use_s"),
                back.index().entries().stream().map(SymbolIndex.Entry::symbol).toList(), "second linker member, sorted");
        assertEquals(List.of("use_s", "b_func", "AAA_b", "fifteen"),
                back.index().listing().stream().map(SymbolIndex.Entry::symbol).toList(), "first linker member, by member");
        assertEquals(List.of(1, 1, 2, 0), back.index().entries().stream().map(SymbolIndex.Entry::member).toList());

        String armap = armap(Fixtures.run(dir, "llvm-nm-19", "--print-armap", ours.toString()).assertOk().stdout());
        assertEquals("AAA_b in some_long_member_name_b.obj\nb_func in some_long_member_name_b.obj\n"
                + "fifteen in abcdefghijk.obj\nuse_s in c.obj", armap);
        assertEquals("c.obj\nsome_long_member_name_b.obj\nabcdefghijk.obj\n",
                Fixtures.run(dir, "llvm-ar-19", "t", ours.toString()).assertOk().stdout());
        assertEquals("abcdefghijk.obj\nsome_long_member_name_b.obj\nc.obj\n",
                Fixtures.run(dir, "llvm-lib-19", "/list", ours.toString()).assertOk().stdout(), "llvm-lib lists in reverse");

        Path main = msvc("main.obj", "int b_func(void);\nint use_s(void);\nint fifteen(void);\n"
                + "int main(void){return b_func() + use_s() + fifteen();}\n");
        Fixtures.ProcessResult link = Fixtures.run(dir, "lld-link", "/entry:main", "/subsystem:console", "/nodefaultlib",
                "/out:" + dir.resolve("x.exe"), main.toString(), ours.toString());
        link.assertOk();
        assertTrue(Files.size(dir.resolve("x.exe")) > 0);
        // and the dropped member's symbol is gone from the index: a reference to it no longer links
        Path main2 = msvc("main2.obj", "int sixteen(void);\nint main(void){return sixteen();}\n");
        Fixtures.ProcessResult fails = Fixtures.run(dir, "lld-link", "/entry:main", "/subsystem:console", "/nodefaultlib",
                "/out:" + dir.resolve("y.exe"), main2.toString(), ours.toString());
        assertNotEquals(0, fails.exitCode(), fails.describe());
        assertTrue(fails.stderr().contains("undefined symbol: sixteen"), fails.describe());
    }

    /** Index names given for several members are listed once, for the first, in both linker members. */
    @Test
    void aNameGivenTwiceIsListedOnceForItsFirstMember() throws Exception {
        Archive a = ArchiveReader.open(llvmLib("ref.lib", shape("short-names")));
        Path out = dir.resolve("dup.lib");
        ArchiveWriter.write(a, List.of(new ArchiveWriter.Entry(a.members().get(0), List.of("x", "dup", "x")),
                new ArchiveWriter.Entry(a.members().get(1), List.of("dup", "b"))), out);
        Archive back = ArchiveReader.open(out);
        assertEquals(List.of(new SymbolIndex.Entry("b", 1), new SymbolIndex.Entry("dup", 0), new SymbolIndex.Entry("x", 0)),
                back.index().entries());
        assertEquals(List.of(new SymbolIndex.Entry("x", 0), new SymbolIndex.Entry("dup", 0), new SymbolIndex.Entry("b", 1)),
                back.index().listing());
        assertEquals("b in a.obj\ndup in b.obj\nx in b.obj",
                armap(Fixtures.run(dir, "llvm-nm-19", "--print-armap", out.toString()).assertOk().stdout()));
    }

    /** No member left: both linker members, empty, as llvm-lib writes for members without symbols. */
    @Test
    void noMembersLeaveTwoEmptyLinkerMembers() throws Exception {
        Archive a = ArchiveReader.open(llvmLib("ref.lib", shape("short-names")));
        Path out = dir.resolve("none.lib");
        ArchiveWriter.write(a, List.of(), out);
        byte[] b = Files.readAllBytes(out);
        String expect = "!<arch>\n"
                + String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", "/", "0", "0", "0", "0", "4") + "\0\0\0\0"
                + String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", "/", "0", "0", "0", "0", "8") + "\0\0\0\0\0\0\0\0";
        assertEquals(expect, new String(b, StandardCharsets.ISO_8859_1));
        Archive back = ArchiveReader.open(out);
        assertEquals(ArchiveFlavor.COFF, back.flavor());
        assertEquals(IndexKind.COFF, back.index().kind());
        assertTrue(back.members().isEmpty());
    }

    /** A .lib in GNU's container (llvm-lib 14, llvm-ar --format=gnu) stays GNU when written. */
    @ParameterizedTest
    @ValueSource(strings = {"llvm-lib-14", "llvm-ar-19"})
    void gnuFormatLibStaysGnu(String writer) throws Exception {
        List<Path> objs = shape("long-names");
        Path lib;
        if (writer.equals("llvm-lib-14")) {
            Fixtures.requireTool("llvm-lib-14");
            List<String> cmd = new ArrayList<>(List.of("llvm-lib-14", "/out:" + dir.resolve("gnu.lib")));
            objs.forEach(o -> cmd.add(o.getFileName().toString()));
            Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
            lib = dir.resolve("gnu.lib");
        } else {
            lib = llvmAr("gnu", "gnu.lib", objs);
        }
        Archive a = ArchiveReader.open(lib);
        assertEquals(ArchiveFlavor.GNU, a.flavor());
        assertEquals(IndexKind.GNU, a.index().kind());
        List<ArchiveWriter.Entry> kept = a.members().stream().filter(m -> m.position() != 0)
                .map(m -> new ArchiveWriter.Entry(m, a.index().namesOf(m.position()))).toList();
        Path out = dir.resolve("out.lib");
        ArchiveWriter.write(a, kept, out);
        Archive back = ArchiveReader.open(out);
        assertEquals(ArchiveFlavor.GNU, back.flavor());
        assertEquals(IndexKind.GNU, back.index().kind());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals("!<arch>\n/ ", new String(bytes, 0, 10, StandardCharsets.ISO_8859_1));
        int second = 8 + 60 + (int) Long.parseLong(new String(bytes, 8 + 48, 10, StandardCharsets.ISO_8859_1).trim());
        assertNotEquals(String.format("%-16s", "/"), new String(bytes, second, 16, StandardCharsets.ISO_8859_1),
                "one index member, not COFF's two");
        List<String> want = a.index().entries().stream().filter(e -> e.member() != 0)
                .map(e -> e.symbol() + " in " + a.members().get(e.member()).name()).toList();
        assertEquals(String.join("\n", want),
                armap(Fixtures.run(dir, "llvm-nm-19", "--print-armap", out.toString()).assertOk().stdout()));
    }

    /** The verifier also checks the first linker member: a damaged one fails the write and leaves nothing behind. */
    @Test
    void damagedFirstLinkerMemberFailsVerification() throws Exception {
        Archive a = ArchiveReader.open(llvmLib("ref.lib", shape("short-names")));
        Path out = dir.resolve("out/v.lib");
        Files.createDirectories(out.getParent());
        List<ArchiveWriter.Entry> all = a.members().stream()
                .map(m -> new ArchiveWriter.Entry(m, a.index().namesOf(m.position()))).toList();
        var e = assertThrows(org.linkdedup.io.InputFormatException.class, () -> ArchiveWriter.stage(a, all, out, tmp -> {
            // swap the first two names of the first linker member ("b_func", "zzz_b" -> "zzz_b", "b_func")
            byte[] b = Files.readAllBytes(tmp);
            String s = new String(b, StandardCharsets.ISO_8859_1);
            int at = s.indexOf("b_func\0zzz_b\0");
            assertTrue(at > 0 && at < 200, s.substring(0, 200));
            byte[] swapped = "zzz_b\0b_func\0".getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(swapped, 0, b, at, swapped.length);
            Files.write(tmp, b);
        }).commit());
        assertTrue(e.getMessage().contains("first linker member entry 0 reads back as \"zzz_b\""), e.getMessage());
        try (var s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList());
        }
    }

    /**
     * The reader keeps both orders of a COFF index: the second linker member's (sorted, what a linker
     * searches) and the first's (member by member); a first linker member that disagrees with the
     * second, or does not decode, does not make the archive unreadable (linkers never read it): the
     * listing is then the second's entries by member.
     */
    @ParameterizedTest
    @ValueSource(strings = {"agrees", "names-differ", "offset-not-a-member"})
    void readerListsTheFirstLinkerMembersOrderWhenItAgrees(String first) throws Exception {
        long member = 8 + 60 + 24 + 60 + 28;   // both linker members padded to even
        long firstOffset = first.equals("offset-not-a-member") ? 8 : member;
        String firstNames = first.equals("names-differ") ? "zeta\0other" : "zeta\0alpha";
        byte[] firstData = concat(be32(2), be32(firstOffset), be32(member), (firstNames + "\0\0").getBytes(StandardCharsets.ISO_8859_1));
        byte[] secondData = concat(le32(1), le32(member), le32(2), new byte[] {1, 0, 1, 0},
                "alpha\0zeta\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(24, firstData.length);
        assertEquals(28, secondData.length);
        byte[] bytes = ArBytes.gnu().member("/", firstData).member("/", secondData).member("a.o/", "DATA").bytes();
        Path p = dir.resolve("hand.lib");
        Files.write(p, bytes);
        Archive a = ArchiveReader.open(p);
        assertEquals(ArchiveFlavor.COFF, a.flavor());
        assertEquals(member, a.members().get(0).headerOffset());
        List<SymbolIndex.Entry> sorted = List.of(new SymbolIndex.Entry("alpha", 0), new SymbolIndex.Entry("zeta", 0));
        assertEquals(sorted, a.index().entries());
        assertEquals(first.equals("agrees") ? List.of("zeta", "alpha") : List.of("alpha", "zeta"), a.index().namesOf(0));
    }

    private static byte[] be32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] x : parts) {
            b.writeBytes(x);
        }
        return b.toByteArray();
    }

    /**
     * The second linker member names members with 16 bits: index names for the 65535th member are
     * written, for the 65536th refused before anything is written.
     */
    @Test
    void aCoffArchiveIndexesAt65535Members() throws Exception {
        ArBytes b = ArBytes.gnu().member("/", new byte[4]).member("/", new byte[8]);
        for (int i = 0; i < 65536; i++) {
            b.member("m/", "");
        }
        Path p = dir.resolve("many.lib");
        Files.write(p, b.bytes());
        Archive a = ArchiveReader.open(p);
        assertEquals(ArchiveFlavor.COFF, a.flavor());
        assertEquals(65536, a.members().size());
        List<ArchiveWriter.Entry> last65535 = new ArrayList<>();
        List<ArchiveWriter.Entry> last65536 = new ArrayList<>();
        for (ArchiveMember m : a.members()) {
            last65535.add(new ArchiveWriter.Entry(m, m.position() == 65534 ? List.of("late") : List.of()));
            last65536.add(new ArchiveWriter.Entry(m, m.position() == 65535 ? List.of("late") : List.of()));
        }
        Path ok = dir.resolve("out/ok.lib");
        Files.createDirectories(ok.getParent());
        ArchiveWriter.write(a, last65535, ok);
        assertEquals(List.of(new SymbolIndex.Entry("late", 65534)), ArchiveReader.open(ok).index().entries());
        Path refused = dir.resolve("out/refused.lib");
        var e = assertThrows(java.io.IOException.class, () -> ArchiveWriter.write(a, last65536, refused));
        assertTrue(e.getMessage().contains("member 65535 has index names, but a COFF linker member names at most 65535 members"),
                e.getMessage());
        try (var s = Files.list(ok.getParent())) {
            assertEquals(List.of("ok.lib"), s.map(x -> x.getFileName().toString()).toList());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The lines between "Archive map" and the first blank line, joined. */
    private static String armap(String text) {
        return String.join("\n", IndexParityTest.armap(text));
    }

    private static void assertBytesEqual(Path want, Path got) throws Exception {
        byte[] w = Files.readAllBytes(want);
        byte[] g = Files.readAllBytes(got);
        if (!Arrays.equals(w, g)) {
            int k = Arrays.mismatch(w, g);
            fail("differs from " + want.getFileName() + " (" + w.length + " bytes; ours " + g.length + ") first at byte " + k
                    + ": want " + excerpt(w, k) + ", got " + excerpt(g, k));
        }
    }

    private static String excerpt(byte[] b, int k) {
        int from = Math.max(0, k - 16);
        int to = Math.min(b.length, k + 16);
        return IntStream.range(from, to).mapToObj(i -> String.format("%02x", b[i] & 0xff)).collect(Collectors.joining(" "))
                + " (from " + from + ")";
    }
}
