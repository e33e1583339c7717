package org.linkdedup.objfile.bitcode;

import static org.linkdedup.objfile.bitcode.BitCodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.bitcode.Abbrev.Encoding;
import org.linkdedup.objfile.bitcode.Abbrev.Op;

/**
 * Reads an LLVM bitstream: bits taken least significant first from little-endian bytes, fixed and VBR
 * fields, abbreviation ids, {@code ENTER_SUBBLOCK}/{@code END_BLOCK}, {@code DEFINE_ABBREV},
 * unabbreviated and abbreviated records, and {@code BLOCKINFO} blocks.
 *
 * <p>Every read is bounded by the end of the innermost block, taken from its declared length, which
 * is itself checked against the enclosing block; the top level ends at the end of the stream. So
 * every loop over entries ends: each entry consumes at least its abbreviation id, and a read past
 * the end of a block is an error. Counts read from the stream (operands, array elements, blob
 * bytes) are checked against the bits left before anything is allocated. Errors are
 * {@link org.linkdedup.io.InputFormatException}s at the byte where the offending field starts.
 */
public final class BitstreamCursor {
    /** Blocks nested deeper than this are rejected. */
    public static final int MAX_DEPTH = 64;
    /** The widest fixed or VBR field, and the widest abbreviation id, LLVM's reader accepts. */
    public static final int MAX_CHUNK_SIZE = 32;
    /** The most operands kept for one record the caller asked to keep. */
    public static final int MAX_KEPT_OPERANDS = 1 << 20;

    private static final long[] NO_OPERANDS = new long[0];

    private final ByteView stream;
    private long bit;
    private Scope scope;
    private final Deque<Scope> outer = new ArrayDeque<>();
    /** Abbreviations registered by BLOCKINFO blocks, by block id; lists only grow. */
    private final Map<Long, List<Abbrev>> blockInfo = new HashMap<>();

    /** What {@link #advance()} found. */
    public enum Kind { END_BLOCK, SUBBLOCK, RECORD }

    /**
     * A block header read by {@link #advance()}, to be entered with {@link #enter}, read with
     * {@link #readBlockInfo} (for {@code BLOCKINFO}) or skipped with {@link #skip}.
     *
     * @param id          the block id
     * @param abbrevWidth the abbreviation id width inside the block
     * @param at          byte offset of the block's {@code ENTER_SUBBLOCK}
     * @param bodyBit     bit position of the block's first entry
     * @param endBit      bit position just past the block, from its declared length
     */
    public record Block(long id, int abbrevWidth, long at, long bodyBit, long endBit) {
    }

    /**
     * One entry of the current block.
     *
     * @param kind     end of block, sub-block header or record
     * @param abbrevId the abbreviation id of a record
     * @param block    the header of a sub-block, else null
     * @param at       byte offset of the entry's abbreviation id
     */
    public record Entry(Kind kind, long abbrevId, Block block, long at) {
    }

    private static final class Scope {
        final long blockId;
        final int abbrevWidth;
        final long endBit;
        /** BLOCKINFO abbreviations for this block id (the first {@code infoCount} apply), then local ones. */
        final List<Abbrev> info;
        final int infoCount;
        final List<Abbrev> local = new ArrayList<>();
        /** Inside BLOCKINFO: the block id named by the last SETBID, or -1. */
        long setBid = -1;

        Scope(long blockId, int abbrevWidth, long endBit, List<Abbrev> info) {
            this.blockId = blockId;
            this.abbrevWidth = abbrevWidth;
            this.endBit = endBit;
            this.info = info;
            this.infoCount = info.size();
        }

        int abbrevCount() {
            return infoCount + local.size();
        }

        Abbrev abbrev(long id) {
            int i = (int) (id - FIRST_APPLICATION_ABBREV);
            return i < infoCount ? info.get(i) : local.get(i - infoCount);
        }
    }

    /** A cursor over {@code stream} at byte {@code startByte} (just past the magic), at the top level. */
    public BitstreamCursor(ByteView stream, long startByte) {
        stream.check(startByte, 0, "bitstream start");
        this.stream = stream;
        this.bit = startByte * 8;
        this.scope = new Scope(-1, TOP_LEVEL_ABBREV_WIDTH, stream.size() * 8, List.of());
    }

    /** Nesting depth: 0 at the top level. */
    public int depth() {
        return outer.size();
    }

    /** The current byte offset in the stream (rounded down). */
    public long byteOffset() {
        return bit >>> 3;
    }

    /**
     * At the top level, whether too few bytes are left for another block: like LLVM, trailing bytes
     * shorter than a block (padding, tool garbage) end the stream.
     */
    public boolean atTopLevelEnd() {
        return outer.isEmpty() && (bit >>> 3) + 8 >= stream.size();
    }

