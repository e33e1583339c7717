package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.archive.ArchiveWriter;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.objfile.SymbolSource;
import org.linkdedup.testing.Fixtures;

/** Which names the index of a written archive gives a kept member: its own symbols when read, else its archive's index. */
class IndexNamesTest {
    @TempDir
    Path dir;

    /**
     * An archive whose index says something else than its members' symbol tables: a member whose
     * symbols are read gets its own names (what a fresh index made by LLVM lists), not the stale index.
     */
    @Test
    void aMemberWhoseSymbolsAreReadIsIndexedByThem() throws Exception {
        Archive src = ArchiveReader.open(Fixtures.small("ar/gnu.a"));
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (ArchiveMember m : src.members()) {
            entries.add(new ArchiveWriter.Entry(m, List.of("stale_" + m.position())));
        }
        Path stale = dir.resolve("stale.a");
        ArchiveWriter.write(src, entries, stale);
        LoadedInput in = new InputLoader().load(List.of(stale)).get(0);
        InputMember a = in.members().stream().filter(m -> "a.o".equals(m.name())).findFirst().orElseThrow();
        assertEquals(SymbolSource.NATIVE, a.source());
        assertEquals(List.of("stale_" + a.id().position()), in.archive().index().namesOf(a.id().position()));
        assertEquals(List.of("member_a"), IndexNames.of(a, in.archive()));
    }

    /**
     * An object no reader here decodes (a WebAssembly object) is index-only: its names come from its
     * archive's own index, in the index's order; a member read natively beside it gets its own.
     */
    @Test
    void aMemberWhoseSymbolsAreNotReadKeepsItsIndexNames() throws Exception {
        Fixtures.requireTool("clang-19", "llvm-ar");
        java.nio.file.Files.writeString(dir.resolve("w.c"), "int w_fn(void) { return 1; }\nint w_data = 3;\n");
        Fixtures.run(dir, "clang-19", "--target=wasm32-unknown-unknown", "-c", "w.c", "-o", "w.o").assertOk();
        Fixtures.run(dir, "llvm-ar", "rcs", "w.a", "w.o").assertOk();
        LoadedInput in = new InputLoader().load(List.of(dir.resolve("w.a"))).get(0);
        InputMember m = in.members().get(0);
        assertEquals(SymbolSource.INDEX_ONLY, m.source());
        assertFalse(m.undefinedKnown());
        List<String> names = IndexNames.of(m, in.archive());
        assertEquals(in.archive().index().namesOf(0), names);
        assertEquals(List.of("w_fn", "w_data"), names);
    }
}
