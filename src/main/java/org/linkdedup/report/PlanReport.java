package org.linkdedup.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;
import org.linkdedup.plan.Decision;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.WrapperPlan;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Dedup;

/**
 * The {@code [strip-dedup]} lines, byte-compatible with what perry's link step prints:
 * per wrapper, one "dropped" line per crate with drops, one line for the shared dependencies
 * dropped with {@code --shared-deps}, and one "keeping" line per kept candidate with its reason.
 */
public final class PlanReport {
    public static final String TAG = "[strip-dedup] ";
    static final int NEWLY_LOADED_LINES = 20;

    private PlanReport() {
    }

    /** The decision lines, then what the verification found. */
    public static List<String> lines(Dedup run) {
        return lines(run, true);
    }

    /** The decision lines, then the verification summary, with its details (newly loaded members, hazards) when asked. */
    public static List<String> lines(Dedup run, boolean details) {
        List<String> out = new ArrayList<>(decisionLines(run.plan()));
        if (run.verification() != null) {
            for (String l : verificationLines(run.verification())) {
                if (details || l.startsWith(TAG + "verified ")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** Per wrapper: the "dropped" lines, then one "keeping" line per kept candidate. */
    public static List<String> decisionLines(Plan plan) {
        List<String> out = new ArrayList<>();
        for (WrapperPlan w : plan.wrappers()) {
            Map<String, Integer> droppedByCrate = new LinkedHashMap<>();
            int sharedDropped = 0;
            for (Decision d : w.decisions()) {
                if (!d.drop()) {
                    continue;
                }
                if (d.crate() != null) {
                    droppedByCrate.merge(d.crate(), 1, Integer::sum);
                } else {
                    sharedDropped++;
                }
            }
            for (Map.Entry<String, Integer> e : droppedByCrate.entrySet()) {
                out.add(TAG + w.fileName() + ": dropped " + e.getValue() + " bundled " + e.getKey().replace('_', '-')
                        + " member(s) (stdlib provides the single runtime copy)");
            }
            if (sharedDropped > 0) {
                out.add(TAG + w.fileName() + ": dropped " + sharedDropped
                        + " bundled member(s) also provided by stdlib (shared transitive deps, fixed-point safe)");
            }
            for (Decision d : w.decisions()) {
                if (!d.drop()) {
                    out.add(TAG + w.fileName() + ": keeping bundled " + d.name() + " — " + reason(d));
                }
            }
        }
        return out;
    }

    /** Why a candidate is kept, in the report's words. */
    public static String reason(Decision d) {
        return switch (d.rule()) {
            case PROVIDER_BUNDLES -> "provider does not bundle this codegen unit";
            case SIBLING_REFERENCES -> d.symbols().size() + " sibling-referenced symbol(s) not provided by stdlib (e.g. "
                    + d.symbols().get(0) + ")";
            case UNKNOWN_SIBLING_REFERENCES -> "sibling " + d.detail()
                    + " has unknown references (LLVM bitcode without a readable symbol table)";
            case NEEDED_BY_KEPT_SIBLING -> "needed by a kept sibling and not provided by stdlib";
            case FOREIGN_CRATE_GRAPH -> (d.crate() == null ? "this unit" : d.crate()) + " from another crate graph (stdlib bundles "
                    + d.detail() + ")" + (d.count() < 0 ? "" : "; " + d.count() + " program symbol(s) bind to this copy");
            case FORCED_LOAD -> "the archive is loaded whole (--whole-archive / -force_load)";
            case LINK_VERIFICATION -> "dropping it leaves " + d.symbols().get(0) + " unresolved for " + d.detail();
        };
    }

    /** What the link simulation found: newly loaded members, duplicate counts and split runtimes before → after. */
    public static List<String> verificationLines(Verification v) {
        List<String> out = new ArrayList<>();
        LinkResult after = v.after();
        for (MemberId id : v.newlyLoaded().subList(0, Math.min(NEWLY_LOADED_LINES, v.newlyLoaded().size()))) {
            String why = after.loadReason(id).filter(r -> r.referrer() != null)
                    .map(r -> ": " + r.symbol() + " referenced by " + after.member(r.referrer()).display()).orElse("");
            out.add(TAG + "the trimmed link newly loads " + after.member(id).display() + why);
        }
        out.add(TAG + "verified with linker model " + after.model().cliName() + ": duplicate diagnostics "
                + v.before().diagnostics() + " → " + after.diagnostics() + ", split-runtime hazards "
                + v.hazardsBefore().size() + " → " + v.hazardsAfter().size());
        for (SplitHazards.Hazard h : v.hazardsBefore()) {
            out.add(TAG + "  before: " + CheckReport.oneLine(v.before(), h));
        }
        for (SplitHazards.Hazard h : v.hazardsAfter()) {
            out.add(TAG + "  after: " + CheckReport.oneLine(after, h));
        }
        return out;
    }

    public static String dryRunSummary(Plan plan) {
        return TAG + "dry run: " + plan.droppedCount() + " member(s) would be dropped from " + plan.changedArchives()
                + " archive(s); nothing written";
    }

    /** {@code apply}'s closing line: how many archives went where, and how many members they lost. */
    public static String written(Apply apply) {
        return TAG + "wrote " + apply.written().size() + " archive(s) to " + ByteStrings.of(apply.outDir()) + ": "
                + apply.run().plan().droppedCount() + " member(s) dropped";
    }

    public static void print(List<String> lines, PrintWriter out) {
        for (String l : lines) {
            out.println(l);
        }
    }
}
