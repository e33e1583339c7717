package org.linkdedup.objfile.bitcode;

import static org.junit.jupiter.api.Assertions.*;
import static org.linkdedup.objfile.bitcode.BitWriter.*;

import org.junit.jupiter.api.Test;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.bitcode.Abbrev.Encoding;
import org.linkdedup.objfile.bitcode.BitstreamCursor.Entry;
import org.linkdedup.objfile.bitcode.BitstreamCursor.Kind;

class BitstreamCursorTest {

    private static BitstreamCursor cursor(BitWriter w, long startByte) {
        return new BitstreamCursor(ByteView.of(w.toByteArray(), "t.bc"), startByte);
    }

    private static BitstreamCursor cursor(BitWriter w) {
        return cursor(w, 4);
    }

    private static void assertError(String expected, Runnable action) {
        InputFormatException e = assertThrows(InputFormatException.class, action::run);
        assertEquals(expected, e.getMessage());
    }

    private static Entry next(BitstreamCursor c, Kind kind) {
        Entry e = c.advance();
        assertEquals(kind, e.kind(), e.toString());
        return e;
    }

    private static int char6(char ch) {
        if (ch >= 'a' && ch <= 'z') {
            return ch - 'a';
        }
        if (ch >= 'A' && ch <= 'Z') {
            return ch - 'A' + 26;
        }
        if (ch >= '0' && ch <= '9') {
            return ch - '0' + 52;
        }
        return ch == '.' ? 62 : 63;
    }

    @Test
    void readsFixedAndVbrFieldsLeastSignificantBitFirstAcrossBytes() {
        BitWriter w = new BitWriter().fixed(5, 3).fixed(0x1ff, 9).vbr(1000, 6).fixed(0xdeadbeefL, 32)
                .vbr(-1L, 8).fixed(0, 64);
        BitstreamCursor c = cursor(w, 0);
        assertEquals(5, c.read(3, "f"));
        assertEquals(0x1ff, c.read(9, "f"));
        assertEquals(1000, c.readVbr(6, "v"));
        assertEquals(0xdeadbeefL, c.read(32, "f"));
        assertEquals(-1L, c.readVbr(8, "v"));
        assertEquals(0, c.read(64, "f"));
        assertError("t.bc at byte 25: f of 1 bits runs past the end of the stream", () -> c.read(1, "f"));
    }

    @Test
    void vbrWiderThan64BitsIsAnError() {
        BitWriter w = new BitWriter().bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        assertError("t.bc at byte 0: operand is a VBR value wider than 64 bits",
                () -> cursor(w, 0).readVbr(8, "operand"));
    }

    @Test
    void readsAbbreviatedChar6ArrayAndUnabbreviatedRecords() {
        BitWriter w = stream().enterBlock(13, 5)
                .defineAbbrev(literal(1), op(Encoding.ARRAY), op(Encoding.CHAR6))
                .defineAbbrev(fixedOp(3), vbrOp(6), op(Encoding.ARRAY), fixedOp(8));
        w.abbrevId(4).vbr(5, 6);
        for (char ch : "aZ9._".toCharArray()) {
            w.fixed(char6(ch), 6);
        }
        w.abbrevId(5).fixed(6, 3).vbr(300, 6).vbr(3, 6).fixed(1, 8).fixed(2, 8).fixed(255, 8)
                .unabbrevRecord(9, 1, 2, 3)
                .unabbrevRecord(10, 4000, 5)
                .endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertEquals(1, c.depth());
        ByteView view = ByteView.of(w.toByteArray(), "t.bc");
        assertEquals("aZ9._", c.readRecord(next(c, Kind.RECORD), code -> true).text(view));
        Record r = c.readRecord(next(c, Kind.RECORD), code -> true);
        assertEquals(6, r.code());
        assertArrayEquals(new long[] {300, 1, 2, 255}, r.operands());
        Record skipped = c.readRecord(next(c, Kind.RECORD), code -> false);
        assertEquals(9, skipped.code());
        assertArrayEquals(new long[0], skipped.operands());
        Record kept = c.readRecord(next(c, Kind.RECORD), code -> code == 10);
        assertArrayEquals(new long[] {4000, 5}, kept.operands());
        next(c, Kind.END_BLOCK);
        assertEquals(0, c.depth());
    }

