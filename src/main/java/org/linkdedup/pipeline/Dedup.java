package org.linkdedup.pipeline;

import java.io.IOException;
import org.linkdedup.io.Progress;
import java.util.List;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.Planner;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Verifier;

/**
 * What plan, apply and exec share: read the inputs, plan, verify by simulating the link. The value
 * is worded by {@code report.PlanReport} (the {@code [strip-dedup]} lines) and {@code report.PlanJson}.
 *
 * @param verification the simulated original and trimmed links, or null when not verified
 */
public record Dedup(List<LoadedInput> inputs, Plan plan, Verification verification, List<Phase> phases) {

    /** How long one step of the run took: load, plan, verify. */
    public record Phase(String name, long nanos) {
    }

    public Dedup {
        phases = List.copyOf(phases);
    }

    public Dedup(List<LoadedInput> inputs, Plan plan, Verification verification) {
        this(inputs, plan, verification, List.of());
    }

    /**
     * Reads the inputs of the link order {@code options} plan for, plans, and when {@code verify}
     * verifies by simulating the link of that order; {@code everyModel} verifies under every linker
     * model (for --json).
     *
     * @param model the linker model, or null to choose it from the inputs ({@link LinkerModel#forInputs})
     */
    public static Dedup of(PlanOptions options, LinkerModel model, boolean deadStrip, boolean verify, boolean everyModel)
            throws IOException {
        java.util.ArrayList<Phase> phases = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        List<LoadedInput> inputs = new InputLoader().load(options.order());
        long t1 = System.nanoTime();
        phases.add(new Phase("load", t1 - t0));
        Progress progress = Progress.global();
        progress.start("planning", 0);
        Plan plan = Planner.plan(inputs, options);
        long t2 = System.nanoTime();
        phases.add(new Phase("plan", t2 - t1));
        if (!verify) {
            progress.finish();
            return new Dedup(inputs, plan, null, phases);
        }
        progress.start("simulating the link before and after", 0);
        LinkOptions link = LinkOptions.of(model != null ? model : LinkerModel.forInputs(inputs), deadStrip, options.order());
        Verifier.Result v = Verifier.verify(inputs, plan, link, everyModel);
        phases.add(new Phase("verify and rewrite", System.nanoTime() - t2));
        progress.finish();
        return new Dedup(inputs, v.plan(), v.verification(), phases);
    }

    /**
     * Whether the verified result is one program with one copy of everything: no split runtime left
     * and no conflict the plan could not resolve. True when not verified (nothing is known).
     */
    public boolean safe() {
        return verification == null || verification.hazardsAfter().isEmpty() && plan.conflicts().isEmpty();
    }

    /**
     * Nothing when the result is {@link #safe()} or {@code allowSplit}; else an
     * {@link org.linkdedup.error.UnsafeResultException} saying what is left and that {@code notDone} was not done.
     */
    public void requireSafe(boolean allowSplit, String notDone) {
        if (!safe() && !allowSplit) {
            throw Prepared.unsafe(verification.hazardsAfter().size(), plan.conflicts().size(), notDone);
        }
    }
}
