package org.linkdedup.output;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.io.StagedFiles;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.SymbolSource;
import org.linkdedup.testing.Fixtures;

class TrimmedArchivesTest {
    @TempDir
    Path dir;

    /**
     * testdata/small/bitcode/mixed-clang14.a holds llvm-as14.bc, bitcode without a symbol table: its
     * names in the written index can only come from the original index, and must stay as they were.
     */
    @Test
    void indexOnlyMemberKeepsItsOriginalIndexNames() throws Exception {
        Path in = Fixtures.small("bitcode/mixed-clang14.a");
        List<LoadedInput> inputs = new InputLoader().load(List.of(in));
        LoadedInput a = inputs.get(0);
        InputMember native0 = a.members().stream().filter(m -> "native.o".equals(m.name())).findFirst().orElseThrow();
        InputMember indexOnly = a.members().stream().filter(m -> "llvm-as14.bc".equals(m.name())).findFirst().orElseThrow();
        assertEquals(SymbolSource.INDEX_ONLY, indexOnly.source());
        List<String> original = a.archive().index().namesOf(indexOnly.id().position());
        assertFalse(original.isEmpty(), "the fixture's index lists llvm-as14.bc's names");

        Set<MemberId> dropped = Set.of(native0.id());
        Map<Integer, Path> dest = TrimmedArchives.destinations(inputs, dropped, dir, OutputGuard.reading(inputs, List.of()));
        TrimmedArchives.write(inputs, dropped, dest);

        Archive back = ArchiveReader.open(dest.get(0));
        ArchiveMember written = back.members().stream().filter(m -> m.name().equals("llvm-as14.bc")).findFirst().orElseThrow();
        assertEquals(a.members().size() - 1, back.members().size());
        assertEquals(original, back.index().namesOf(written.position()));
    }

    /** Staged into a caller's batch, a trimmed archive appears only when the batch commits, and not at all when it is closed first. */
    @Test
    void stagedArchivesAppearOnlyWhenTheCallersBatchCommits() throws Exception {
        List<LoadedInput> inputs = new InputLoader().load(List.of(Fixtures.small("bitcode/mixed-clang14.a")));
        Set<MemberId> dropped = Set.of(inputs.get(0).members().get(0).id());
        Map<Integer, Path> dest = TrimmedArchives.destinations(inputs, dropped, dir, OutputGuard.reading(inputs, List.of()));
        try (StagedFiles out = new StagedFiles()) {
            TrimmedArchives.stage(inputs, dropped, dest, out);
            assertFalse(Files.exists(dest.get(0)));
        }
        assertEquals(List.of(), list(dir), "closed without a commit: nothing written, nothing left");
        try (StagedFiles out = new StagedFiles()) {
            TrimmedArchives.stage(inputs, dropped, dest, out);
            out.commit();
        }
        assertEquals(List.of(dest.get(0).getFileName().toString()), list(dir));
        assertEquals(inputs.get(0).members().size() - 1, ArchiveReader.open(dest.get(0)).members().size());
    }

    private static List<String> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
