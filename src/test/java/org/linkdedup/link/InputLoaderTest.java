package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.testing.Fixtures;

/**
 * {@link InputLoader}: identical members of one load are read once (perry-mini's wrapper bundles
 * byte-identical copies of the runtime archive's std and perry_runtime units, as real staticlibs
 * do), and the inputs read in parallel fail with the first failure in link order.
 */
class InputLoaderTest {
    private static final String RUNTIME_UNIT = "perry_runtime-1a2b3c.perry_runtime.1a2b3c-cgu.0.rcgu.o";
    private static final String STD_UNIT = "std-5b1d2e3f.std.e282a1b0-cgu.0.rcgu.o";

    private static List<Path> perryMini() {
        return List.of(Fixtures.small("perry-mini/elf/main.o"), Fixtures.small("perry-mini/elf/libperry_ext_http.a"),
                Fixtures.small("perry-mini/elf/libperry_stdlib.a"), Fixtures.small("perry-mini/elf/libperry_runtime.a"));
    }

    /** Every member of every input must be the same as when nothing is shared. */
    private static List<LoadedInput> load(List<Path> paths, boolean share) throws Exception {
        return new InputLoader(new NameInterner(), false, share, 0).load(paths);
    }

    private static InputMember member(LoadedInput in, String name) {
        return in.members().stream().filter(m -> name.equals(m.name())).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void identicalMembersShareOneReadAndEveryMemberReadsAsWithoutSharing() throws Exception {
        List<LoadedInput> shared = load(perryMini(), true);
        List<LoadedInput> alone = load(perryMini(), false);
        assertEquals(alone.size(), shared.size());
        for (int i = 0; i < alone.size(); i++) {
            // members are records: ids, names, what the reader made of them and the symbols, by value
            assertEquals(alone.get(i).members(), shared.get(i).members(), "sharing changes nothing anyone can see");
        }
        for (String unit : List.of(RUNTIME_UNIT, STD_UNIT)) {
            assertSame(member(shared.get(1), unit).object(), member(shared.get(3), unit).object(), unit + " read once");
            assertEquals(member(shared.get(1), unit).bytesKey(), member(shared.get(3), unit).bytesKey(), "the same bytes, one key");
            assertNotEquals(member(alone.get(1), unit).bytesKey(), member(alone.get(3), unit).bytesKey(),
                    "read apart, equal results are still two keys: only the loader knows the bytes are the same");
            assertNotSame(member(alone.get(1), unit).object(), member(alone.get(3), unit).object(), unit + " read twice");
            assertEquals(new MemberId(1, member(shared.get(1), unit).id().position()), member(shared.get(1), unit).id(),
                    "each copy keeps its own place in the link");
        }
        // the wrapper's own unit has no twin: read on its own
        assertFalse(member(shared.get(1), "perry_ext_http-9f8e.perry_ext_http.9f8e-cgu.0.rcgu.o").symbols().isEmpty());
    }

    @Test
    void aMemberOfTheSameLengthWithOtherBytesIsReadOnItsOwn(@TempDir Path dir) throws Exception {
        // A copy of the runtime archive whose perry_runtime unit has one byte of a symbol name changed:
        // same length, other bytes; it must not take the original's symbols.
        Path runtime = Fixtures.small("perry-mini/elf/libperry_runtime.a");
        byte[] bytes = Files.readAllBytes(runtime);
        ArchiveMember unit = archiveMember(runtime, RUNTIME_UNIT);
        String name = member(load(List.of(runtime), false).get(0), RUNTIME_UNIT).symbols().stream()
                .filter(Symbol::isDefined).map(Symbol::name).filter(n -> n.startsWith("js_")).findFirst().orElseThrow();
        int at = indexOf(bytes, (name + "\0").getBytes(StandardCharsets.ISO_8859_1), (int) unit.dataOffset(), (int) (unit.dataOffset() + unit.size()));
        assertTrue(at > 0, "the name is in the unit's string table");
        bytes[at] = (byte) (bytes[at] == 'j' ? 'k' : 'j');
        Path changed = dir.resolve("libperry_runtime.a");
        Files.write(changed, bytes);

        List<LoadedInput> in = load(List.of(runtime, changed), true);
        InputMember a = member(in.get(0), RUNTIME_UNIT);
        InputMember b = member(in.get(1), RUNTIME_UNIT);
        assertNotSame(a.object(), b.object());
        assertNotEquals(a.bytesKey(), b.bytesKey());
        String renamed = "k" + name.substring(1);
        assertTrue(a.symbols().stream().anyMatch(s -> s.name().equals(name)));
        assertTrue(b.symbols().stream().anyMatch(s -> s.name().equals(renamed)), "the changed copy reads its own name");
        assertFalse(b.symbols().stream().anyMatch(s -> s.name().equals(name)));
        // its std unit is still the same bytes as the original's
        assertSame(member(in.get(0), STD_UNIT).object(), member(in.get(1), STD_UNIT).object());
    }

    @Test
    void identicalMalformedMembersFailWithTheFirstInLinkOrder(@TempDir Path dir) throws Exception {
        // Two copies of the runtime archive with the same damage (the std unit's section header
        // table moved past its end): the error names the copy that comes first, whichever it is.
        Path runtime = Fixtures.small("perry-mini/elf/libperry_runtime.a");
        byte[] bytes = Files.readAllBytes(runtime);
        ArchiveMember std = archiveMember(runtime, STD_UNIT);
        int shoff = (int) std.dataOffset() + 0x28;   // e_shoff of an ELF64 header
        for (int k = 0; k < 8; k++) {
            bytes[shoff + k] = (byte) (k == 2 ? 1 : 0);   // 0x10000: past the member
        }
        Path first = dir.resolve("first.a");
        Path second = dir.resolve("second.a");
        Files.write(first, bytes);
        Files.write(second, bytes);
        for (List<Path> order : List.of(List.of(first, second), List.of(second, first))) {
            List<Path> paths = new ArrayList<>(order);
            InputFormatException e = assertThrows(InputFormatException.class, () -> load(paths, true));
            assertEquals(order.get(0).toString(), e.file(), e.getMessage());
            assertEquals(STD_UNIT, e.member(), e.getMessage());
        }
    }

    @Test
    void oneFileGivenTwiceThroughTwoPathsReadsAsItselfBothTimes(@TempDir Path dir) throws Exception {
        // A link line naming an archive twice (to resolve a cycle), once through a symbolic link.
        Path runtime = Files.copy(Fixtures.small("perry-mini/elf/libperry_runtime.a"), dir.resolve("libperry_runtime.a"));
        Path link = Files.createSymbolicLink(dir.resolve("again.a"), runtime);
        List<LoadedInput> in = load(List.of(runtime, Fixtures.small("perry-mini/elf/main.o"), link), true);
        assertEquals(link, in.get(2).path());
        for (int m = 0; m < in.get(0).members().size(); m++) {
            InputMember a = in.get(0).members().get(m);
            InputMember b = in.get(2).members().get(m);
            assertEquals(new MemberId(2, m), b.id());
            assertEquals(a.name(), b.name());
            assertEquals(a.symbols(), b.symbols());
            assertSame(a.object(), b.object(), a.name() + " read once");
        }
    }

    @Test
    void inputsReadInParallelFailWithTheFirstFailureInLinkOrder(@TempDir Path dir) throws Exception {
        Path notAnArchive = dir.resolve("notes.a");
        Files.writeString(notAnArchive, "not an archive\n");
        Path missing = dir.resolve("missing.a");
        Path good = Fixtures.small("perry-mini/elf/libperry_runtime.a");
        InputFormatException e = assertThrows(InputFormatException.class, () -> load(List.of(good, notAnArchive, missing), true));
        assertEquals(notAnArchive.toString(), e.file());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> load(List.of(good, missing, notAnArchive), true));
    }