    @Test
    void readsBlobAsViewOfTheStream() {
        byte[] data = {10, 20, 30, 40, 50};
        BitWriter w = stream().blobBlock(25, 1, data);
        int dataAt = w.lastBlobOffset();
        w.blobBlock(23, 1, new byte[] {7});
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Record r = c.readRecord(next(c, Kind.RECORD), code -> true);
        assertEquals(1, r.code());
        assertArrayEquals(data, r.blob().bytes(0, data.length));
        assertEquals(dataAt, r.blob().fileOffset(0));
        next(c, Kind.END_BLOCK);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertArrayEquals(new byte[] {7}, c.readRecord(next(c, Kind.RECORD), code -> true).blob().bytes(0, 1));
    }

    @Test
    void blockInfoAbbreviationsComeFirstInTheBlocksTheyName() {
        BitWriter w = stream().enterBlock(0, 2)
                .unabbrevRecord(BitCodes.BLOCKINFO_CODE_SETBID, 13)
                .defineAbbrev(literal(1), op(Encoding.ARRAY), fixedOp(8))
                .endBlock()
                .enterBlock(13, 4).defineAbbrev(literal(2), vbrOp(6));
        w.abbrevId(4).vbr(3, 6).fixed('h', 8).fixed('i', 8).fixed('!', 8)
                .abbrevId(5).vbr(77, 6)
                .endBlock();
        BitstreamCursor c = cursor(w);
        c.readBlockInfo(next(c, Kind.SUBBLOCK).block());
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertEquals("hi!", c.readRecord(next(c, Kind.RECORD), code -> true).text(ByteView.of(w.toByteArray(), "t.bc")));
        Record local = c.readRecord(next(c, Kind.RECORD), code -> true);
        assertEquals(2, local.code());
        assertArrayEquals(new long[] {77}, local.operands());
        next(c, Kind.END_BLOCK);
    }

    @Test
    void skipsABlockByItsDeclaredLengthWithoutReadingIt() {
        BitWriter w = stream().enterBlock(8, 3);
        w.abbrevId(7).bytes(0xff, 0xff, 0xff, 0xff);  // garbage: undefined abbreviation id 7
        w.endBlock().unabbrevRecord(4, 1);
        BitstreamCursor c = cursor(w);
        c.skip(next(c, Kind.SUBBLOCK).block());
        assertEquals(4, c.readRecord(next(c, Kind.RECORD), code -> true).code());
    }

    // ---- malformed streams ----------------------------------------------------------------------

