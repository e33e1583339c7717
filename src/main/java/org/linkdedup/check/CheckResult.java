package org.linkdedup.check;

import java.util.List;
import org.linkdedup.analysis.DuplicatePairs;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.link.LinkResult;

/**
 * A predicted link: the simulation, its split-runtime hazards, the member pairs that share the most
 * duplicate definitions and its stale copies (an earlier copy of a unit from another build winning
 * over a later one). Made by {@code pipeline.Check}, worded by {@code report.CheckReport}.
 */
public record CheckResult(LinkResult link, List<SplitHazards.Hazard> hazards, List<DuplicatePairs.Pair> topPairs,
        List<StaleCopies.Stale> stale) {
    /** How many member pairs a check reports. */
    public static final int TOP_PAIRS = 10;

    /** Hazard identities, for baselines. */
    public List<String> hazardKeys() {
        return hazards.stream().map(h -> h.key(link)).toList();
    }
}
