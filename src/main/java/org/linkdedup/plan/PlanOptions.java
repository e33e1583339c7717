package org.linkdedup.plan;

import java.util.List;
import java.util.Set;

/**
 * What to plan.
 *
 * @param provider   input index of the archive that must end up as the single runtime copy
 * @param crates     crate names whose members are candidates ({@code NAME-…} or {@code NAME.…})
 * @param sharedDeps also drop every other wrapper member the provider bundles, as a fixed point
 * @param forced     inputs loaded whole by the link: their members are never dropped
 */
public record PlanOptions(int provider, List<String> crates, boolean sharedDeps, Set<Integer> forced) {
    public static final String DEFAULT_CRATE = "perry_runtime";

    public PlanOptions(int provider, List<String> crates, boolean sharedDeps) {
        this(provider, crates, sharedDeps, Set.of());
    }

    /** These options, with the inputs the link loads whole ({@code --whole-archive}, {@code -force_load}). */
    public PlanOptions withForced(Set<Integer> inputs) {
        return new PlanOptions(provider, crates, sharedDeps, inputs);
    }

    public PlanOptions {
        crates = List.copyOf(crates);
        forced = Set.copyOf(forced);
        if (crates.isEmpty()) {
            throw new IllegalArgumentException("at least one crate name");
        }
    }
}
