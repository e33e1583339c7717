package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * COFF parity with llvm-nm-19 ({@code -A --extern-only --defined-only} / {@code --undefined-only}):
 * every member's external defined and undefined names, on objects and libraries made here and on
 * Debian's mingw-w64 libraries (static and import libraries). A handful of those in the fast suite,
 * every one of them under the {@code large} tag.
 */
@Toolchain
class CoffNmParityTest {
    private static final Path MINGW_LIB = Path.of("/usr/x86_64-w64-mingw32/lib");

    /** Members and symbols compared, for the report of a sweep. */
    record Counts(int members, long symbols) {
    }

    static Counts assertParity(Path file) throws IOException {
        List<String> mismatches = new ArrayList<>();
        Counts c = compare(file, mismatches);
        assertFalse(c.members() == 0, "no COFF member in " + file);
        assertEquals(List.of(), mismatches, file + ": mismatching members");
        return c;
    }

    /** Adds to {@code mismatches} where we and llvm-nm-19 differ on {@code file}; returns what was compared. */
    static Counts compare(Path file, List<String> mismatches) throws IOException {
        Fixtures.requireTool("llvm-nm-19");
        if (!Files.exists(file)) {
            String msg = file + " is not installed";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        List<InputMember> members = new InputLoader().load(List.of(file)).get(0).members();
        NmOracle ours = NmOracle.ours(members, SymbolSource.NATIVE);
        NmOracle nm = NmOracle.run("llvm-nm-19", file);
        assertEquals(java.util.Set.of(), nm.failed, "llvm-nm-19 fails on members of " + file);
        int before = mismatches.size();
        mismatches.addAll(nm.compare(ours, m -> true));
        for (String m : nm.byMember.keySet()) {
            if (!ours.byMember.containsKey(m) && !(nm.byMember.get(m).defined().isEmpty() && nm.byMember.get(m).undefined().isEmpty())) {
                mismatches.add(file + "(" + m + "): llvm-nm lists symbols, we read none");
            }
        }
        for (InputMember m : members) {
            assertNotEquals(SymbolSource.INDEX_ONLY, m.source(), m.display() + " left unread: " + m.object().description());
        }
        for (int i = before; i < mismatches.size(); i++) {
            if (!mismatches.get(i).startsWith(file.toString())) {
                mismatches.set(i, file + "(" + mismatches.get(i) + ")");
            }
        }
        long symbols = ours.byMember.values().stream().mapToLong(n -> n.defined().size() + n.undefined().size()).sum();
        return new Counts(ours.byMember.size(), symbols);
    }

    @Test
    void fixtures(@TempDir Path dir) throws IOException {
        int members = 0;
        for (Path p : CoffFixtures.all(dir)) {
            members += assertParity(p).members();
        }
        assertTrue(members >= 20, members + " members compared");
    }

    @ParameterizedTest
    @ValueSource(strings = {"libmingwex.a", "libkernel32.a", "libmsvcrt.a", "libmingw32.a", "libws2_32.a"})
    void mingwLibraries(String name) throws IOException {
        Counts c = assertParity(MINGW_LIB.resolve(name));
        assertTrue(c.members() > 30 && c.symbols() > 150, c.toString());
    }

    @Test
    @Tag("large")
    void everyMingwLibrary() throws IOException {
        List<Path> libs;
        try (Stream<Path> s = Files.list(MINGW_LIB)) {
            libs = s.filter(p -> p.getFileName().toString().endsWith(".a")).sorted().toList();
        }
        assertTrue(libs.size() > 100, libs.size() + " libraries");
        int members = 0;
        long symbols = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path lib : libs) {
            Counts c = compare(lib, mismatches);
            members += c.members();
            symbols += c.symbols();
        }
        assertEquals(List.of(), mismatches);
        assertTrue(members > 10000, members + " members");
        System.err.println("CoffNmParityTest: " + libs.size() + " libraries, " + members + " members, " + symbols + " symbols, 0 mismatches");
    }
}
