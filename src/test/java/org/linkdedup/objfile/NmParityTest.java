package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/**
 * Issue 2's proof: for every member of real archives, our external defined names and undefined
 * names equal llvm-nm's ({@code -A --extern-only --defined-only} / {@code --undefined-only})
 * wherever llvm-nm 14 can read the member. Members it cannot read (rustc 1.95 ELF members that embed
 * LLVM 22 bitcode) are still read by us from their native symbol table, and equal what
 * {@code llvm-nm --no-llvm-bc} reads from that same table.
 */
@Toolchain
class NmParityTest {

    static Stream<Path> systemArchives() {
        return Stream.of(
                "/usr/lib/x86_64-linux-gnu/libc.a",
                "/usr/lib/x86_64-linux-gnu/libcrypto.a",
                "/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a",
                "/usr/lib/llvm-14/lib/libLLVMCore.a",
                "/usr/lib/llvm-14/lib/libLLVMSupport.a").map(Path::of);
    }

    static List<InputMember> read(Path file) throws IOException {
        return new InputLoader().load(List.of(file)).get(0).members();
    }

    /** Asserts parity; returns the number of members compared through {@code --no-llvm-bc}. */
    static int assertParity(Path file) throws IOException {
        Fixtures.requireTool("llvm-nm");
        if (!Files.exists(file)) {
            String msg = file + " is not installed";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg);
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        List<InputMember> members = read(file);
        NmOracle ours = NmOracle.ours(members, SymbolSource.NATIVE);
        NmOracle nm = NmOracle.run("llvm-nm", file);
        List<String> mismatches = new ArrayList<>(nm.compare(ours, m -> !nm.failed.contains(m)));
        if (!nm.failed.isEmpty()) {
            NmOracle native_ = NmOracle.run("llvm-nm", file, "--no-llvm-bc");
            mismatches.addAll(native_.compare(ours, nm.failed::contains));
        }
        for (String m : nm.byMember.keySet()) {
            if (!ours.byMember.containsKey(m) && !nm.byMember.get(m).defined().isEmpty()
                    && members.stream().noneMatch(x -> m.equals(x.name()) && x.source() == SymbolSource.BITCODE)) {
                mismatches.add(m + ": llvm-nm lists symbols, we read none");
            }
        }
        assertFalse(ours.byMember.isEmpty(), "no native member in " + file);
        assertEquals(List.of(), mismatches, file + ": mismatching members");
        return nm.failed.size();
    }

    @ParameterizedTest
    @MethodSource("systemArchives")
    void systemArchives(Path archive) throws IOException {
        assertEquals(0, assertParity(archive), "llvm-nm 14 reads every member of " + archive);
    }

    @Test
    void rustStdRlibMembersThatLlvmNm14CannotReadAreReadFromTheirNativeTable() throws IOException {
        Path libdir = Path.of(Fixtures.run(Fixtures.projectRoot(), "rustc", "--print", "target-libdir").assertOk().stdout().trim());
        Path std;
        try (Stream<Path> s = Files.list(libdir)) {
            std = s.filter(p -> p.getFileName().toString().matches("libstd-.*\\.rlib")).findFirst().orElseThrow();
        }
        int unreadable = assertParity(std);
        assertTrue(unreadable > 0, "llvm-nm 14 fails on the rustc 1.95 members of " + std);
        // And those members do have symbols: llvm-nm's silence is not emptiness.
        long withSymbols = read(std).stream().filter(m -> m.source() == SymbolSource.NATIVE && !m.symbols().isEmpty()).count();
        assertTrue(withSymbols >= unreadable, withSymbols + " members with symbols");
    }

    @ParameterizedTest
    @ValueSource(strings = {"libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a", "main.o"})
    void perryFixtures(String file) throws IOException {
        assertParity(Fixtures.perry("default").resolve(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu.a", "gnu-noindex.a", "gnu-sym64.a", "bsd.a", "bsd-noindex.a", "bsd-sorted.a",
        "darwin-x86_64.a", "darwin-arm64.a", "darwin-sym64.a", "thin.a"})
    void everyArchiveFlavor(String name) throws IOException {
        assertParity(Fixtures.small("ar/" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf/x86_64.o", "elf/i386.o", "elf/ppc32be.o", "elf/ppc64be.o", "macho/x86_64.o",
        "macho/arm64.o", "macho/i386.o"})
    void objectsOfEveryClassAndByteOrder(String name) throws IOException {
        assertParity(Fixtures.small(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf/xindex-x86_64.o.gz", "elf/xindex-i386.o.gz"})
    void moreThan65280SectionsUseShnXindex(String name) throws IOException {
        Path o = Fixtures.smallGunzipped(name);
        assertParity(o);
        assertTrue(read(o).get(0).symbols().stream().anyMatch(s -> s.name().equals("x_65279") && s.isDefined()),
                "a symbol defined in section 65282 (via SHT_SYMTAB_SHNDX)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "bsd", "darwin"})
    void archivesRewrittenByLlvmAr(String format, @TempDir Path dir) throws IOException {
        Fixtures.requireTool("llvm-ar");
        for (Path src : List.of(Path.of("/usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a"),
                Fixtures.perry("default").resolve("libperry_stdlib.a"))) {
            Path out = dir.resolve(format + "-" + src.getFileName());
            Files.writeString(dir.resolve("mri"), "create " + out + "\naddlib " + src + "\nsave\nend\n");
            Fixtures.ProcessResult r = Fixtures.run(dir, "sh", "-c", "llvm-ar --format=" + format + " -M < mri");
            r.assertOk();
            assertParity(out);
        }
    }

    @Test
    void thinArchiveOfPerryMembers(@TempDir Path dir) throws IOException {
        Fixtures.requireTool("llvm-ar");
        Path src = Fixtures.small("perry-mini/elf/libperry_ext_http.a");
        Fixtures.run(dir, "llvm-ar", "x", src.toString()).assertOk();
        List<String> cmd = new ArrayList<>(List.of("llvm-ar", "--thin", "rcs", "thin.a"));
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".o")).sorted().forEach(cmd::add);
        }
        Fixtures.run(dir, cmd.toArray(String[]::new)).assertOk();
        assertParity(dir.resolve("thin.a"));
    }
}
