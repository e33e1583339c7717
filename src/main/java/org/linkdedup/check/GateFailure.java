package org.linkdedup.check;

import java.nio.file.Path;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;

/**
 * A gate of {@code check} that failed, as data: {@code pipeline.Check} finds them,
 * {@code report.CheckReport} words them, and any of them makes the run exit with status 1.
 */
public sealed interface GateFailure {

    /** {@code --max-duplicates}: the link prints more duplicate-symbol diagnostics than allowed. */
    record TooManyDuplicates(int duplicates, int max) implements GateFailure {
    }

    /** {@code --fail-on-split}: one per split runtime of the link. */
    record SplitRuntime(SplitHazards.Hazard hazard) implements GateFailure {
    }

    /** {@code --fail-on-stale}: one per stale copy of the link. */
    record StaleCopy(StaleCopies.Stale stale) implements GateFailure {
    }

    /** {@code --baseline}: one per way the link is worse than the baseline read from {@code file}. */
    record Regressed(Baseline.Regression regression, Path file) implements GateFailure {
    }
}
