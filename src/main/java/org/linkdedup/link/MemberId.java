package org.linkdedup.link;

/**
 * Names one member of a link: input {@code input} on the command line and, for an archive, its
 * member at {@code position} (0 for a plain object file). Orders by command line, then archive order.
 */
public record MemberId(int input, int position) implements Comparable<MemberId> {
    @Override
    public int compareTo(MemberId o) {
        return input != o.input ? Integer.compare(input, o.input) : Integer.compare(position, o.position);
    }
}
