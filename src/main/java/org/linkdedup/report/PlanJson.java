package org.linkdedup.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Decision;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.WrapperPlan;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Dedup;

/** The {@code --json} document of {@code plan} and {@code apply}: inputs, roles, every decision. */
public final class PlanJson {
    private PlanJson() {
    }

    /** The document: inputs, roles, every decision, then the verification (null when not verified). */
    /** {@code apply --json}: the plan's document, the archives written (sorted) and the new link order. */
    public static Map<String, Object> of(Apply apply) {
        Map<String, Object> doc = of(apply.run());
        doc.put("written", apply.written().values().stream().map(ByteStrings::of).sorted().toList());
        doc.put("linkOrder", apply.linkOrder());
        return doc;
    }

    public static Map<String, Object> of(Dedup run) {
        Map<String, Object> doc = plan(run.inputs(), run.plan());
        doc.put("verification", run.verification() == null ? null : verification(run.verification()));
        return doc;
    }

    /** The verification part of the document. */
    static Map<String, Object> verification(Verification v) {
        Map<String, Object> doc = new LinkedHashMap<>();
        LinkResult before = v.before(), after = v.after();
        doc.put("model", after.model().cliName());
        Map<String, Object> counts = new LinkedHashMap<>();
        v.counts().forEach((m, c) -> counts.put(m.cliName(), Json.object("before", c[0], "after", c[1])));
        doc.put("duplicates", counts);
        List<Map<String, Object>> reverted = new ArrayList<>();
        for (Verification.Reverted r : v.reverted()) {
            reverted.add(Json.object("member", before.member(r.member()).display(), "symbol", r.symbol(),
                    "referrer", after.member(r.referrer()).display()));
        }
        doc.put("reverted", reverted);
        List<Map<String, Object>> loaded = new ArrayList<>();
        for (MemberId id : v.newlyLoaded()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("member", after.member(id).display());
            after.loadReason(id).filter(r -> r.referrer() != null).ifPresent(r -> {
                m.put("symbol", r.symbol());
                m.put("referrer", after.member(r.referrer()).display());
            });
            loaded.add(m);
        }
        doc.put("newlyLoaded", loaded);
        doc.put("hazardsBefore", CheckReport.hazardsJson(before, v.hazardsBefore()));
        doc.put("hazardsAfter", CheckReport.hazardsJson(after, v.hazardsAfter()));
        return doc;
    }

    /** The inputs and the plan. */
    static Map<String, Object> plan(List<LoadedInput> inputs, Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, Object>> ins = new ArrayList<>();
        int provider = plan.options().provider();
        for (LoadedInput in : inputs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", in.display());
            m.put("kind", in.isArchive() ? "archive" : "object");
            m.put("role", in.index() == provider ? "provider"
                    : in.isArchive() && in.index() < provider ? "wrapper" : "other");
            if (in.isArchive()) {
                m.put("flavor", in.archive().flavor().name().toLowerCase());
                m.put("members", in.members().size());
            }
            ins.add(m);
        }
        doc.put("inputs", ins);
        doc.put("provider", inputs.get(provider).display());
        doc.put("crates", plan.options().crates());
        doc.put("sharedDeps", plan.options().sharedDeps());
        List<Map<String, Object>> ws = new ArrayList<>();
        for (WrapperPlan w : plan.wrappers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("archive", inputs.get(w.input()).display());
            m.put("dropped", w.droppedCount());
            List<Map<String, Object>> cs = new ArrayList<>();
            for (Decision d : w.decisions()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("member", d.name());
                c.put("position", d.member().position());
                c.put("crate", d.crate());
                c.put("decision", d.drop() ? "drop" : "keep");
                c.put("rule", d.rule().name().toLowerCase().replace('_', '-'));
                if (!d.drop()) {
                    c.put("reason", PlanReport.reason(d));
                }
                c.put("symbols", d.symbols());
                if (d.detail() != null) {
                    c.put("detail", d.detail());
                }
                if (d.count() >= 0) {
                    c.put("programBindings", d.count());
                }
                cs.add(c);
            }
            m.put("candidates", cs);
            ws.add(m);
        }
        doc.put("wrappers", ws);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("droppedMembers", plan.droppedCount());
        summary.put("changedArchives", plan.changedArchives());
        doc.put("summary", summary);
        return doc;
    }
}
