package org.linkdedup.link;

/**
 * Names one member of a link: input {@code input} on the command line and, for an archive, its
 * member at {@code position} (0 for a plain object file). Orders by command line, then archive order.
 */
public record MemberId(int input, int position) implements Comparable<MemberId> {
    /**
     * Spreads ids over the hash space: the record's default ({@code 31 * input + position}) gives
     * thousands of members of twenty archives a few hundred hash values, which turns a set of
     * excluded members into a long probe chain.
     */
    @Override
    public int hashCode() {
        return input * 65_537 + position;
    }

    @Override
    public int compareTo(MemberId o) {
        return input != o.input ? Integer.compare(input, o.input) : Integer.compare(position, o.position);
    }
}
