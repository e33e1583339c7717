package org.linkdedup.cli;

import java.util.List;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Dedup;
import org.linkdedup.pipeline.Prepare;
import org.linkdedup.plan.Decision;
import org.linkdedup.plan.WrapperPlan;
import org.linkdedup.report.PlanReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code -v} adds on stderr for a dedup run: the time of each phase and every decision with
 * its rule ({@code -vv}: the symbols behind it too). Nothing is logged, and logging is not even
 * started, without {@code -v}.
 */
final class RunLog {
    private RunLog() {
    }

    /** The computed run's phases and decisions, or that the result came from the cache. */
    static void log(Prepare prep, int verbosity) {
        if (verbosity <= 0) {
            return;
        }
        if (prep.run().isPresent()) {
            log(prep.run().get(), verbosity);
        }
        cache(prep, verbosity);
    }

    /** What the cache did (hit, miss, stored, damaged entries), once per note. */
    static void cache(Prepare prep, int verbosity) {
        if (verbosity <= 0) {
            return;
        }
        Logger log = LoggerFactory.getLogger("linkdedup");
        List<String> notes = prep.notes();
        for (int i = LOGGED.getOrDefault(prep, 0); i < notes.size(); i++) {
            log.info("cache: {}", notes.get(i));
        }
        LOGGED.put(prep, notes.size());
    }

    /** The time {@code apply} took to write its outputs (after {@link #cache}, which says whether they came from the cache). */
    static void written(Apply apply, int verbosity) {
        if (verbosity > 0 && apply.writeNanos() >= 0) {
            LoggerFactory.getLogger("linkdedup").info("write and verify: {} ms ({} {})", apply.writeNanos() / 1_000_000,
                    apply.written().size(), apply.written().size() == 1 ? "archive" : "archives");
        }
    }

    private static final java.util.Map<Prepare, Integer> LOGGED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static void log(Dedup run, int verbosity) {
        if (verbosity <= 0) {
            return;
        }
        Logger log = LoggerFactory.getLogger("linkdedup");
        int members = run.inputs().stream().mapToInt(i -> i.members().size()).sum();
        for (Dedup.Phase p : run.phases()) {
            log.info("{}: {} ms{}", p.name(), p.nanos() / 1_000_000,
                    p.name().equals("load") ? " (" + run.inputs().size() + " inputs, " + members + " members)" : "");
        }
        for (WrapperPlan w : run.plan().wrappers()) {
            for (Decision d : w.decisions()) {
                String rule = d.rule().name().toLowerCase().replace('_', '-');
                if (d.drop()) {
                    log.info("{}: drop {} ({}{})", w.fileName(), d.name(), rule,
                            d.detail() == null ? "" : "; " + d.detail());
                } else {
                    log.info("{}: keep {} ({}): {}", w.fileName(), d.name(), rule, PlanReport.reason(d));
                }
                if (!d.symbols().isEmpty()) {
                    log.debug("{}: {} symbol(s) behind the decision on {}: {}", w.fileName(), d.symbols().size(), d.name(),
                            String.join(", ", d.symbols().subList(0, Math.min(20, d.symbols().size()))));
                }
            }
        }
    }
}
