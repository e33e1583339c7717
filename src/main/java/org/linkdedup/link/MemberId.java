package org.linkdedup.link;

/**
 * Names one member of a link: input {@code input} on the command line and, for an archive, its
 * member at {@code position} (0 for a plain object file). Orders by command line, then archive order.
 */
public record MemberId(int input, int position) implements Comparable<MemberId> {
    /**
     * Spreads ids over the hash space, in every bit: the record's default ({@code 31 * input +
     * position}) gives thousands of members of twenty archives a few hundred hash values, and
     * {@code 65537 * input + position}, whose low bits are {@code input + position}, still left a
     * hash table of the 8810 members of a 24-wrapper link about a thousand buckets (HashMap indexes
     * by the low bits), each turned into a tree. Both halves multiplied by odd constants and the
     * high bits folded down, so that ids near each other fall into different buckets.
     */
    @Override
    public int hashCode() {
        int h = input * 0x9E3779B9 + position * 0x85EBCA6B;
        return h ^ (h >>> 15);
    }

    /** Written out, not made by {@code ObjectMethods} at its first call (see {@code InputLoader.Content}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MemberId m && m.input == input && m.position == position;
    }

    @Override
    public int compareTo(MemberId o) {
        return input != o.input ? Integer.compare(input, o.input) : Integer.compare(position, o.position);
    }
}
