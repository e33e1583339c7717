package org.linkdedup.objfile.bitcode;

import org.linkdedup.io.ByteView;

/**
 * One data record read by {@link BitstreamCursor#readRecord}: its code, its operands (char6
 * operands already decoded to their characters) and its blob, if the abbreviation ends in one.
 * Operands and blob are kept only for records the caller asked to keep; the array is not copied
 * and must not be modified.
 *
 * @param at       byte offset of the record's abbreviation id in the stream, for errors
 * @param code     the record code
 * @param operands the operand values, empty for a record that was not kept
 * @param blob     the blob bytes as a view of the stream, or null
 */
public record Record(long at, long code, long[] operands, ByteView blob) {

    /** The operands as ISO-8859-1 text; a value above 255 is an error located at the record in {@code stream}. */
    public String text(ByteView stream) {
        StringBuilder sb = new StringBuilder(operands.length);
        for (long v : operands) {
            if (v < 0 || v > 0xff) {
                throw stream.error(at, "record " + code + " holds character value " + Long.toUnsignedString(v)
                        + ", not a byte");
            }
            sb.append((char) v);
        }
        return sb.toString();
    }
}
