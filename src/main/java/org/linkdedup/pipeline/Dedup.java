package org.linkdedup.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.Planner;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Verifier;
import org.linkdedup.report.PlanJson;
import org.linkdedup.report.PlanReport;

/** What plan, apply and exec share: read the inputs, plan, verify by simulating the link, report. */
public record Dedup(List<LoadedInput> inputs, Plan plan, Verification verification) {

    /**
     * Reads the inputs of the link order {@code options} plan for, plans, and when {@code verify}
     * verifies by simulating the link of that order; {@code everyModel} verifies under every linker
     * model (for --json).
     *
     * @param model the linker model, or null to choose it from the inputs ({@link LinkerModel#forInputs})
     */
    public static Dedup of(PlanOptions options, LinkerModel model, boolean deadStrip, boolean verify, boolean everyModel)
            throws IOException {
        List<LoadedInput> inputs = new InputLoader().load(options.order());
        Plan plan = Planner.plan(inputs, options);
        if (!verify) {
            return new Dedup(inputs, plan, null);
        }
        LinkOptions link = LinkOptions.of(model != null ? model : LinkerModel.forInputs(inputs), deadStrip, options.order());
        Verifier.Result v = Verifier.verify(inputs, plan, link, everyModel);
        return new Dedup(inputs, v.plan(), v.verification());
    }

    /** The decision lines, then what the verification found. */
    public List<String> reportLines() {
        return reportLines(true);
    }

    /** The decision lines, then the verification summary, with its details (newly loaded members, hazards) when asked. */
    public List<String> reportLines(boolean details) {
        List<String> out = new ArrayList<>(PlanReport.lines(plan));
        if (verification != null) {
            for (String l : PlanReport.verificationLines(verification)) {
                if (details || l.startsWith(PlanReport.TAG + "verified ")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    public Map<String, Object> json() {
        Map<String, Object> doc = PlanJson.of(inputs, plan);
        doc.put("verification", verification == null ? null : PlanJson.verification(verification));
        return doc;
    }
}
