package org.linkdedup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.archive.SymbolIndex;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFiles;

/**
 * The archive reader on arbitrary bytes (regular and thin archives of every flavor, symbol indexes,
 * long names), then every member as the link loader reads it: its data, then its object file.
 * Seeds: the archives of testdata/small (GNU, SYM64, BSD, sorted BSD, Darwin, thin, COFF, mixed
 * bitcode, rustc staticlibs, perry-mini).
 */
class ArchiveReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void archiveReader(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        Path path = Sandbox.dir().resolve("fuzz.a");
        String label = path.toString();
        Archive[] read = new Archive[1];
        if (!ReaderContract.accepts(label, data.length, () -> read[0] = ArchiveReader.read(path, ByteView.of(data, label)))) {
            return;
        }
        Archive a = read[0];
        checkShape(a, data.length);
        NameInterner names = new NameInterner();
        for (ArchiveMember m : a.members()) {
            if (m.isExternal() && !Sandbox.inside(m.external())) {
                continue;
            }
            // An inner member's errors name the archive; a thin member's name its own file (or the
            // archive, when that file cannot be opened).
            Map<String, Long> files = new HashMap<>();
            files.put(label, (long) data.length);
            if (m.isExternal()) {
                files.put(m.external().toString(), m.external().toFile().length());
            }
            ReaderContract.accepts(files, data.length, () -> {
                ByteView d = a.data(m);
                d.bytes(0, (int) d.size());
                ReaderContract.consume(ObjectFiles.read(d, names));
            });
        }
    }

    /** What an accepted archive promises: members in order inside the file, an index that names members. */
    static void checkShape(Archive a, long fileSize) {
        List<ArchiveMember> members = a.members();
        for (int i = 0; i < members.size(); i++) {
            ArchiveMember m = members.get(i);
            if (m.position() != i) {
                throw new AssertionError("member " + i + " has position " + m.position());
            }
            if (m.headerOffset() < 8 || m.dataOffset() < m.headerOffset() + 60 || m.size() < 0) {
                throw new AssertionError("member " + i + " has header " + m.headerOffset() + ", data " + m.dataOffset()
                        + ", size " + m.size());
            }
            if (!m.isExternal() && m.dataOffset() + m.size() > fileSize) {
                throw new AssertionError("member " + i + " ends at " + (m.dataOffset() + m.size()) + ", past " + fileSize);
            }
        }
        for (SymbolIndex.Entry e : a.index().entries()) {
            if (e.member() < 0 || e.member() >= members.size()) {
                throw new AssertionError("index entry " + e + " names no member (" + members.size() + ")");
            }
        }
        a.index().namesByMember(members.size());
    }
}
