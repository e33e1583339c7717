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
        return new Baseline(r.link().model().cliName(), r.link().diagnostics(), r.hazardKeys().stream().map(Baseline::portable).toList());
    }

    /**
     * A hazard key as it reads however the link was spelled and rebuilt: {@code UNIT | ARCHIVE(MEMBER)
     * | …} with each archive (or object) path cut to its file name, and the build hashes in member
     * names (16 hex digits, cargo's opaque unit names) replaced by {@code *}. Keys of older baselines
     * (paths as typed) become the same.
     */
    public static String portable(String key) {
        String[] parts = key.split(" \\| ", -1);
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String side = parts[i];
            int open = side.indexOf('(');
            String path = open < 0 || !side.endsWith(")") ? side : side.substring(0, open);
            String member = open < 0 || !side.endsWith(")") ? null : side.substring(open + 1, side.length() - 1);
            sb.append(" | ").append(fileName(path));
            if (member != null) {
                sb.append('(').append(fileName(member).replaceAll("[0-9a-f]{16}|[0-9a-z]{20,}", "*")).append(')');
            }
        }
        return sb.toString();
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** One way a later check is worse than its baseline. */
    public sealed interface Regression {
    }

    /** More duplicate-symbol diagnostics than the baseline had. */
    public record DuplicatesGrew(int from, int to) implements Regression {
    }

    /** A split-runtime hazard the baseline did not have, by its {@linkplain #portable portable} key. */
    public record NewHazard(String key) implements Regression {
    }

    /** Why {@code now} is worse than this baseline (duplicates first, then hazards in order), or an empty list. */
    public List<Regression> regressions(Baseline now) {
        List<Regression> out = new ArrayList<>();
        if (now.duplicates > duplicates) {
            out.add(new DuplicatesGrew(duplicates, now.duplicates));
        }
        List<String> known = hazards.stream().map(Baseline::portable).toList();
        for (String h : now.hazards) {
            String key = portable(h);
            if (!known.contains(key)) {
                out.add(new NewHazard(key));
            }
        }
        return out;
    }
}
