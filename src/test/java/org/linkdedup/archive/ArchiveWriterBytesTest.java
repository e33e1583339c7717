package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.linkdedup.testing.Fixtures;

/**
 * The writer's exact bytes for every flavor it writes, pinned by SHA-256: a change to the layout
 * (headers, name tables, index, padding) shows here even when the result still reads back. Each
 * committed archive is written whole with its own index names; again with every third member
 * dropped and the rest reversed, each indexed as {@code sym_<position>}; and with no member at
 * all. The hashes were taken from the writer as it was before the layout was made one function for
 * all kinds; the COFF ones when COFF was first written (a whole COFF archive hashes as its input:
 * the writer reproduces llvm-lib's and rustc's bytes).
 */
class ArchiveWriterBytesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "ar/gnu.a,                           ed623a3c, 31a31795, 658e27da",
        "ar/gnu-sym64.a,                     ed623a3c, 31a31795, 658e27da",
        "ar/gnu-noindex.a,                   7334fccb, 31a31795, f0a17a43",
        "ar/bsd.a,                           a2739f4d, a1019493, 6d44d508",
        "ar/bsd-sorted.a,                    5df2fe6b, a1019493, 6d44d508",
        "ar/bsd-noindex.a,                   9f035832, a1019493, f0a17a43",
        "ar/darwin-x86_64.a,                 81b607e7, 4bf3b3ff, 6d44d508",
        "ar/darwin-arm64.a,                  e93f6c9a, 599ca53d, 6d44d508",
        "ar/darwin-sym64.a,                  59b9d88d, f5dd31ff, 6d44d508",
        "ar/thin.a,                          e1f5b69e, 063bdcb3, 7aa623b3",
        "perry-mini/elf/libperry_stdlib.a,   6a5c9a2a, eea56684, 658e27da",
        "perry-mini/macho-arm64/libperry_stdlib.a, 38043170, 3770fea1, 6d44d508",
        // COFF: written whole, each is its input file (llvm-lib-19's, rustc's): df3b96d3, 7681ce5c
        "ar/coff.lib,                        df3b96d3, 5ee62266, f3f1ba33",
        "rustc/x86_64-pc-windows-msvc/perry_ext_http.lib, 7681ce5c, 26d65ec7, f3f1ba33",
    })
    void everyFlavorIsWrittenByteForByteAsBefore(String fixture, String whole, String trimmed, String none) throws Exception {
        Path src = Fixtures.small(fixture);
        if (fixture.equals("ar/thin.a")) {
            // A thin archive's paths are relative to the destination: copy it where both are known.
            Files.createDirectories(dir.resolve("src/thin"));
            PathUtils.copyDirectory(src.resolveSibling("thin"), dir.resolve("src/thin"));
            src = Files.copy(src, dir.resolve("src/thin.a"));
        }
        Archive a = ArchiveReader.open(src);
        List<List<String>> names = a.index().namesByMember(a.members().size());
        List<ArchiveWriter.Entry> all = new ArrayList<>();
        List<ArchiveWriter.Entry> some = new ArrayList<>();
        for (ArchiveMember m : a.members()) {
            all.add(new ArchiveWriter.Entry(m, names.get(m.position())));
            if (m.position() % 3 != 1) {
                some.add(new ArchiveWriter.Entry(m, List.of("sym_" + m.position())));
            }
        }
        Collections.reverse(some);
        assertEquals(whole + " " + trimmed + " " + none, sha256(a, all, dir.resolve("out/whole.a")) + " "
                + sha256(a, some, dir.resolve("out/trimmed.a")) + " " + sha256(a, List.of(), dir.resolve("out/none.a")),
                fixture + ": written whole; trimmed and reversed; with no member");
    }

    private static String sha256(Archive a, List<ArchiveWriter.Entry> entries, Path dest) throws Exception {
        ArchiveWriter.write(a, entries, dest);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dest));
        return HexFormat.of().formatHex(digest, 0, 4);
    }
}
