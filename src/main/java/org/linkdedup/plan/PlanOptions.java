package org.linkdedup.plan;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Objects;
import org.linkdedup.link.LinkOrder;

/**
 * What to plan.
 *
 * @param order      the link order the plan is for: its inputs loaded whole
 *                   ({@code --whole-archive}, {@code -force_load}) never lose a member
 * @param provider   index in {@code order} of the archive that must end up as the single runtime copy
 * @param crates     crate names whose members are candidates ({@code NAME-…} or {@code NAME.…})
 * @param sharedDeps also drop every other wrapper member the provider bundles, as a fixed point
 * @param rewrite    what the plan may rewrite in the members that stay ({@link Rewriter})
 * @param localize   symbols to localize in the wrappers' kept members ({@code --localize})
 */
public record PlanOptions(LinkOrder order, int provider, List<String> crates, boolean sharedDeps, RewriteMode rewrite,
        Set<String> localize) {
    public static final String DEFAULT_CRATE = "perry_runtime";

    public PlanOptions {
        Objects.requireNonNull(order, "order");
        if (provider < 0 || provider >= order.size()) {
            throw new IllegalArgumentException("provider " + provider + " is not an input of the link order ("
                    + order.size() + " inputs)");
        }
        crates = List.copyOf(crates);
        Objects.requireNonNull(rewrite, "rewrite");
        localize = Collections.unmodifiableSet(new TreeSet<>(localize));
        if (crates.isEmpty()) {
            throw new IllegalArgumentException("at least one crate name");
        }
    }

    /** Drops as asked, duplicates left weakened ({@link RewriteMode#WEAKEN}), nothing localized. */
    public PlanOptions(LinkOrder order, int provider, List<String> crates, boolean sharedDeps) {
        this(order, provider, crates, sharedDeps, RewriteMode.WEAKEN, Set.of());
    }
}
