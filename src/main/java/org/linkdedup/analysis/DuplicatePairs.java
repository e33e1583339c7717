package org.linkdedup.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;

/**
 * The member pairs of a simulated link that share the most duplicate definitions: where to look
 * first when a link prints hundreds of duplicate-symbol diagnostics.
 */
public final class DuplicatePairs {
    private DuplicatePairs() {
    }

    /** Two members that define the same names, and how many of those clash. */
    public record Pair(MemberId first, MemberId second, int duplicates) {
    }

    /**
     * The {@code limit} pairs with the most duplicates, most first; ties in member order. Each pair
     * is counted once whichever of its members the linker met first.
     */
    public static List<Pair> top(LinkResult r, int limit) {
        Map<List<MemberId>, Integer> counts = new HashMap<>();
        for (LinkResult.Duplicate d : r.duplicates()) {
            MemberId a = d.existing(), b = d.added();
            List<MemberId> key = a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
            counts.merge(key, 1, Integer::sum);
        }
        List<Pair> pairs = new ArrayList<>();
        counts.forEach((k, n) -> pairs.add(new Pair(k.get(0), k.get(1), n)));
        pairs.sort((x, y) -> x.duplicates() != y.duplicates() ? Integer.compare(y.duplicates(), x.duplicates())
                : x.first().compareTo(y.first()) != 0 ? x.first().compareTo(y.first()) : x.second().compareTo(y.second()));
        return List.copyOf(pairs.subList(0, Math.min(limit, pairs.size())));
    }
}
