package org.linkdedup.objfile.bitcode;

import static org.linkdedup.objfile.bitcode.BitCodes.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.linkdedup.objfile.bitcode.Abbrev.Op;

/**
 * Test-only LLVM bitstream writer: fixed and VBR fields least significant bit first, blocks with
 * back-patched lengths, abbreviation definitions, unabbreviated and blob records. It writes
 * whatever it is told, so tests can also write malformed streams.
 */
public final class BitWriter {
    private byte[] buf = new byte[256];
    private long bit;
    private int abbrevWidth = TOP_LEVEL_ABBREV_WIDTH;
    private int lastBlobOffset = -1;
    /** Per open block: byte offset of its length word, and the enclosing abbreviation width. */
    private final Deque<long[]> open = new ArrayDeque<>();

    /** A stream starting with the {@code BC 0xC0DE} magic. */
    public static BitWriter stream() {
        return new BitWriter().bytes('B', 'C', 0xC0, 0xDE);
    }

    public long bitPosition() {
        return bit;
    }

    /** The byte the next field starts in. */
    public int byteOffset() {
        return (int) (bit >>> 3);
    }

    public BitWriter fixed(long value, int width) {
        for (int i = 0; i < width; i++, bit++) {
            if ((bit >>> 3) >= buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            if ((value >>> i & 1) != 0) {
                buf[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        return this;
    }

    public BitWriter vbr(long value, int width) {
        long high = 1L << (width - 1);
        while (Long.compareUnsigned(value, high) >= 0) {
            fixed(value & (high - 1) | high, width);
            value >>>= width - 1;
        }
        return fixed(value, width);
    }

    public BitWriter align32() {
        while ((bit & 31) != 0) {
            fixed(0, 1);
        }
        return this;
    }

    public BitWriter bytes(int... values) {
        for (int v : values) {
            fixed(v, 8);
        }
        return this;
    }

    public BitWriter bytes(byte[] values) {
        for (byte v : values) {
            fixed(v & 0xff, 8);
        }
        return this;
    }

    /** An abbreviation id in the current width. */
    public BitWriter abbrevId(long id) {
        return fixed(id, abbrevWidth);
    }

    public BitWriter enterBlock(long id, int newAbbrevWidth) {
        abbrevId(ENTER_SUBBLOCK).vbr(id, 8).vbr(newAbbrevWidth, 4).align32();
        open.push(new long[] {byteOffset(), abbrevWidth});
        abbrevWidth = newAbbrevWidth;
        return fixed(0, 32);
    }

    /** A block header declaring {@code words} words, left open: for blocks whose length must lie. */
    public BitWriter blockHeader(long id, int newAbbrevWidth, long words) {
        abbrevId(ENTER_SUBBLOCK).vbr(id, 8).vbr(newAbbrevWidth, 4).align32().fixed(words, 32);
        abbrevWidth = newAbbrevWidth;
        return this;
    }

    public BitWriter endBlock() {
        abbrevId(END_BLOCK).align32();
        long[] block = open.pop();
        int lengthAt = (int) block[0];
        long words = (bit - (lengthAt + 4) * 8L) / 32;
        for (int k = 0; k < 4; k++) {
            buf[lengthAt + k] = (byte) (words >>> (8 * k));
        }
        abbrevWidth = (int) block[1];
        return this;
    }

    public BitWriter unabbrevRecord(long code, long... ops) {
        abbrevId(UNABBREV_RECORD).vbr(code, 6).vbr(ops.length, 6);
        for (long op : ops) {
            vbr(op, 6);
        }
        return this;
    }

    public BitWriter defineAbbrev(Op... ops) {
        abbrevId(DEFINE_ABBREV).vbr(ops.length, 5);
        for (Op op : ops) {
            switch (op.encoding()) {
                case LITERAL -> fixed(1, 1).vbr(op.value(), 8);
                case FIXED -> fixed(0, 1).fixed(ENCODING_FIXED, 3).vbr(op.value(), 5);
                case VBR -> fixed(0, 1).fixed(ENCODING_VBR, 3).vbr(op.value(), 5);
                case ARRAY -> fixed(0, 1).fixed(ENCODING_ARRAY, 3);
                case CHAR6 -> fixed(0, 1).fixed(ENCODING_CHAR6, 3);
                case BLOB -> fixed(0, 1).fixed(ENCODING_BLOB, 3);
            }
        }
        return this;
    }

    /** The fields of a blob operand: length, alignment, bytes, alignment. */
    public BitWriter blob(byte[] data) {
        vbr(data.length, 6).align32();
        lastBlobOffset = byteOffset();
        return bytes(data).align32();
    }

    /** The byte offset of the data of the last blob written. */
    public int lastBlobOffset() {
        return lastBlobOffset;
    }

    /** A block holding one record {@code code} whose blob is {@code data}, the way LLVM writes SYMTAB and STRTAB. */
    public BitWriter blobBlock(long blockId, long code, byte[] data) {
        return enterBlock(blockId, 3).defineAbbrev(literal(code), op(Abbrev.Encoding.BLOB))
                .abbrevId(FIRST_APPLICATION_ABBREV).blob(data).endBlock();
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, (int) ((bit + 7) >>> 3));
    }

    public static Op literal(long value) {
        return new Op(Abbrev.Encoding.LITERAL, value);
    }

    public static Op fixedOp(int width) {
        return new Op(Abbrev.Encoding.FIXED, width);
    }

    public static Op vbrOp(int width) {
        return new Op(Abbrev.Encoding.VBR, width);
    }

    public static Op op(Abbrev.Encoding encoding) {
        return new Op(encoding, 0);
    }
}
