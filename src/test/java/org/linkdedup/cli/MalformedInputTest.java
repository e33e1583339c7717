package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.linkdedup.testing.Fixtures;

/**
 * The malformed-input corpus of testdata/malformed (made by its make.py): `linkdedup symbols FILE`
 * exits with status 3, prints nothing on stdout and exactly the line of FILE.expected on stderr —
 * no stack trace. Paths are given relative to the project root, surefire's working directory, as
 * the expected lines were written. The valid originals the cases were made from read with status 0.
 */
class MalformedInputTest {
    private static final String DIR = "testdata/malformed";

    record Result(int status, String out, String err) {
    }

    private static Result symbols(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = Stream.concat(Stream.of("symbols"), Stream.of(args)).toArray(String[]::new);
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), argv);
        return new Result(status, out.toString(), err.toString());
    }

    private static List<String> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.projectRoot().resolve(dir))) {
            return s.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".expected") && !n.equals("make.py") && !n.equals("README.md"))
                    .sorted()
                    .toList();
        }
    }

    static List<String> malformed() throws IOException {
        return files(DIR);
    }

    static List<String> valid() throws IOException {
        return files(DIR + "/valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectedWithStatus3AndOneLine(String name) throws IOException {
        Path root = Fixtures.projectRoot();
        String expected = Files.readString(root.resolve(DIR).resolve(name + ".expected"), StandardCharsets.ISO_8859_1);
        Result r = symbols(DIR + "/" + name);
        assertEquals(expected, r.err(), "stderr");
        assertEquals(3, r.status(), "exit status");
        assertEquals("", r.out(), "stdout");
        assertEquals(1, r.err().lines().count(), "one line, no stack trace");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theValidOriginalsRead(String name) {
        Result r = symbols(DIR + "/valid/" + name);
        assertEquals("", r.err(), "stderr");
        assertEquals(0, r.status(), "exit status");
        assertFalse(r.out().isEmpty(), "stdout lists symbols");
    }

    @Test
    void everyCaseHasItsExpectedLineAndIsSmall() throws IOException {
        Path dir = Fixtures.projectRoot().resolve(DIR);
        List<String> cases = malformed();
        assertTrue(cases.size() >= 30, "corpus of " + cases.size());
        for (String name : cases) {
            assertTrue(Files.exists(dir.resolve(name + ".expected")), name + " has no .expected");
            assertTrue(Files.size(dir.resolve(name)) <= 1024, name + " is larger than 1 KiB");
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".expected")).toList()) {
                String input = p.getFileName().toString().replaceFirst("\\.expected$", "");
                assertTrue(cases.contains(input), p + " has no input");
            }
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result r = symbols("-v", DIR + "/elf-e_shoff-past-member.a");
        assertEquals(3, r.status());
        assertTrue(r.err().startsWith("linkdedup: " + DIR + "/elf-e_shoff-past-member.a(obj.o) at byte 108: "), r.err());
        assertTrue(r.err().contains("\tat org.linkdedup.objfile.ElfReader"), r.err());
    }
}
