package org.linkdedup.objfile.bitcode;

import java.util.List;

/**
 * An abbreviation defined by {@code DEFINE_ABBREV}: the encodings of a record's code and operands.
 * Built only by {@link BitstreamCursor}, which checks the shape LLVM requires: the first operand (the
 * record code) is a scalar, an array is followed by exactly one scalar element operand and ends the
 * abbreviation, a blob ends it.
 */
public record Abbrev(List<Op> ops) {

    public Abbrev {
        ops = List.copyOf(ops);
    }

    /** How one operand is encoded. */
    public enum Encoding { LITERAL, FIXED, VBR, ARRAY, CHAR6, BLOB }

    /**
     * One abbreviation operand.
     *
     * @param encoding how the value is stored
     * @param value    the literal value, or the bit width of a FIXED or VBR field; 0 otherwise
     */
    public record Op(Encoding encoding, long value) {
        public boolean isScalar() {
            return encoding == Encoding.LITERAL || encoding == Encoding.FIXED || encoding == Encoding.VBR
                    || encoding == Encoding.CHAR6;
        }
    }
}
