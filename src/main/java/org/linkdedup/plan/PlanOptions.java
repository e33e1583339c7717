package org.linkdedup.plan;

import java.util.List;

/**
 * What to plan.
 *
 * @param provider   input index of the archive that must end up as the single runtime copy
 * @param crates     crate names whose members are candidates ({@code NAME-…} or {@code NAME.…})
 * @param sharedDeps also drop every other wrapper member the provider bundles, as a fixed point
 */
public record PlanOptions(int provider, List<String> crates, boolean sharedDeps) {
    public static final String DEFAULT_CRATE = "perry_runtime";

    public PlanOptions {
        crates = List.copyOf(crates);
        if (crates.isEmpty()) {
            throw new IllegalArgumentException("at least one crate name");
        }
    }
}
