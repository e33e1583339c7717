package org.linkdedup.plan;

import java.util.List;
import java.util.Map;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.MemberId;

/**
 * The evidence behind a plan: the original link and the trimmed link simulated with the chosen
 * model, what changed between them, and the duplicate counts of every model of the inputs' format.
 *
 * @param before        the original link
 * @param after         the trimmed link (the final plan's drops excluded)
 * @param reverted      drops undone because the trimmed link left a reference unresolved
 * @param newlyLoaded   members the trimmed link loads and the original did not
 * @param hazardsBefore split runtimes of the original link
 * @param hazardsAfter  split runtimes of the trimmed link
 * @param counts        duplicate diagnostics before and after, per model ({@code [before, after]})
 * @param staleAfter    stale copies of the trimmed link: an earlier copy of a unit, from another
 *                      build, winning over a later one (reported; the plan does not change them)
 */
public record Verification(LinkResult before, LinkResult after, List<Reverted> reverted, List<MemberId> newlyLoaded,
        List<SplitHazards.Hazard> hazardsBefore, List<SplitHazards.Hazard> hazardsAfter, Map<LinkerModel, int[]> counts,
        List<StaleCopies.Stale> staleAfter) {

    /** A drop undone: dropping {@code member} left {@code symbol} unresolved for {@code referrer}. */
    public record Reverted(MemberId member, String symbol, MemberId referrer) {
    }
}
