package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * Issue 15, never lose data: each finding of the report as a reproducer, asserting the inputs are
 * byte-identical afterwards, the exit status, the exact one-line message and that no file is left.
 */
class DataSafetyTest {
    static final List<String> MINI = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");

    @TempDir
    Path dir;

    private List<Path> copyMini(String sub) throws Exception {
        List<Path> out = new ArrayList<>();
        for (String f : MINI) {
            Path p = dir.resolve(sub).resolve(f);
            Files.createDirectories(p.getParent());
            Files.copy(Fixtures.small("perry-mini/elf/" + f), p);
            out.add(p);
        }
        return out;
    }

    private static Object[] cmd(List<Path> inputs, Object... head) {
        List<Object> all = new ArrayList<>(List.of(head));
        all.addAll(inputs);
        return all.toArray();
    }

    private static List<String> listing(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> !p.equals(d)).map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aMissingThinMemberIsNamedOnceWithWhatIsWrong() throws Exception {
        Fixtures.requireTool("llvm-ar");
        Path work = dir.resolve("thin");
        Files.createDirectories(work);
        Files.copy(Fixtures.small("perry-mini/elf/main.o"), work.resolve("gone.o"));
        Fixtures.run(work, "llvm-ar", "rcsT", "libthin.a", "gone.o").assertOk();
        Files.delete(work.resolve("gone.o"));
        Cli.Result r = Cli.run("symbols", work.resolve("libthin.a"));
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().matches("linkdedup: \\S*libthin\\.a\\(gone\\.o\\) at byte \\d+: thin archive member file \\S*gone\\.o cannot be read: no such file\n"),
                r.err());
    }

    /**
     * Finding 7: a bitcode member whose symbol table holds a name with a NUL byte (no ar index can
     * list it: its entries end at NUL). {@code plan} accepted it and {@code apply} failed its own
     * verification; now both accept it and the fresh index leaves that one name out.
     */
    @Test
    void aNameWithANulByteIsLeftOutOfTheIndexByApplyAsPlanAcceptsIt() throws Exception {
        Fixtures.requireTool("llvm-ar");
        List<Path> in = copyMini("in");
        Path work = dir.resolve("members");
        Files.createDirectories(work);
        Fixtures.run(work, "llvm-ar", "x", in.get(1).toString()).assertOk();
        byte[] bc = Files.readAllBytes(Fixtures.small("bitcode/clang19.o"));
        byte[] name = "protected_data".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = -1;
        for (int i = 0; i + name.length <= bc.length && at < 0; i++) {
            if (java.util.Arrays.equals(bc, i, i + name.length, name, 0, name.length)) {
                at = i;
            }
        }
        assertTrue(at > 0, "the fixture's string table holds protected_data");
        bc[at + "protected".length()] = 0;
        Files.write(work.resolve("zz_bitcode.o"), bc);
        List<String> ar = new ArrayList<>(List.of("llvm-ar", "rcS", in.get(1).toString()));
        try (Stream<Path> s = Files.list(work)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(ar::add);
        }
        Files.delete(in.get(1));
        Fixtures.run(work, ar.toArray(String[]::new)).assertOk();
        Map<Path, String> before = OutputSafetyTest.hashes(in);

        Cli.Result plan = Cli.run(cmd(in, "plan"));
        assertEquals(0, plan.exit(), plan.err());
        Path out = dir.resolve("out");
        Cli.Result apply = Cli.run(cmd(in, "apply", "--out-dir", out));
        assertEquals(0, apply.exit(), apply.err());
        assertEquals(before, OutputSafetyTest.hashes(in));
        org.linkdedup.archive.Archive written = org.linkdedup.archive.ArchiveReader.open(out.resolve("libperry_ext_http.a"));
        int bitcode = written.members().stream().filter(m -> m.name().equals("zz_bitcode.o")).findFirst().orElseThrow().position();
        List<String> names = written.index().namesOf(bitcode);
        assertTrue(names.contains("g_func") && names.contains("hidden_data"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.indexOf(0) >= 0 || n.startsWith("protected")), names.toString());
        assertEquals(List.of("libperry_ext_http.a"), listing(out));
    }

    /** One GNU member header and its data (padded to 2), the name field written exactly as given. */
    private static void gnuMember(java.io.ByteArrayOutputStream out, String field, byte[] data) throws Exception {
        String h = String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", field, "0", "0", "0", "644", data.length);
        assertEquals(60, h.length(), field);
        out.write(h.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(data);
        if (data.length % 2 != 0) {
            out.write('\n');
        }
    }

    /**
     * Finding 9: header names that ar reads unusually (a leading blank, a control byte, a blank
     * inside, a long-name reference with text after its number) keep the names GNU ar and llvm-ar
     * list for them: {@code apply} renames nothing.
     */
    @Test
    void unusualMemberNamesSurviveApplyAsArListsThem() throws Exception {
        Fixtures.requireTool("llvm-ar", "ar");
        List<Path> in = copyMini("in");
        Path work = dir.resolve("members");
        Files.createDirectories(work);
        Fixtures.run(work, "llvm-ar", "x", in.get(1).toString()).assertOk();
        List<String> extracted;
        try (Stream<Path> st = Files.list(work)) {
            extracted = st.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String runtime = extracted.stream().filter(n -> n.startsWith("perry_runtime")).findFirst().orElseThrow();
        List<String> others = extracted.stream().filter(n -> !n.equals(runtime)).toList();
        String table = runtime + "/\n" + "a_long_name_after_junk.o/\n";
        java.io.ByteArrayOutputStream ar = new java.io.ByteArrayOutputStream();
        ar.write("!<arch>\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        gnuMember(ar, "//", table.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        gnuMember(ar, "/0", Files.readAllBytes(work.resolve(runtime)));
        gnuMember(ar, " lead.o/", Files.readAllBytes(work.resolve(others.get(0))));
        gnuMember(ar, "ctl\u0001.o/", Files.readAllBytes(work.resolve(others.get(1))));
        gnuMember(ar, "1 2/", Files.readAllBytes(work.resolve(others.get(0))));
        gnuMember(ar, "/" + (runtime.length() + 2) + " junk", Files.readAllBytes(work.resolve(others.get(1))));
        Files.write(in.get(1), ar.toByteArray());
        List<String> want = new ArrayList<>(Fixtures.run(work, "llvm-ar", "t", in.get(1).toString()).assertOk().stdout().lines().toList());
        assertEquals(List.of(runtime, " lead.o", "ctl\u0001.o", "1 2", "a_long_name_after_junk.o"), want);
        assertEquals(want, Fixtures.run(work, "ar", "t", in.get(1).toString()).assertOk().stdout().lines().toList());
        want.remove(runtime);

        Path out = dir.resolve("out");
        Cli.Result r = Cli.run(cmd(in, "apply", "--no-verify", "--out-dir", out));
        assertEquals(0, r.exit(), r.err());
        Path written = out.resolve("libperry_ext_http.a");
        assertEquals(want, Fixtures.run(work, "llvm-ar", "t", written.toString()).assertOk().stdout().lines().toList());
        assertEquals(want, Fixtures.run(work, "ar", "t", written.toString()).assertOk().stdout().lines().toList());
    }
}
