package org.linkdedup.pipeline;

import java.io.IOException;
import org.linkdedup.io.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.linkdedup.analysis.DuplicatePairs;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.check.Baseline;
import org.linkdedup.check.BaselineFile;
import org.linkdedup.check.CheckResult;
import org.linkdedup.check.GateFailure;
import org.linkdedup.io.StagedFiles;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.output.OutputGuard;
import org.linkdedup.link.LoadedInput;

/**
 * What {@code check} does, without the command line: simulate the link of the loaded inputs, find
 * its split runtimes and the member pairs sharing the most duplicates, and evaluate the CI gates.
 * The command only parses, prints what {@code report.CheckReport} makes of this value, and exits
 * with status 1 unless {@link #passed()}.
 *
 * @param result   the predicted link
 * @param failures the gates it failed, in the order they are reported (duplicates, split runtimes,
 *                 stale copies, baseline regressions); empty when it passed
 */
public record Check(CheckResult result, List<GateFailure> failures) {

    public Check {
        failures = List.copyOf(failures);
    }

    /**
     * The gates to evaluate; {@link #NONE} only predicts.
     *
     * @param maxDuplicates the most duplicate-symbol diagnostics allowed, or null for no limit
     * @param failOnSplit   whether any split runtime fails
     * @param failOnStale   whether any stale copy fails
     * @param baseline      a {@link BaselineFile} the link must not be worse than, or null
     */
    public record Gates(Integer maxDuplicates, boolean failOnSplit, boolean failOnStale, Path baseline) {
        public static final Gates NONE = new Gates(null, false, false, null);

        public Gates(Integer maxDuplicates, boolean failOnSplit, Path baseline) {
            this(maxDuplicates, failOnSplit, false, baseline);
        }
    }

    /**
     * Reads the inputs of {@code order}, predicts their link and evaluates {@code gates}.
     *
     * @param model  the linker model, or null to choose it from the inputs ({@link LinkerModel#forInputs})
     * @param crates the crates whose codegen units are checked for split copies (every crate when empty)
     * @throws IOException when an input or the baseline cannot be read
     */
    public static Check of(LinkOrder order, LinkerModel model, boolean deadStrip, Set<String> crates, Gates gates)
            throws IOException {
        List<LoadedInput> inputs = new InputLoader().load(order);
        return of(inputs, LinkOptions.of(model != null ? model : LinkerModel.forInputs(inputs), deadStrip, order), crates, gates);
    }

    /**
     * Predicts the link of inputs already loaded and evaluates {@code gates}.
     *
     * @param crates the crates whose codegen units are checked for split copies (every crate when empty)
     * @throws IOException when the baseline cannot be read or is not one
     */
    public static Check of(List<LoadedInput> inputs, LinkOptions options, Set<String> crates, Gates gates) throws IOException {
        Progress.global().start("simulating the link", 0);
        LinkResult r = LinkSimulator.simulate(inputs, options);
        CheckResult result = new CheckResult(r, SplitHazards.find(r, crates), DuplicatePairs.top(r, CheckResult.TOP_PAIRS),
                StaleCopies.find(r, crates));
        Progress.global().finish();
        return new Check(result, failures(result, gates));
    }

    private static List<GateFailure> failures(CheckResult result, Gates gates) throws IOException {
        List<GateFailure> out = new ArrayList<>();
        int dups = result.link().diagnostics();
        if (gates.maxDuplicates() != null && dups > gates.maxDuplicates()) {
            out.add(new GateFailure.TooManyDuplicates(dups, gates.maxDuplicates()));
        }
        if (gates.failOnSplit()) {
            for (SplitHazards.Hazard h : result.hazards()) {
                out.add(new GateFailure.SplitRuntime(h));
            }
        }
        if (gates.failOnStale()) {
            for (StaleCopies.Stale s : result.stale()) {
                out.add(new GateFailure.StaleCopy(s));
            }
        }
        if (gates.baseline() != null) {
            Baseline base = BaselineFile.read(gates.baseline());
            String model = result.link().model().cliName();
            if (!base.model().isEmpty() && !base.model().equals(model)) {
                // counts of one linker are not comparable with another's
                throw new org.linkdedup.error.UsageException(gates.baseline() + ": a baseline for linker model " + base.model()
                        + ", this check predicts " + model + "; pass --linker " + base.model() + " or write a baseline for " + model);
            }
            for (Baseline.Regression r : base.regressions(Baseline.of(result))) {
                out.add(new GateFailure.Regressed(r, gates.baseline()));
            }
        }
        return out;
    }

    /** Whether every gate held. */
    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * Writes this result as a baseline for later checks ({@code --write-baseline}), staged beside
     * {@code file} and renamed into place; refused before anything is written when {@code file} is,
     * or would replace, an input of the link (or a thin archive's member among them) or one of
     * {@code otherReads} (the baseline read, response files).
     */
    public void writeBaseline(Path file, Collection<Path> otherReads) throws IOException {
        OutputGuard.reading(result.link().inputs(), otherReads).writes(file, "--write-baseline", false);
        Baseline b = Baseline.of(result);
        try (StagedFiles out = new StagedFiles()) {
            out.stage(file, tmp -> BaselineFile.write(b, tmp));
            out.commit();
        }
    }
}
