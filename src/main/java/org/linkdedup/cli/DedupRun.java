package org.linkdedup.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
record DedupRun(List<LoadedInput> inputs, Plan plan, Verification verification) {

    /** Reads the inputs of {@code order}, plans, and unless --no-verify verifies; {@code everyModel} for --json. */
    static DedupRun of(PlanArgs planArgs, LinkArgs linkArgs, LinkArgs.Order order, boolean everyModel) throws IOException {
        int provider = planArgs.providerIndex(order.inputs());
        List<LoadedInput> inputs = new InputLoader().load(order.inputs());
        Plan plan = Planner.plan(inputs, planArgs.options(provider).withForced(order.whole()));
        if (planArgs.noVerify) {
            return new DedupRun(inputs, plan, null);
        }
        LinkOptions options = linkArgs.options(inputs, order);
        Verifier.Result v = Verifier.verify(inputs, plan, options, everyModel);
        return new DedupRun(inputs, v.plan(), v.verification());
    }

    /** The decision lines, then what the verification found. */
    List<String> reportLines() {
        return reportLines(true);
    }

    /** The decision lines, then the verification summary, with its details (newly loaded members, hazards) when asked. */
    List<String> reportLines(boolean details) {
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

    Map<String, Object> json() {
        Map<String, Object> doc = PlanJson.of(inputs, plan);
        doc.put("verification", verification == null ? null : PlanJson.verification(verification));
        return doc;
    }
}
