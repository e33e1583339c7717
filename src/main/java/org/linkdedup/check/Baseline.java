package org.linkdedup.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What a CI gate compares against: the duplicate count and the split-runtime hazards of an earlier
 * {@code check}. Its file, a small JSON document meant to be committed, is {@link BaselineFile}.
 */
public record Baseline(String model, int duplicates, List<String> hazards) {

    public Baseline {
        hazards = List.copyOf(hazards);
    }

    public static Baseline of(CheckResult r) {
        return new Baseline(r.link().model().cliName(), r.link().diagnostics(), r.hazardKeys());
    }

    /** One way a later check is worse than its baseline. */
    public sealed interface Regression {
    }

    /** More duplicate-symbol diagnostics than the baseline had. */
    public record DuplicatesGrew(int from, int to) implements Regression {
    }

    /** A split-runtime hazard the baseline did not have, by its key ({@code SplitHazards.Hazard.key}). */
    public record NewHazard(String key) implements Regression {
    }

    /** Why {@code now} is worse than this baseline (duplicates first, then hazards in order), or an empty list. */
    public List<Regression> regressions(Baseline now) {
        List<Regression> out = new ArrayList<>();
        if (now.duplicates > duplicates) {
            out.add(new DuplicatesGrew(duplicates, now.duplicates));
        }
        for (String h : now.hazards) {
            if (!hazards.contains(h)) {
                out.add(new NewHazard(h));
            }
        }
        return out;
    }
}
