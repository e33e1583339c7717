package org.linkdedup.fuzz;

import org.linkdedup.error.UsageException;
import org.linkdedup.output.OutputGuard;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.archive.Archive;
import org.linkdedup.archive.ArchiveFlavor;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.archive.ArchiveReader;
import org.linkdedup.archive.ArchiveWriter;
import org.linkdedup.archive.SymbolIndex;
import org.linkdedup.io.ByteView;

/**
 * Write, then read: an archive read from the fuzz bytes (skipped when the reader rejects it) is
 * written again by {@link ArchiveWriter} with some of its
 * members — all of them, or a subset in source or reverse order chosen by the last input byte — each
 * with the names the source index gave it. The result must read back with those members (names,
 * sizes, bytes, a Darwin member padded to 8 bytes with newlines; a thin member's file) and exactly
 * that index (a COFF .lib's: each name once, for its first member, listed in member order by the
 * first linker member and sorted by the second); a thin archive whose member file is the output itself is refused by the output guard
 * before anything is written (and nothing else is). Any exception from the writer is a
 * finding (an archive the reader accepted must be writable), but one: a GNU or COFF name that needs
 * the {@code //} table and holds a newline or NUL, which that table cannot hold, and a COFF name
 * ending in {@code /}, which readers of that table disagree on.
 */
class ArchiveRoundTripFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void writeThenRead(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) throws IOException {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        Path in = Sandbox.dir().resolve("in.a");
        Path out = Sandbox.dir().resolve("out.a");
        Files.deleteIfExists(in);   // a new file each time: an earlier mapping never sees it change
        Files.write(in, data);
        ByteView view = ByteView.map(in);
        Archive[] read = new Archive[1];
        if (!ReaderContract.accepts(in.toString(), data.length, () -> read[0] = ArchiveReader.read(in, view))) {
            return;
        }
        Archive source = read[0];
        if (refusedAsItsOwnMember(in, source, out)) {
            return;
        }
        int selector = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
        List<ArchiveMember> kept = choose(source.members(), selector);
        List<List<String>> names = source.index().namesByMember(source.members().size());
        List<ArchiveWriter.Entry> entries = new ArrayList<>(kept.size());
        boolean coff = source.flavor() == ArchiveFlavor.COFF;
        List<SymbolIndex.Entry> expectedIndex = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (ArchiveMember m : kept) {
            for (String s : names.get(m.position())) {
                if (!coff || listed.add(s)) {
                    expectedIndex.add(new SymbolIndex.Entry(s, entries.size()));
                }
            }
            entries.add(new ArchiveWriter.Entry(m, names.get(m.position())));
        }
        List<SymbolIndex.Entry> expectedListing = List.copyOf(expectedIndex);
        if (coff) {
            expectedIndex.sort(Comparator.comparing(SymbolIndex.Entry::symbol));
        }

        try {
            ArchiveWriter.write(source, entries, out);
        } catch (IOException e) {
            // The refusals allowed: a GNU or COFF name that needs the // table but holds a newline or
            // NUL; a COFF name that ends in '/' (readers disagree on it in the // table).
            boolean unwritable = (gnu(source.flavor()) || coff) && kept.stream().map(ArchiveMember::name)
                    .anyMatch(n -> n.indexOf('\n') >= 0 || n.indexOf('\0') >= 0 || coff && n.endsWith("/"));
            if (unwritable && e.getMessage().contains("cannot be written in a " + (coff ? "COFF" : "GNU") + " archive")) {
                return;
            }
            throw e;
        }

        Archive back = ArchiveReader.open(out);
        check(back.isThin() == source.isThin(), "thin " + source.isThin() + " reads back as " + back.isThin());
        if (coff) {
            check(back.flavor() == ArchiveFlavor.COFF, "COFF archive reads back as " + back.flavor());
        } else if (!kept.isEmpty()) {
            check(gnu(back.flavor()) == gnu(source.flavor()), source.flavor() + " archive reads back as " + back.flavor());
        }
        check(back.members().size() == kept.size(), back.members().size() + " members read back, " + kept.size() + " written");
        for (int i = 0; i < kept.size(); i++) {
            ArchiveMember want = kept.get(i);
            ArchiveMember got = back.members().get(i);
            if (source.isThin()) {
                check(got.external().equals(want.external()), "thin member " + i + " names " + got.external()
                        + ", written for " + want.external());
            } else {
                check(got.name().equals(want.name()), "member " + i + " reads back as \"" + got.name()
                        + "\", written as \"" + want.name() + "\"");
                // A Darwin member is padded to 8 bytes with newlines that belong to it; others keep their size.
                long padded = source.flavor() == ArchiveFlavor.DARWIN ? (want.size() + 7) & ~7L : want.size();
                check(got.size() == padded, "member " + i + " size " + got.size() + ", written " + want.size());
                byte[] expected = Arrays.copyOf(bytes(source.data(want)), (int) padded);
                Arrays.fill(expected, (int) want.size(), (int) padded, (byte) '\n');
                check(Arrays.equals(bytes(back.data(got)), expected), "member " + i + " data differs");
            }
        }
        check(back.index().entries().equals(expectedIndex), "index reads back as " + back.index().entries()
                + ", written " + expectedIndex);
        check(back.index().listing().equals(expectedListing), "index lists " + back.index().listing()
                + ", written " + expectedListing);
    }

    /**
     * A thin archive whose member file is the output itself (issue 15): the run's output guard must
     * refuse to write it, and must refuse nothing else. True when it refused.
     */
    private static boolean refusedAsItsOwnMember(Path in, Archive source, Path out) {
        OutputGuard guard = new OutputGuard();
        guard.reads(in, "input " + in);
        boolean memberIsOutput = false;
        for (ArchiveMember m : source.members()) {
            if (m.isExternal()) {
                guard.reads(m.external(), "member " + m.name());
                memberIsOutput |= m.external().toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
            }
        }
        boolean refused;
        try {
            guard.writes(out, "the output", false);
            refused = false;
        } catch (UsageException e) {
            refused = true;
        }
        check(refused == memberIsOutput, memberIsOutput ? "a thin member that is the output was not refused"
                : "the output was refused though no member is it");
        return refused;
    }

    /** Every member; or every member but each third, from an offset the selector picks; reversed when its top bit is set. */
    static List<ArchiveMember> choose(List<ArchiveMember> members, int selector) {
        List<ArchiveMember> kept = new ArrayList<>();
        for (ArchiveMember m : members) {
            if ((selector & 3) == 0 || (m.position() + selector) % 3 != 0) {
                kept.add(m);
            }
        }
        if ((selector & 0x80) != 0) {
            Collections.reverse(kept);
        }
        return kept;
    }

    private static boolean gnu(ArchiveFlavor f) {
        return f == ArchiveFlavor.GNU;
    }

    private static byte[] bytes(ByteView v) {
        return v.bytes(0, (int) v.size());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("round trip: " + what);
        }
    }
}
