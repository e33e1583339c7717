package org.linkdedup.check;

import org.linkdedup.analysis.SplitHazards;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.link.MemberId;

/**
 * A predicted link: the simulation, its split-runtime hazards and the member pairs that share the
 * most duplicate definitions.
 */
public record CheckResult(LinkResult link, List<SplitHazards.Hazard> hazards, List<Pair> topPairs) {
    public static final int TOP_PAIRS = 10;

    /** Two members that define the same names, and how many of those clash. */
    public record Pair(MemberId first, MemberId second, int duplicates) {
    }

    public static CheckResult of(List<LoadedInput> inputs, LinkOptions options, Set<String> crates) {
        LinkResult r = LinkSimulator.simulate(inputs, options);
        return new CheckResult(r, SplitHazards.find(r, crates), topPairs(r));
    }

    private static List<Pair> topPairs(LinkResult r) {
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
        return List.copyOf(pairs.subList(0, Math.min(TOP_PAIRS, pairs.size())));
    }

    /** Hazard identities, for baselines. */
    public List<String> hazardKeys() {
        return hazards.stream().map(h -> h.key(link)).toList();
    }
}
