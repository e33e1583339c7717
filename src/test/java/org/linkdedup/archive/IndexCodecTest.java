package org.linkdedup.archive;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linkdedup.io.ByteView;

/** Each index kind the writer makes decodes back to what was encoded, and takes the size it says. */
class IndexCodecTest {
    /** Names of every length parity, a repeated one, bytes past 0x7F; members indexed out of order. */
    private static final List<SymbolIndex.Entry> ENTRIES = List.of(new SymbolIndex.Entry("main", 1),
            new SymbolIndex.Entry("_ZN4core3fmt5write17h", 0), new SymbolIndex.Entry("main", 2),
            new SymbolIndex.Entry("caf\u00e9", 0), new SymbolIndex.Entry("x", 2));

    private static SymbolIndex roundTrip(IndexKind kind, List<SymbolIndex.Entry> entries, long[] offsets) {
        byte[] bytes = IndexCodec.encode(new SymbolIndex(kind, entries), offsets);
        assertEquals(IndexCodec.size(kind, entries), bytes.length, kind + " size");
        Map<Long, Integer> memberAt = new HashMap<>();
        for (int i = 0; i < offsets.length; i++) {
            memberAt.put(offsets[i], i);
        }
        ByteView view = ByteView.of(bytes, "index");
        return switch (kind) {
            case GNU, GNU64 -> IndexCodec.decodeGnu(view, kind == IndexKind.GNU64, memberAt);
            case BSD, BSD64 -> IndexCodec.decodeBsd(view, kind == IndexKind.BSD64, memberAt);
            default -> throw new AssertionError(kind);
        };
    }

    @Test
    void gnuRoundTrip() {
        assertEquals(new SymbolIndex(IndexKind.GNU, ENTRIES), roundTrip(IndexKind.GNU, ENTRIES, new long[] {68, 200, 0xffff_fffeL}));
        assertEquals(0, IndexCodec.size(IndexKind.GNU, ENTRIES) % 2);
    }

    @Test
    void gnu64RoundTrip() {
        long[] past4GiB = {68, 0x1_0000_0000L, 0x7_0000_0002L};
        assertEquals(new SymbolIndex(IndexKind.GNU64, ENTRIES), roundTrip(IndexKind.GNU64, ENTRIES, past4GiB));
        assertEquals(0, IndexCodec.size(IndexKind.GNU64, ENTRIES) % 8);
    }

    @Test
    void bsdRoundTrip() {
        assertEquals(new SymbolIndex(IndexKind.BSD, ENTRIES), roundTrip(IndexKind.BSD, ENTRIES, new long[] {136, 200, 0xffff_fffeL}));
    }

    @Test
    void bsd64RoundTrip() {
        long[] past4GiB = {136, 0x1_0000_0000L, 0x7_0000_0002L};
        assertEquals(new SymbolIndex(IndexKind.BSD64, ENTRIES), roundTrip(IndexKind.BSD64, ENTRIES, past4GiB));
        assertEquals(0, IndexCodec.size(IndexKind.BSD64, ENTRIES) % 8);
    }

    @Test
    void emptyIndexesRoundTrip() {
        for (IndexKind kind : List.of(IndexKind.GNU, IndexKind.GNU64, IndexKind.BSD, IndexKind.BSD64)) {
            assertEquals(new SymbolIndex(kind, List.of()), roundTrip(kind, List.of(), new long[0]), kind.toString());
        }
        assertEquals(4, IndexCodec.size(IndexKind.GNU, List.of()));
        assertEquals(8, IndexCodec.size(IndexKind.BSD, List.of()));
    }

    @Test
    void a32BitIndexRefusesAnOffsetPast4GiB() {
        assertThrows(IllegalArgumentException.class, () -> IndexCodec.encode(new SymbolIndex(IndexKind.GNU, ENTRIES),
                new long[] {68, 0x1_0000_0000L, 300}));
    }
}
