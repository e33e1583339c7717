package org.linkdedup.link;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.linkdedup.error.UsageException;

/**
 * The inputs of a link in command-line order, with what the linker's markers said about them: the
 * inputs loaded whole ({@link LinkInput#forced()}) and the {@code --start-group}/{@code --end-group}
 * groups, as ranges of input indexes. Checked when made: input {@code i} has index {@code i}, the
 * groups lie inside the order, in order and without overlapping, and every input's
 * {@link LinkInput#group()} names the group whose range holds it.
 *
 * <p>{@link Builder} is the one marker state machine: {@code check}, {@code plan} and {@code apply}
 * (the link order after {@code --}) and {@code exec} (the linker arguments of a link command) each
 * keep only their own syntax and feed it.
 *
 * @param inputs the inputs, input {@code i} at position {@code i}
 * @param groups the groups in command-line order, none empty
 */
public record LinkOrder(List<LinkInput> inputs, List<InputRange> groups) {

    public LinkOrder {
        inputs = List.copyOf(inputs);
        groups = List.copyOf(groups);
        for (int i = 0; i < inputs.size(); i++) {
            LinkInput in = inputs.get(i);
            if (in.index() != i) {
                throw new IllegalArgumentException("input " + i + " (" + in.display() + ") has index " + in.index());
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            InputRange r = groups.get(g);
            if (r.last() >= inputs.size()) {
                throw new IllegalArgumentException("group " + r + " ends past the last input (" + (inputs.size() - 1) + ")");
            }
            if (g > 0 && r.first() <= groups.get(g - 1).last()) {
                InputRange prev = groups.get(g - 1);
                throw new IllegalArgumentException("groups " + prev + " and " + r
                        + (r.last() < prev.first() ? " are out of order" : " overlap"));
            }
        }
        int g = 0;
        for (LinkInput in : inputs) {
            while (g < groups.size() && groups.get(g).last() < in.index()) {
                g++;
            }
            int want = g < groups.size() && groups.get(g).contains(in.index()) ? g : LinkInput.NO_GROUP;
            if (in.group() != want) {
                throw new IllegalArgumentException("input " + in.index() + " (" + in.display() + ") says group " + in.group()
                        + ", the groups " + groups + " say " + want);
            }
        }
    }

    /** A link order without markers: {@code paths} in order, kinds unknown, nothing loaded whole, no groups. */
    public static LinkOrder of(List<Path> paths) {
        Builder b = builder();
        paths.forEach(b::add);
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return inputs.size();
    }

    public LinkInput get(int index) {
        return inputs.get(index);
    }

    public List<Path> paths() {
        return inputs.stream().map(LinkInput::path).toList();
    }

    /** The indexes of the inputs loaded whole. */
    public Set<Integer> forced() {
        return inputs.stream().filter(LinkInput::forced).map(LinkInput::index).collect(Collectors.toUnmodifiableSet());
    }

    /** A range of input indexes, both ends included. */
    public record InputRange(int first, int last) {
        public InputRange {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad input range " + first + ".." + last);
            }
        }

        public boolean contains(int input) {
            return input >= first && input <= last;
        }

        @Override
        public String toString() {
            return first + ".." + last;
        }
    }

    /**
     * The markers' state machine: inputs are added in command-line order, the markers between them
     * open and close a group or turn loading whole on and off. An empty group is no group; a group
     * still open at the end runs to the last input.
     */
    public static final class Builder {
        /** Their {@link LinkInput#group()} is filled in by {@link #build()}. */
        private final List<LinkInput> inputs = new ArrayList<>();
        private final List<InputRange> groups = new ArrayList<>();
        private int groupStart = -1;
        private boolean wholeArchive;

        private Builder() {
        }

        /**
         * {@code --start-group}: a group opens at the next input.
         *
         * @throws UsageException when a group is open already
         */
        public Builder startGroup() {
            if (inGroup()) {
                throw new UsageException("nested --start-group");
            }
            groupStart = inputs.size();
            return this;
        }

        /**
         * {@code --end-group}: the open group closes after the last input added.
         *
         * @throws UsageException when no group is open
         */
        public Builder endGroup() {
            if (!inGroup()) {
                throw new UsageException("--end-group without --start-group");
            }
            if (inputs.size() > groupStart) {
                groups.add(new InputRange(groupStart, inputs.size() - 1));
            }
            groupStart = -1;
            return this;
        }

        /** Whether a group is open. */
        public boolean inGroup() {
            return groupStart >= 0;
        }

        /**
         * Forgets the open group, if any: the inputs added since it opened are in no group. For a
         * link command that nests groups, which the linker itself rejects.
         */
        public Builder discardOpenGroup() {
            groupStart = -1;
            return this;
        }

        /** {@code --whole-archive} ({@code true}) and {@code --no-whole-archive} ({@code false}) for the inputs that follow. */
        public Builder wholeArchive(boolean on) {
            wholeArchive = on;
            return this;
        }

        /** The next input, of unknown kind, loaded whole when {@code --whole-archive} is on. */
        public Builder add(Path path) {
            return add(path, LinkInput.Kind.UNKNOWN, false);
        }

        /**
         * The next input.
         *
         * @param forceLoad loaded whole whatever {@code --whole-archive} says ({@code -force_load},
         *                  {@code -all_load}); an object is never marked loaded whole
         */
        public Builder add(Path path, LinkInput.Kind kind, boolean forceLoad) {
            boolean forced = (forceLoad || wholeArchive) && kind != LinkInput.Kind.OBJECT;
            inputs.add(new LinkInput(inputs.size(), path, kind, forced, LinkInput.NO_GROUP));
            return this;
        }

        /** The link order so far, a group still open running to the last input. */
        public LinkOrder build() {
            List<InputRange> all = new ArrayList<>(groups);
            if (inGroup() && inputs.size() > groupStart) {
                all.add(new InputRange(groupStart, inputs.size() - 1));
            }
            List<LinkInput> out = new ArrayList<>(inputs.size());
            for (LinkInput in : inputs) {
                int group = LinkInput.NO_GROUP;
                for (int g = 0; g < all.size(); g++) {
                    if (all.get(g).contains(in.index())) {
                        group = g;
                    }
                }
                out.add(new LinkInput(in.index(), in.path(), in.kind(), in.forced(), group));
            }
            return new LinkOrder(out, all);
        }
    }
}