    /**
     * The next entry of the current block. {@code DEFINE_ABBREV}s are processed on the way; an
     * {@code END_BLOCK} leaves the block before returning.
     */
    public Entry advance() {
        while (true) {  // each pass consumes an abbreviation id (width >= 1) inside a bounded block
            long at = bit;
            long id = read(scope.abbrevWidth, "abbreviation id");
            if (id == END_BLOCK) {
                if (outer.isEmpty()) {
                    throw stream.error(at >>> 3, "END_BLOCK at the top level of the stream");
                }
                align32();
                scope = outer.pop();
                return new Entry(Kind.END_BLOCK, id, null, at >>> 3);
            }
            if (id == ENTER_SUBBLOCK) {
                return new Entry(Kind.SUBBLOCK, id, readBlockHeader(at), at >>> 3);
            }
            if (id == DEFINE_ABBREV) {
                defineAbbrev(at, readAbbrev(at));
                continue;
            }
            if (id != UNABBREV_RECORD && id - FIRST_APPLICATION_ABBREV >= scope.abbrevCount()) {
                throw stream.error(at >>> 3, "abbreviation id " + id + " is not defined in " + where()
                        + " (" + (scope.abbrevCount() == 0 ? "none defined"
                        : "ids 4 to " + (FIRST_APPLICATION_ABBREV + scope.abbrevCount() - 1) + " defined") + ")");
            }
            return new Entry(Kind.RECORD, id, null, at >>> 3);
        }
    }

    /** Enters {@code block}, just read by {@link #advance()}; {@code BLOCKINFO} goes through {@link #readBlockInfo}. */
    public void enter(Block block) {
        if (block.id() == BLOCKINFO_BLOCK_ID) {
            throw new IllegalArgumentException("BLOCKINFO blocks are read with readBlockInfo");
        }
        push(block);
    }

    /** Skips {@code block}, just read by {@link #advance()}, by its declared length. */
    public void skip(Block block) {
        checkAt(block);
        bit = block.endBit();
    }

    /**
     * Reads a {@code BLOCKINFO} block just read by {@link #advance()}: its {@code SETBID} records and
     * the abbreviations it registers for other blocks. Sub-blocks inside it are skipped.
     */
    public void readBlockInfo(Block block) {
        if (block.id() != BLOCKINFO_BLOCK_ID) {
            throw new IllegalArgumentException("block " + block.id() + " is not BLOCKINFO");
        }
        push(block);
        while (true) {  // ends at END_BLOCK; every entry consumes bits of the bounded block
            Entry e = advance();
            switch (e.kind()) {
                case END_BLOCK -> {
                    return;
                }
                case SUBBLOCK -> skip(e.block());
                case RECORD -> {
                    Record r = readRecord(e, code -> code == BLOCKINFO_CODE_SETBID);
                    if (r.code() == BLOCKINFO_CODE_SETBID) {
                        if (r.operands().length == 0) {
                            throw stream.error(r.at(), "SETBID record in BLOCKINFO names no block id");
                        }
                        scope.setBid = r.operands()[0];
                    }
                }
            }
        }
    }

