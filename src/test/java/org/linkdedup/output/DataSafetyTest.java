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

    /** Finding 1: --link-order-file and --write-baseline pointed at an input (or an output) are refused; nothing is written. */
    @Test
    void anOutputPointedAtAnInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        List<Path> in = copyMini("in");
        Map<Path, String> before = OutputSafetyTest.hashes(in);
        Path out = dir.resolve("out");
        for (Path target : List.of(in.get(2), in.get(0))) {
            Cli.Result r = Cli.run(cmd(in, "apply", "--out-dir", out, "--link-order-file", target));
            assertEquals(2, r.exit(), r.err());
            assertEquals("linkdedup: refusing to overwrite input " + target + " with --link-order-file " + target
                    + "; choose another path\n", r.err());
            assertEquals(before, OutputSafetyTest.hashes(in));
            assertEquals(List.of(), listing(out), "nothing written, not even the trimmed archive");
        }
        Path trimmed = out.resolve("libperry_ext_http.a");
        Cli.Result r = Cli.run(cmd(in, "apply", "--out-dir", out, "--link-order-file", trimmed));
        assertEquals(2, r.exit(), r.err());
        assertEquals("linkdedup: both the trimmed " + in.get(1) + " at and --link-order-file would be written to "
                + dir.toRealPath().resolve("out/libperry_ext_http.a") + "; give them different paths\n", r.err());
        assertEquals(List.of(), listing(out));

        Cli.Result b = Cli.run(cmd(in, "check", "--write-baseline", in.get(2)));
        assertEquals(2, b.exit(), b.err());
        assertTrue(b.err().startsWith("linkdedup: refusing to overwrite input " + in.get(2) + " with --write-baseline "),
                b.err());
        Path viaLink = java.nio.file.Files.createSymbolicLink(dir.resolve("alias"), in.get(2).getParent());
        Cli.Result l = Cli.run(cmd(in, "check", "--write-baseline", viaLink.resolve("libperry_stdlib.a")));
        assertEquals(2, l.exit(), l.err());
        assertEquals(before, OutputSafetyTest.hashes(in));
        assertEquals(List.of("libperry_ext_http.a", "libperry_runtime.a", "libperry_stdlib.a", "main.o"), listing(dir.resolve("in")));
    }

    /** Finding 1, response files: an @file that apply reads is an input too. */
    @Test
    void theResponseFileReadIsNeverReplaced() throws Exception {
        List<Path> in = copyMini("in");
        Path rsp = dir.resolve("link.rsp");
        Files.write(rsp, in.stream().map(Path::toString).toList());
        String content = Files.readString(rsp);
        Cli.Result r = Cli.run("apply", "--out-dir", dir.resolve("out"), "--link-order-file", rsp, "@" + rsp);
        assertEquals(2, r.exit(), r.err());
        assertEquals("linkdedup: refusing to overwrite input " + rsp + " with --link-order-file " + rsp + "; choose another path\n",
                r.err());
        assertEquals(content, Files.readString(rsp));
    }

    /** Finding 2: a thin archive whose member file lives in the out dir under the trimmed archive's name. */
    @Test
    void aThinArchivesMemberInTheOutDirIsNeverOverwritten() throws Exception {
        Fixtures.requireTool("llvm-ar");
        List<Path> in = copyMini("in");
        Path x = dir.resolve("X");
        Path y = dir.resolve("Y");
        Files.createDirectories(x);
        Files.createDirectories(y);
        Fixtures.run(x, "llvm-ar", "x", in.get(1).toString()).assertOk();
        List<String> members;
        try (Stream<Path> st = Files.list(x)) {
            members = st.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String runtime = members.stream().filter(n -> n.startsWith("perry_runtime")).findFirst().orElseThrow();
        String own = members.stream().filter(n -> n.startsWith("perry_ext_http")).findFirst().orElseThrow();
        Files.move(x.resolve(own), y.resolve("libperry_ext_http.a"));   // an object named like the archive, in Y
        Path thin = x.resolve("libperry_ext_http.a");
        List<String> ar = new ArrayList<>(List.of("llvm-ar", "rcsT", "libperry_ext_http.a"));
        for (String m : members) {
            ar.add(m.equals(own) ? "../Y/libperry_ext_http.a" : m);
        }
        Fixtures.run(x, ar.toArray(String[]::new)).assertOk();
        List<Path> order = List.of(in.get(0), thin, in.get(2), in.get(3));
        List<Path> watched = new ArrayList<>(order);
        watched.add(y.resolve("libperry_ext_http.a"));
        watched.add(x.resolve(runtime));
        Map<Path, String> before = OutputSafetyTest.hashes(watched);
        Cli.Result plan = Cli.run(cmd(order, "plan"));
        assertTrue(plan.out().contains("dropped 1 bundled"), "the runtime member is dropped, so apply would write Y's file: " + plan.out());
        Cli.Result r = Cli.run(cmd(order, "apply", "--out-dir", y));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("linkdedup: refusing to overwrite member ") && r.err().contains("libperry_ext_http.a of thin archive "
                + thin + " with the trimmed " + thin + " at " + y.resolve("libperry_ext_http.a")), r.err());
        assertEquals(before, OutputSafetyTest.hashes(watched));
        assertEquals(List.of("libperry_ext_http.a"), listing(y));
    }

    /** Finding 3: the second of two destinations is blocked: nothing is replaced, nothing is left. */
    @Test
    void aBlockedDestinationReplacesNothing() throws Exception {
        List<Path> in = new ArrayList<>(copyMini("in"));
        Path second = dir.resolve("in/libperry_ext_two.a");
        Files.copy(in.get(1), second);
        in.add(2, second);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("libperry_ext_two.a/blocker"));
        Files.writeString(out.resolve("libperry_ext_http.a"), "the previous output");
        Cli.Result r = Cli.run(cmd(in, "apply", "--out-dir", out));
        assertEquals(2, r.exit(), r.err());
        assertEquals("linkdedup: the trimmed " + second + " at " + out.resolve("libperry_ext_two.a") + ": is a directory\n", r.err());
        assertEquals("the previous output", Files.readString(out.resolve("libperry_ext_http.a")));
        assertEquals(List.of("libperry_ext_http.a", "libperry_ext_two.a", "libperry_ext_two.a/blocker"), listing(out));
    }

    /** Finding 8: outputs that cannot be written are named with what is wrong, before anything is written. */
    @Test
    void unwritableOutputsSayWhy() throws Exception {
        List<Path> in = copyMini("in");
        Path loop = dir.resolve("loop");
        Files.createSymbolicLink(loop, loop);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        Map<Object, String> want = new java.util.LinkedHashMap<>();
        want.put(loop, loop + " is a symbolic link loop");
        want.put(dangling, dangling + " is a dangling symbolic link");
        want.put(Path.of("/dev/null"), "/dev/null is not a directory");
        for (Map.Entry<Object, String> w : want.entrySet()) {
            Path d = (Path) w.getKey();
            Cli.Result r = Cli.run(cmd(in, "apply", "--out-dir", d));
            assertEquals(2, r.exit(), r.err());
            assertEquals("linkdedup: the trimmed " + in.get(1) + " at " + d.resolve("libperry_ext_http.a") + ": " + w.getValue() + "\n",
                    r.err());
        }
        Cli.Result proc = Cli.run(cmd(in, "apply", "--out-dir", "/proc"));
        assertEquals(2, proc.exit(), proc.err());
        assertTrue(proc.err().startsWith("linkdedup: cannot write /proc/libperry_ext_http.a: cannot create a file in /proc ("), proc.err());
        assertEquals(1, proc.err().lines().count(), proc.err());
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run(cmd(in, "apply", "--out-dir", out, "--link-order-file", dir.resolve("nodir/x")));
        assertEquals(2, r.exit(), r.err());
        assertEquals("linkdedup: --link-order-file " + dir.resolve("nodir/x") + ": directory " + dir.resolve("nodir")
                + " does not exist\n", r.err());
        assertEquals(List.of(), listing(out), "the archives are not written either");
        assertFalse(Files.exists(dir.resolve("gone")));
    }

    /** Neither an archive nor an object (a damaged magic, text, an empty file): exit 3 naming it, as a linker rejects it. */
    @Test
    void anInputThatIsNeitherAnArchiveNorAnObjectIsRejected() throws Exception {
        List<Path> in = copyMini("in");
        byte[] damaged = Files.readAllBytes(in.get(1));
        damaged[5] = 'x';   // "!<arcx>\n"
        Path bad = dir.resolve("libdamaged.a");
        Files.write(bad, damaged);
        Path text = dir.resolve("order.txt");
        Files.writeString(text, "main.o\n");
        Path empty = Files.createFile(dir.resolve("empty.o"));
        Map<Path, String> want = Map.of(bad, "not an archive or an object file", text, "not an archive or an object file",
                empty, "empty file: not an archive or an object file");
        for (Map.Entry<Path, String> w : want.entrySet()) {
            List<Path> order = List.of(in.get(0), w.getKey(), in.get(2), in.get(3));
            for (String command : List.of("plan", "check", "symbols")) {
                Cli.Result r = Cli.run(cmd(order, command));
                assertEquals(3, r.exit(), command + " " + w.getKey() + ": " + r.err());
                assertEquals("linkdedup: " + w.getKey() + " at byte 0: " + w.getValue() + "\n", r.err(), command);
            }
        }
    }
}
