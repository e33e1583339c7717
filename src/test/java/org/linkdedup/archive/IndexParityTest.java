package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linkdedup.testing.Fixtures;

/** The decoded symbol index of every flavor equals {@code llvm-nm --print-armap}'s "Archive map", in order. */
class IndexParityTest {

    private static List<String> ours(Path file) throws Exception {
        Archive a = ArchiveReader.open(file);
        List<String> out = new ArrayList<>();
        for (SymbolIndex.Entry e : a.index().entries()) {
            out.add(e.symbol() + " in " + a.members().get(e.member()).name());
        }
        return out;
    }

    /** The lines between "Archive map" and the first blank line. */
    static List<String> armap(String text) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : text.split("\n", -1)) {
            if (l.equals("Archive map")) {
                in = true;
            } else if (in && l.isEmpty()) {
                break;
            } else if (in) {
                out.add(l);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu.a", "gnu-sym64.a", "bsd.a", "bsd-sorted.a", "darwin-x86_64.a", "darwin-arm64.a",
        "darwin-sym64.a", "thin.a", "coff.lib", "coff-gnu.lib"})
    void committedArchivesOfEveryFlavor(String name) throws Exception {
        Path f = Fixtures.small("ar/" + name);
        List<String> want = armap(Files.readString(Fixtures.small("expected/ar/" + name + ".armap.txt")));
        assertFalse(want.isEmpty());
        assertEquals(want, ours(f));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu-noindex.a", "bsd-noindex.a"})
    void archivesWithoutIndex(String name) throws Exception {
        assertEquals(IndexKind.NONE, ArchiveReader.open(Fixtures.small("ar/" + name)).index().kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a"})
    void rustcArchives(String name) throws Exception {
        Fixtures.requireTool("llvm-nm");
        Path f = Fixtures.perry("default").resolve(name);
        Fixtures.ProcessResult r = Fixtures.run(f.getParent(), "llvm-nm", "--print-armap", "--no-llvm-bc", f.toString());
        List<String> want = armap(r.stdout());
        assertFalse(want.isEmpty());
        assertEquals(want, ours(f));
    }
}
