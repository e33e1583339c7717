package org.linkdedup.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.linkdedup.link.LinkOrder.InputRange;

/**
 * How to simulate one link. A command line's {@link LinkOrder} says which inputs are loaded whole
 * and which are grouped ({@link #of(LinkerModel, boolean, LinkOrder)}); the {@code with…} methods
 * say it by hand, for inputs made without one.
 *
 * @param model        the linker to imitate
 * @param deadStrip    ld64's {@code -dead_strip} (only {@link LinkerModel#LD64} looks at it)
 * @param wholeArchive the indexes of the inputs given with {@code --whole-archive} or
 *                     {@code -force_load}: every member of those is loaded
 * @param groups       {@code --start-group}/{@code --end-group} ranges of input indexes (only
 *                     {@link LinkerModel#GNU} looks at them; the other linkers search archives
 *                     backwards anyway); they must not overlap
 * @param excluded     members treated as absent, as if their archive had been rewritten without
 *                     them: the way to simulate a trimmed link without writing anything
 * @param forceMultiple lld-link's {@code /force:multiple}: duplicate definitions are warnings, not
 *                     errors, and the first definition stays (only {@link LinkerModel#LLD_LINK}
 *                     looks at it)
 */
public record LinkOptions(LinkerModel model, boolean deadStrip, Set<Integer> wholeArchive, List<InputRange> groups,
        Set<MemberId> excluded, boolean forceMultiple) {

    public LinkOptions {
        Objects.requireNonNull(model, "model");
        wholeArchive = Set.copyOf(wholeArchive);
        excluded = Set.copyOf(excluded);
        List<InputRange> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt(InputRange::first));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).first() <= sorted.get(i - 1).last()) {
                throw new IllegalArgumentException("groups " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap");
            }
        }
        groups = List.copyOf(sorted);
    }

    /** Options without {@code /force:multiple}. */
    public LinkOptions(LinkerModel model, boolean deadStrip, Set<Integer> wholeArchive, List<InputRange> groups,
            Set<MemberId> excluded) {
        this(model, deadStrip, wholeArchive, groups, excluded, false);
    }

    /** A plain link for {@code model}: no dead stripping, no forced archives, no groups, nothing excluded. */
    public static LinkOptions of(LinkerModel model) {
        return new LinkOptions(model, false, Set.of(), List.of(), Set.of());
    }

    /** The link of {@code order}: its inputs loaded whole and its groups; nothing excluded. */
    public static LinkOptions of(LinkerModel model, boolean deadStrip, LinkOrder order) {
        return new LinkOptions(model, deadStrip, order.forced(), order.groups(), Set.of());
    }

    public LinkOptions withModel(LinkerModel m) {
        return new LinkOptions(m, deadStrip, wholeArchive, groups, excluded, forceMultiple);
    }

    public LinkOptions withDeadStrip(boolean on) {
        return new LinkOptions(model, on, wholeArchive, groups, excluded, forceMultiple);
    }

    /** These options with input {@code input} loaded whole as well. */
    public LinkOptions withWholeArchive(int input) {
        Set<Integer> s = new HashSet<>(wholeArchive);
        s.add(input);
        return new LinkOptions(model, deadStrip, s, groups, excluded, forceMultiple);
    }

    /** These options with inputs {@code first..last} (inclusive) in a group as well. */
    public LinkOptions withGroup(int first, int last) {
        List<InputRange> g = new ArrayList<>(groups);
        g.add(new InputRange(first, last));
        return new LinkOptions(model, deadStrip, wholeArchive, g, excluded, forceMultiple);
    }

    /** These options with exactly {@code members} excluded. */
    public LinkOptions withExcluded(Set<MemberId> members) {
        return new LinkOptions(model, deadStrip, wholeArchive, groups, members, forceMultiple);
    }

    /** These options with lld-link's {@code /force:multiple} on or off. */
    public LinkOptions withForceMultiple(boolean on) {
        return new LinkOptions(model, deadStrip, wholeArchive, groups, excluded, on);
    }

    /** Written out, not made by {@code ObjectMethods} at its first call (see {@code InputLoader.Content}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LinkOptions x && x.model == model && x.deadStrip == deadStrip && x.forceMultiple == forceMultiple
                && x.wholeArchive.equals(wholeArchive) && x.groups.equals(groups) && x.excluded.equals(excluded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, deadStrip, wholeArchive, groups, excluded, forceMultiple);
    }

    public boolean isWholeArchive(int input) {
        return wholeArchive.contains(input);
    }

    public boolean isExcluded(MemberId id) {
        return excluded.contains(id);
    }
}
