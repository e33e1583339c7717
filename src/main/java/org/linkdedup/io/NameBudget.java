package org.linkdedup.io;

/**
 * Bounds the bytes of names a reader copies out of one file or member. Symbols may point into the
 * same bytes of a string table (ELF shares suffixes, and nothing stops every st_name, n_strx or
 * irsymtab reference from naming the same long string), so the names of N symbols over a table of
 * T bytes can add up to N × T bytes: a few megabytes of input would exhaust the heap. Real files
 * decode about as many name bytes as their string tables hold; past {@link #FACTOR} times the size
 * of the view (and at least {@link #MINIMUM} bytes) the input is rejected.
 */
public final class NameBudget {
    /** Name bytes always allowed, however small the view. */
    public static final long MINIMUM = 64L << 20;
    /** Name bytes allowed per byte of the view. */
    public static final long FACTOR = 16;

    private final ByteView in;
    private final long limit;
    private long used;

    /** A budget for the names read from {@code in} (a whole object file or member). */
    public NameBudget(ByteView in) {
        this.in = in;
        this.limit = Math.max(MINIMUM, FACTOR * in.size());
    }

    /** Counts a name of {@code bytes} bytes read for the entry at {@code at} (an offset in {@code in}). */
    public void charge(long bytes, long at) {
        used += bytes;
        if (used > limit) {
            throw in.error(at, "symbol names add up to more than " + limit + " bytes, from " + in.size()
                    + " bytes of input: symbols point into the same string table bytes over and over");
        }
    }
}
