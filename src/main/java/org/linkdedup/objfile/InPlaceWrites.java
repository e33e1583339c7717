package org.linkdedup.objfile;

import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;

/**
 * The file ranges an object's headers give, for an editor that writes some of them in place: it
 * throws unless every range written overlaps no other range. Formats forbid such overlaps
 * (llvm-objdump and lld call them malformed) but readers that only read may tolerate them; written
 * in place, a symbol entry over the string table renames symbols, relocations renumbered over code
 * change the code. Empty ranges overlap nothing.
 */
final class InPlaceWrites {
    /** {@code what} is worded only for an error: an object can have tens of thousands of sections. */
    private record Range(Supplier<String> what, long field, long start, long size, boolean written) {
        boolean overlaps(Range o) {
            return size > 0 && o.size > 0 && start < o.start + o.size && o.start < start + size;
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    /**
     * Adds the range {@code [start, start+size)} named {@code what} (the header field giving it at
     * {@code field}, for the error), {@code written} when the edit writes into it.
     */
    InPlaceWrites add(String what, long field, long start, long size, boolean written) {
        return add(() -> what, field, start, size, written);
    }

    /** {@link #add(String, long, long, long, boolean)} with the name worded only when an error needs it. */
    InPlaceWrites add(Supplier<String> what, long field, long start, long size, boolean written) {
        ranges.add(new Range(what, field, start, size, written));
        return this;
    }

    /** Throws, naming both ranges, at the first written range that overlaps another. */
    void requireDisjoint(ByteView in) {
        for (Range w : ranges) {
            if (!w.written()) {
                continue;
            }
            for (Range o : ranges) {
                if (o != w && w.overlaps(o)) {
                    throw in.error(w.field(), w.what().get() + " at offset " + w.start() + " of " + w.size() + " bytes overlaps "
                            + o.what().get() + " at offset " + o.start() + " of " + o.size() + " bytes: it cannot be rewritten in place");
                }
            }
        }
    }
}