    @Test
    void abbreviationIdNeverDefined() {
        BitWriter w = stream().enterBlock(13, 3);
        int at = w.byteOffset();
        w.abbrevId(4).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": abbreviation id 4 is not defined in block 13 (none defined)", c::advance);
    }

    @Test
    void abbreviationIdPastTheDefinedOnes() {
        BitWriter w = stream().enterBlock(13, 3).defineAbbrev(literal(1), fixedOp(4));
        int at = w.byteOffset();
        w.abbrevId(5).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": abbreviation id 5 is not defined in block 13 (ids 4 to 4 defined)", c::advance);
    }

    @Test
    void blockInfoAbbreviationsDoNotApplyToOtherBlocks() {
        BitWriter w = stream().enterBlock(0, 2)
                .unabbrevRecord(BitCodes.BLOCKINFO_CODE_SETBID, 13).defineAbbrev(literal(1), fixedOp(4))
                .endBlock().enterBlock(14, 3);
        int at = w.byteOffset();
        w.abbrevId(4).fixed(0, 4).endBlock();
        BitstreamCursor c = cursor(w);
        c.readBlockInfo(next(c, Kind.SUBBLOCK).block());
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": abbreviation id 4 is not defined in block 14 (none defined)", c::advance);
    }

    @Test
    void blocksNestedPastTheLimit() {
        BitWriter w = stream();
        int[] at = new int[BitstreamCursor.MAX_DEPTH + 1];
        for (int i = 0; i < at.length; i++) {
            at[i] = w.byteOffset();
            w.enterBlock(9, 2);
        }
        for (int i = 0; i < at.length; i++) {
            w.endBlock();
        }
        BitstreamCursor c = cursor(w);
        for (int i = 0; i < BitstreamCursor.MAX_DEPTH; i++) {
            c.enter(next(c, Kind.SUBBLOCK).block());
        }
        assertEquals(BitstreamCursor.MAX_DEPTH, c.depth());
        BitstreamCursor.Block deepest = next(c, Kind.SUBBLOCK).block();
        assertError("t.bc at byte " + at[BitstreamCursor.MAX_DEPTH] + ": block 9 is nested deeper than 64 blocks",
                () -> c.enter(deepest));
    }

    @Test
    void blockLengthPastTheEnd() {
        BitWriter w = stream().blockHeader(8, 3, 1000).bytes(0, 0, 0, 0);
        assertError("t.bc at byte 8: block 8 of 1000 words runs past the end of the stream (4 bytes left)",
                () -> cursor(w).advance());
    }

    @Test
    void nestedBlockLengthPastItsParent() {
        BitWriter w = stream().enterBlock(13, 3).blockHeader(8, 3, 2).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte 16: block 8 of 2 words runs past the end of block 13 (4 bytes left)", c::advance);
    }

    @Test
    void readingPastTheEndOfABlockWithoutEndBlock() {
        BitWriter w = stream().blockHeader(13, 3, 0).bytes(0, 0, 0, 0);
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte 12: abbreviation id of 3 bits runs past the end of block 13", c::advance);
    }

    @Test
    void truncatedBlob() {
        BitWriter w = stream().enterBlock(25, 3).defineAbbrev(literal(1), op(Encoding.BLOB)).abbrevId(4);
        int at = w.byteOffset();
        w.vbr(100, 6).align32().bytes(1, 2, 3, 4).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Entry e = next(c, Kind.RECORD);
        assertError("t.bc at byte " + at + ": blob of 100 bytes runs past the end of block 25 (8 bytes left)",
                () -> c.readRecord(e, code -> true));
    }

    @Test
    void arrayLongerThanTheBlock() {
        BitWriter w = stream().enterBlock(13, 3).defineAbbrev(literal(1), op(Encoding.ARRAY), fixedOp(8)).abbrevId(4);
        int at = w.byteOffset();
        w.vbr(1000, 6).bytes(1, 2).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Entry e = next(c, Kind.RECORD);
        assertError("t.bc at byte " + at + ": array of 1000 elements runs past the end of block 13 (2 bytes left)",
                () -> c.readRecord(e, code -> false));
    }

    @Test
    void unabbreviatedRecordWithMoreOperandsThanBitsLeft() {
        BitWriter w = stream().enterBlock(13, 3).abbrevId(BitCodes.UNABBREV_RECORD).vbr(1, 6);
        int at = w.byteOffset();
        w.vbr(500, 6).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Entry e = next(c, Kind.RECORD);
        assertError("t.bc at byte " + at + ": record 1 of 500 operands runs past the end of block 13 (1 bytes left)",
                () -> c.readRecord(e, code -> true));
    }

    @Test
    void endBlockAtTopLevel() {
        BitWriter w = stream().abbrevId(BitCodes.END_BLOCK).bytes(0, 0, 0, 0);
        assertError("t.bc at byte 4: END_BLOCK at the top level of the stream", () -> cursor(w).advance());
    }

    @Test
    void abbreviationIdWidthOutOfRange() {
        BitWriter w = stream().abbrevId(BitCodes.ENTER_SUBBLOCK).vbr(13, 8).vbr(0, 4).align32().fixed(1, 32).fixed(0, 32);
        assertError("t.bc at byte 5: block 13 declares abbreviation id width 0 (1 to 32 allowed)", () -> cursor(w).advance());
    }

    @Test
    void defineAbbrevInBlockInfoBeforeSetBid() {
        BitWriter w = stream().enterBlock(0, 2);
        int at = w.byteOffset();
        w.defineAbbrev(literal(1)).endBlock();
        BitstreamCursor c = cursor(w);
        BitstreamCursor.Block info = next(c, Kind.SUBBLOCK).block();
        assertError("t.bc at byte " + at + ": DEFINE_ABBREV in BLOCKINFO before any SETBID record", () -> c.readBlockInfo(info));
    }

    @Test
    void abbreviationShapesLlvmRejects() {
        BitWriter blobFirst = stream().enterBlock(13, 3);
        int at = blobFirst.byteOffset();
        blobFirst.defineAbbrev(op(Encoding.BLOB)).endBlock();
        BitstreamCursor c1 = cursor(blobFirst);
        c1.enter(next(c1, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": abbreviation starts with an array or a blob instead of the record code", c1::advance);

        BitWriter arrayOfBlobs = stream().enterBlock(13, 3);
        arrayOfBlobs.defineAbbrev(literal(1), op(Encoding.ARRAY), op(Encoding.BLOB)).endBlock();
        BitstreamCursor c2 = cursor(arrayOfBlobs);
        c2.enter(next(c2, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": array element in abbreviation operand 2 is BLOB, not fixed, VBR or char6", c2::advance);

        BitWriter wide = stream().enterBlock(13, 3);
        wide.defineAbbrev(literal(1), fixedOp(33)).endBlock();
        BitstreamCursor c3 = cursor(wide);
        c3.enter(next(c3, Kind.SUBBLOCK).block());
        assertError("t.bc at byte 14: fixed field of width 33 in abbreviation operand 1 (1 to 32 allowed)", c3::advance);
    }

    // Counts and lengths are VBRs of up to 64 unsigned bits: a value past 2^63 is a negative long.

    @Test
    void abbreviationOperandCountPast2To63() {  // fuzzing: new ArrayList<>(-5), IllegalArgumentException
        BitWriter w = stream().enterBlock(13, 3);
        int at = w.byteOffset();
        w.abbrevId(BitCodes.DEFINE_ABBREV).vbr(-5L, 5).fixed(0, 32).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        assertError("t.bc at byte " + at + ": DEFINE_ABBREV of 18446744073709551611 operands runs past the end of block 13",
                c::advance);
    }

    @Test
    void operandCountPast2To63() {  // kept: new long[-1], NegativeArraySizeException
        BitWriter w = stream().enterBlock(13, 3).abbrevId(BitCodes.UNABBREV_RECORD).vbr(1, 6);
        int at = w.byteOffset();
        w.vbr(-1L, 6).fixed(0, 32).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Entry e = next(c, Kind.RECORD);
        assertError("t.bc at byte " + at + ": record 1 of 18446744073709551615 operands runs past the end of block 13 (5 bytes left)",
                () -> c.readRecord(e, code -> true));
    }

    @Test
    void blobLengthPast2To63() {  // not kept: the cursor stepped 8 bytes back and could read the same record forever
        BitWriter w = stream().enterBlock(25, 3).defineAbbrev(literal(1), op(Encoding.BLOB)).abbrevId(4);
        int at = w.byteOffset();
        w.vbr(-8L, 6).align32().bytes(1, 2, 3, 4).endBlock();
        BitstreamCursor c = cursor(w);
        c.enter(next(c, Kind.SUBBLOCK).block());
        Entry e = next(c, Kind.RECORD);
        assertError("t.bc at byte " + at + ": blob of 18446744073709551608 bytes runs past the end of block 25 (8 bytes left)",
                () -> c.readRecord(e, code -> false));
    }
}
