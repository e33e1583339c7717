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

    /** COFF objects are not read (yet): their names come from the .lib's own index, in its first linker member's order. */
    @Test
    void aMemberWhoseSymbolsAreNotReadKeepsItsIndexNames() throws Exception {
        LoadedInput in = new InputLoader().load(List.of(Fixtures.small("ar/coff.lib"))).get(0);
        assertEquals(2, in.members().size());
        for (InputMember m : in.members()) {
            assertEquals(SymbolSource.NONE, m.source(), m.name());
            assertEquals(List.of(), IndexNames.of(m), "nothing read from the member itself");
            List<String> names = IndexNames.of(m, in.archive());
            assertEquals(in.archive().index().namesOf(m.id().position()), names);
            String stem = m.name().substring(0, m.name().length() - ".obj".length());
            assertEquals(List.of(stem + "_func", stem + "_data"), names, m.name());
        }
    }
}