    /** Member {@code name} of the archive {@code file}, as its container says (offsets, size). */
    @Test
    void theDigestOfEachSharedMemberIsKeptForTheCheckOfItsWrittenCopy() throws Exception {
        List<LoadedInput> in = load(perryMini(), true);
        int digested = 0;
        for (LoadedInput input : in.subList(1, 4)) {
            java.util.Map<Long, Long> lengths = new java.util.HashMap<>();
            in.stream().filter(LoadedInput::isArchive).flatMap(i -> i.archive().members().stream())
                    .forEach(m -> lengths.merge(m.size(), 1L, Long::sum));
            org.linkdedup.io.ByteView file = org.linkdedup.io.ByteView.map(input.path());
            for (ArchiveMember m : input.archive().members()) {
                java.util.OptionalLong d = input.digest(m.position());
                // digested: the members another member has the length of (what sharing looks at)
                assertEquals(lengths.get(m.size()) > 1, d.isPresent(), input.fileName() + "(" + m.name() + ")");
                if (d.isPresent()) {
                    digested++;
                    assertEquals(file.contentDigests(new long[] {m.dataOffset()}, new long[] {m.size()})[0], d.getAsLong(), m.name());
                }
            }
        }
        assertTrue(digested >= 4, "the runtime and std units, in two archives each: " + digested);
        assertTrue(load(perryMini(), false).stream().allMatch(i -> i.digests().isEmpty()), "nothing is digested without sharing");
    }

    @Test
    void aLinksIndexNamesAreTheSameObjectsAsTheSymbolNamesTheyName() throws Exception {
        int checked = 0;
        for (LoadedInput in : load(perryMini(), true).subList(1, 4)) {
            List<List<String>> byMember = in.archive().indexNamesByMember();
            for (InputMember m : in.members()) {
                for (String name : byMember.get(m.id().position())) {
                    Symbol s = m.symbols().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
                    assertSame(s.name(), name, "one object for " + name + " in " + m.display());
                    checked++;
                }
            }
        }
        assertTrue(checked > 10, checked + " index names");
    }

    private static ArchiveMember archiveMember(Path file, String name) throws Exception {
        return org.linkdedup.archive.ArchiveReader.open(file).members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
