package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.io.ByteView;

/**
 * The layout of archives too large to write in a test: it never reads member data, so members of
 * gigabytes cost nothing. A 32-bit index is kept while every member header lies within 4 GiB and
 * replaced by a 64-bit one, for the whole layout, as soon as one does not.
 */
class ArchiveLayoutTest {
    private static final long GIB = 1L << 30;

    /** A source archive of {@code flavor} whose members have {@code sizes}, each indexed as {@code s<i>}. */
    private static ArchiveLayout layout(ArchiveFlavor flavor, long... sizes) throws Exception {
        List<ArchiveMember> members = new ArrayList<>();
        List<ArchiveWriter.Entry> entries = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            ArchiveMember m = new ArchiveMember(i, "m" + i + ".o", 0, 0, sizes[i], "0", "0", "0", "644", null);
            members.add(m);
            entries.add(new ArchiveWriter.Entry(m, List.of("s" + i)));
        }
        Archive source = new Archive(Path.of("in.a"), null, flavor, false, members, SymbolIndex.none());
        return ArchiveLayout.of(source, entries, Path.of("out").toAbsolutePath());
    }

    /** The index the layout's prefix holds, decoded as a reader would. */
    private static SymbolIndex decodedIndex(ArchiveLayout l) {
        ByteBuffer prefix = l.prefix();
        byte[] bytes = new byte[prefix.remaining()];
        prefix.get(bytes);
        ByteView view = ByteView.of(bytes, "prefix");
        Map<Long, Integer> memberAt = new HashMap<>();
        for (int i = 0; i < l.members().size(); i++) {
            memberAt.put(l.members().get(i).headerOffset(), i);
        }
        String name = view.string(8, 16).trim();
        long nameLen = name.startsWith("#1/") ? Long.parseLong(name.substring(3)) : 0;
        long size = Long.parseLong(view.string(8 + 48, 10).trim()) - nameLen;
        ByteView data = view.slice(8 + 60 + nameLen, size);
        boolean bsd = l.kind().bsdLike();
        return bsd ? IndexCodec.decodeBsd(data, l.kind().index64(), memberAt) : IndexCodec.decodeGnu(data, l.kind().index64(), memberAt);
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFlavor.class, names = {"GNU", "BSD", "DARWIN"})
    void aMemberHeaderPast4GiBSwitchesTheWholeLayoutTo64BitOffsets(ArchiveFlavor flavor) throws Exception {
        ArchiveLayout small = layout(flavor, 3 * GIB, 5, 7);
        assertFalse(small.kind().index64());
        assertEquals(flavor == ArchiveFlavor.GNU ? IndexKind.GNU : IndexKind.BSD, small.index().kind());

        ArchiveLayout big = layout(flavor, 3 * GIB, 2 * GIB, 7);
        assertTrue(big.kind().index64());
        assertEquals(flavor == ArchiveFlavor.GNU ? IndexKind.GNU64 : IndexKind.BSD64, big.index().kind());
        assertTrue(big.members().get(2).headerOffset() > 0xffffffffL);
        assertEquals(big.index(), decodedIndex(big), "the prefix holds the index the layout says, pointing past 4 GiB");
        for (ArchiveLayout.Placed p : big.members()) {
            long dataAt = p.headerOffset() + p.header().remaining();
            assertEquals(0, dataAt % (flavor == ArchiveFlavor.GNU ? 2 : 8), "member data aligned as the kind says");
        }
    }

    @Test
    void theLayoutCannotBeChangedByItsReaders() throws Exception {
        ArchiveLayout l = layout(ArchiveFlavor.GNU, 3, 4);
        ByteBuffer prefix = l.prefix();
        assertTrue(prefix.isReadOnly());
        assertTrue(l.members().get(0).header().isReadOnly());
        prefix.position(prefix.limit());
        l.members().get(0).header().get(new byte[10]);
        assertEquals(0, l.prefix().position(), "each caller gets the bytes from their start");
        assertEquals(60, l.members().get(0).header().remaining());
        assertThrows(UnsupportedOperationException.class, () -> l.members().clear());
    }
}
