package org.linkdedup.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Conflict;
import org.linkdedup.plan.Decision;
import org.linkdedup.plan.Rewrite;
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
    public static Map<String, Object> of(Apply apply) throws java.io.IOException {
        String run = apply.prepared().texts().json();
        if (run == null) {
            throw new IllegalStateException("the result was prepared without its JSON document");
        }
        // The run's document as rendered when it was computed (maybe by an earlier run, from the cache):
        // read back in key order, then the outputs of this run.
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = new com.fasterxml.jackson.databind.ObjectMapper(Json.factory()).readValue(run, LinkedHashMap.class);
        doc.put("written", apply.written().values().stream().map(ByteStrings::of).sorted().toList());
        doc.put("linkOrder", apply.linkOrder());
        return doc;
    }

    public static Map<String, Object> of(Dedup run) {
        Map<String, Object> doc = plan(run.inputs(), run.plan());
        doc.put("rewrites", rewrites(run));
        doc.put("conflicts", conflicts(run));
        doc.put("localizeUnmatched", run.plan().unmatched());
        doc.put("verification", run.verification() == null ? null : verification(run.verification()));
        doc.put("safe", run.safe());
        return doc;
    }

    private static String display(Dedup run, MemberId id) {
        return run.inputs().get(id.input()).members().get(id.position()).display();
    }

    /** Every rewritten symbol: where, what, why, and which copy wins. */
    static List<Map<String, Object>> rewrites(Dedup run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rewrite r : run.plan().rewrites()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("archive", run.inputs().get(r.member().input()).display());
            m.put("member", run.inputs().get(r.member().input()).members().get(r.member().position()).name());
            m.put("position", r.member().position());
            m.put("symbol", r.symbol());
            m.put("action", r.action().name().toLowerCase());
            m.put("reason", r.reason().name().toLowerCase().replace('_', '-'));
            m.put("winner", r.kept() == null ? null : display(run, r.kept()));
            out.add(m);
        }
        return out;
    }

    /** Every conflict: the symbol, its copies, the kind and the reason. */
    static List<Map<String, Object>> conflicts(Dedup run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Conflict c : run.plan().conflicts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", c.symbol());
            m.put("copies", c.copies().stream().map(id -> display(run, id)).toList());
            m.put("kind", c.kind().name().toLowerCase().replace('_', '-'));
            m.put("reason", c.detail());
            out.add(m);
        }
        return out;
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
        doc.put("staleAfter", CheckReport.staleJson(after, v.staleAfter()));
        return doc;
    }

    /** The inputs and the plan. */
    static Map<String, Object> plan(List<LoadedInput> inputs, Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", Json.SCHEMA_VERSION);
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
        doc.put("rewrite", plan.options().rewrite().cliName());
        doc.put("localize", List.copyOf(plan.options().localize()));
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
        summary.put("rewrittenSymbols", plan.rewrites().size());
        summary.put("rewrittenMembers", plan.edits().size());
        summary.put("conflicts", plan.conflicts().size());
        doc.put("summary", summary);
        return doc;
    }
}