    /**
     * Reads the record {@code entry} announced. Its operands (and blob) are kept only when
     * {@code keep} accepts its code; other records are consumed without allocating.
     */
    public Record readRecord(Entry entry, LongPredicate keep) {
        if (entry.kind() != Kind.RECORD) {
            throw new IllegalArgumentException("not a record: " + entry);
        }
        long at = entry.at();
        if (entry.abbrevId() == UNABBREV_RECORD) {
            long code = readVbr(6, "record code");
            long countAt = bit;
            long count = readVbr(6, "operand count");
            boolean kept = keep.test(code);
            checkCount(count, 6, kept, countAt, "record " + code + " of " + Long.toUnsignedString(count) + " operands");
            long[] ops = kept ? new long[(int) count] : NO_OPERANDS;
            for (long i = 0; i < count; i++) {  // each operand consumes bits of the bounded block
                long v = readVbr(6, "operand");
                if (kept) {
                    ops[(int) i] = v;
                }
            }
            return new Record(at, code, ops, null);
        }
        List<Op> ops = scope.abbrev(entry.abbrevId()).ops();
        long code = readScalar(ops.get(0));
        boolean kept = keep.test(code);
        long[] values = kept ? new long[ops.size()] : NO_OPERANDS;
        int n = 0;
        ByteView blob = null;
        for (int i = 1; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.encoding() == Encoding.ARRAY) {
                Op element = ops.get(++i);
                long countAt = bit;
                long count = readVbr(6, "array length");
                checkCount(count, minBits(element), kept, countAt, "array of " + Long.toUnsignedString(count) + " elements");
                if (kept) {
                    values = Arrays.copyOf(values, n + (int) count);
                }
                for (long k = 0; k < count; k++) {
                    long v = readScalar(element);
                    if (kept) {
                        values[n++] = v;
                    }
                }
            } else if (op.encoding() == Encoding.BLOB) {
                long lengthAt = bit;
                long length = readVbr(6, "blob length");
                align32();
                long left = (scope.endBit - bit) >>> 3;
                if (length < 0 || length > left) {  // a VBR is 64 unsigned bits
                    throw stream.error(lengthAt >>> 3, "blob of " + Long.toUnsignedString(length)
                            + " bytes runs past the end of " + where() + " (" + left + " bytes left)");
                }
                if (kept) {
                    blob = stream.slice(bit >>> 3, length);
                }
                bit += length * 8;
                align32();
            } else {
                long v = readScalar(op);
                if (kept) {
                    values[n++] = v;
                }
            }
        }
        return new Record(at, code, kept ? Arrays.copyOf(values, n) : NO_OPERANDS, blob);
    }

    // ---- block structure ------------------------------------------------------------------------

    private Block readBlockHeader(long at) {
        long id = readVbr(8, "block id");
        long widthAt = bit;
        long width = readVbr(4, "abbreviation width");
        if (width < 1 || width > MAX_CHUNK_SIZE) {
            throw stream.error(widthAt >>> 3, "block " + id + " declares abbreviation id width " + width
                    + " (1 to " + MAX_CHUNK_SIZE + " allowed)");
        }
        align32();
        long lengthAt = bit;
        long words = read(32, "block length");
        long end = bit + words * 32;
        if (end > scope.endBit) {
            throw stream.error(lengthAt >>> 3, "block " + id + " of " + words + " words runs past the end of "
                    + where() + " (" + ((scope.endBit - bit) >>> 3) + " bytes left)");
        }
        return new Block(id, (int) width, at >>> 3, bit, end);
    }

    private void push(Block block) {
        checkAt(block);
        if (outer.size() >= MAX_DEPTH) {
            throw stream.error(block.at(), "block " + block.id() + " is nested deeper than " + MAX_DEPTH + " blocks");
        }
        outer.push(scope);
        scope = new Scope(block.id(), block.abbrevWidth(), block.endBit(),
                blockInfo.getOrDefault(block.id(), List.of()));
    }

    private void checkAt(Block block) {
        if (bit != block.bodyBit()) {
            throw new IllegalStateException("cursor is not at the body of " + block);
        }
    }

    private String where() {
        return outer.isEmpty() ? "the stream" : "block " + scope.blockId;
    }

    // ---- abbreviations --------------------------------------------------------------------------

    private Abbrev readAbbrev(long at) {
        long count = readVbr(5, "abbreviation operand count");
        if (count == 0) {
            throw stream.error(at >>> 3, "DEFINE_ABBREV with no operands");
        }
        if (count < 0 || count > (scope.endBit - bit) / 4) {  // unsigned; an operand takes at least 4 bits
            throw stream.error(at >>> 3, "DEFINE_ABBREV of " + Long.toUnsignedString(count) + " operands runs past the end of " + where());
        }
        List<Op> ops = new ArrayList<>((int) Math.min(count, 16));
        for (long i = 0; i < count; i++) {  // each operand consumes bits of the bounded block
            long opAt = bit;
            if (read(1, "abbreviation operand kind") == 1) {
                ops.add(new Op(Encoding.LITERAL, readVbr(8, "literal")));
                continue;
            }
            int encoding = (int) read(3, "abbreviation operand encoding");
            switch (encoding) {
                case ENCODING_FIXED, ENCODING_VBR -> {
                    long width = readVbr(5, "field width");
                    boolean vbr = encoding == ENCODING_VBR;
                    if (width == 0) {
                        ops.add(new Op(Encoding.LITERAL, 0));  // a zero-width field always reads 0, as in LLVM
                    } else if (width > MAX_CHUNK_SIZE || vbr && width < 2) {
                        throw stream.error(opAt >>> 3, (vbr ? "VBR" : "fixed") + " field of width " + width
                                + " in abbreviation operand " + i + " (" + (vbr ? 2 : 1) + " to " + MAX_CHUNK_SIZE + " allowed)");
                    } else {
                        ops.add(new Op(vbr ? Encoding.VBR : Encoding.FIXED, width));
                    }
                }
                case ENCODING_ARRAY -> ops.add(new Op(Encoding.ARRAY, 0));
                case ENCODING_CHAR6 -> ops.add(new Op(Encoding.CHAR6, 0));
                case ENCODING_BLOB -> ops.add(new Op(Encoding.BLOB, 0));
                default -> throw stream.error(opAt >>> 3, "abbreviation operand " + i + " has unknown encoding " + encoding);
            }
        }
        checkShape(at, ops);
        return new Abbrev(ops);
    }

    private void checkShape(long at, List<Op> ops) {
        if (!ops.get(0).isScalar()) {
            throw stream.error(at >>> 3, "abbreviation starts with an array or a blob instead of the record code");
        }
        int last = ops.size() - 1;
        for (int i = 1; i <= last; i++) {
            Encoding e = ops.get(i).encoding();
            if (e == Encoding.ARRAY) {
                if (i != last - 1) {
                    throw stream.error(at >>> 3, "array in abbreviation operand " + i
                            + " is not followed by exactly one element operand");
                }
                Encoding element = ops.get(last).encoding();
                if (element != Encoding.FIXED && element != Encoding.VBR && element != Encoding.CHAR6) {
                    throw stream.error(at >>> 3, "array element in abbreviation operand " + last
                            + " is " + element + ", not fixed, VBR or char6");
                }
                return;
            }
            if (e == Encoding.BLOB && i != last) {
                throw stream.error(at >>> 3, "blob in abbreviation operand " + i + " is not the last operand");
            }
        }
    }

    private void defineAbbrev(long at, Abbrev abbrev) {
        if (scope.blockId != BLOCKINFO_BLOCK_ID) {
            scope.local.add(abbrev);
            return;
        }
        if (scope.setBid < 0) {
            throw stream.error(at >>> 3, "DEFINE_ABBREV in BLOCKINFO before any SETBID record");
        }
        blockInfo.computeIfAbsent(scope.setBid, id -> new ArrayList<>()).add(abbrev);
    }

    private static int minBits(Op element) {
        return element.encoding() == Encoding.CHAR6 ? 6 : (int) element.value();
    }

    // ---- fields ---------------------------------------------------------------------------------

    /** {@code count} is a VBR read as 64 unsigned bits: a negative long is a count past 2^63. */
    private void checkCount(long count, int bitsEach, boolean kept, long countAt, String what) {
        if (count < 0 || count > (scope.endBit - bit) / bitsEach) {
            throw stream.error(countAt >>> 3, what + " runs past the end of " + where() + " ("
                    + ((scope.endBit - bit) >>> 3) + " bytes left)");
        }
        if (kept && count > MAX_KEPT_OPERANDS) {
            throw stream.error(countAt >>> 3, what + " is larger than this reader keeps (" + MAX_KEPT_OPERANDS + ")");
        }
    }

    private long readScalar(Op op) {
        return switch (op.encoding()) {
            case LITERAL -> op.value();
            case FIXED -> read((int) op.value(), "fixed field");
            case VBR -> readVbr((int) op.value(), "VBR field");
            case CHAR6 -> char6(read(6, "char6 field"));
            case ARRAY, BLOB -> throw new IllegalStateException("not a scalar: " + op);
        };
    }

    /** a-z, A-Z, 0-9, '.', '_' in that order. */
    private static long char6(long v) {
        if (v < 26) {
            return 'a' + v;
        }
        if (v < 52) {
            return 'A' + v - 26;
        }
        if (v < 62) {
            return '0' + v - 52;
        }
        return v == 62 ? '.' : '_';
    }

    private void align32() {
        long aligned = (bit + 31) & ~31L;
        if (aligned > scope.endBit) {
            throw stream.error(bit >>> 3, "32-bit alignment runs past the end of " + where());
        }
        bit = aligned;
    }

    /** A {@code width}-bit field (0 to 64 bits), least significant bit first. */
    long read(int width, String what) {
        if (width > scope.endBit - bit) {
            throw stream.error(bit >>> 3, what + " of " + width + " bits runs past the end of " + where());
        }
        long value = 0;
        int got = 0;
        while (got < width) {  // at most 9 bytes
            int b = stream.u8(bit >>> 3);
            int shift = (int) (bit & 7);
            int take = Math.min(8 - shift, width - got);
            value |= (long) ((b >>> shift) & ((1 << take) - 1)) << got;
            got += take;
            bit += take;
        }
        return value;
    }

    /** A VBR field of {@code width}-bit chunks (2 to 32): the top bit of each chunk says another follows. */
    long readVbr(int width, String what) {
        long at = bit;
        long high = 1L << (width - 1);
        long value = 0;
        for (int shift = 0; shift < 64; shift += width - 1) {  // at most 64 value bits
            long chunk = read(width, what);
            value |= (chunk & (high - 1)) << shift;
            if ((chunk & high) == 0) {
                return value;
            }
        }
        throw stream.error(at >>> 3, what + " is a VBR value wider than 64 bits");
    }
}
