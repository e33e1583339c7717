package org.linkdedup.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.analysis.CodegenUnit;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;
import java.util.TreeMap;
import org.linkdedup.plan.Conflict;
import org.linkdedup.plan.Decision;
import org.linkdedup.plan.Rewrite;
import org.linkdedup.plan.Rule;
import org.linkdedup.plan.Verification;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.WrapperPlan;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Prepared;
import org.linkdedup.pipeline.CacheAdmin;
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
        out.addAll(rewriteLines(run, details));
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
            int empty = 0;
            for (Decision d : w.decisions()) {
                if (!d.drop()) {
                    continue;
                }
                if (Decision.EMPTY.equals(d.detail())) {
                    empty++;
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
            if (empty > 0) {
                out.add(TAG + w.fileName() + ": " + empty + " of the dropped member(s) define no global symbol (nothing else"
                        + " could bind to them)");
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
            case UNKNOWN_SYMBOLS -> "its symbols are not read (" + d.detail() + ") and the archive index lists none for it:"
                    + " what it provides is unknown";
            case UNKNOWN_SIBLING_REFERENCES -> "sibling " + d.detail()
                    + " has unknown references (index-only: its own symbol table is not read)";
            case NEEDED_BY_KEPT_SIBLING -> "needed by a kept sibling and not provided by stdlib";
            case OTHER_PROVIDER_UNIT -> d.symbols().size() + " sibling-referenced symbol(s) that stdlib's copy of this unit does not"
                    + " define (e.g. " + d.symbols().get(0) + ", defined by stdlib's " + d.detail() + ")";
            case FOREIGN_CRATE_GRAPH -> (d.crate() == null ? "this unit" : d.crate()) + " from another crate graph (stdlib bundles "
                    + d.detail() + ")" + (d.count() < 0 ? "" : "; " + d.count() + " program symbol(s) bind to this copy");
            case KEPT_WITH_CRATE -> "native object of " + crateWords(d) + ", kept with its Rust unit " + d.detail() + " (one build)";
            case KEPT_WITH_NATIVE -> "kept with its crate's native object " + d.detail() + ", which stays (one build)";
            case NATIVE_NOT_PROVIDED -> "native object of " + d.detail() + " that stdlib neither bundles nor fully defines ("
                    + d.symbols().size() + " symbol(s), e.g. " + d.symbols().get(0) + ")";
            case FORCED_LOAD -> "the archive is loaded whole (--whole-archive / -force_load)";
            case LINK_VERIFICATION -> "dropping it leaves " + d.symbols().get(0) + " unresolved for " + d.detail();
        };
    }

    private static String crateWords(Decision d) {
        return d.crate() != null ? d.crate() : CodegenUnit.of(d.detail())
                .map(CodegenUnit::crate).orElse("its crate");
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
        for (StaleCopies.Stale s : v.staleAfter()) {
            out.add(TAG + "stale copy (the plan cannot change it; rebuild the earlier archive with the same runtime): "
                    + CheckReport.staleLine(after, s));
        }
        return out;
    }

    /** How many conflict lines the text report prints before summing up the rest. */
    static final int CONFLICT_LINES = 10;

    /**
     * Per archive, how many symbols were weakened and in how many members, each localized symbol, and
     * the conflicts grouped by the copies and the reason (the first {@value #CONFLICT_LINES} groups,
     * all of them with {@code details}).
     */
    public static List<String> rewriteLines(Dedup run, boolean details) {
        List<String> out = new ArrayList<>();
        Plan plan = run.plan();
        Map<Integer, List<Rewrite>> byInput = new TreeMap<>();
        for (Rewrite r : plan.rewrites()) {
            byInput.computeIfAbsent(r.member().input(), k -> new ArrayList<>()).add(r);
        }
        byInput.forEach((input, rs) -> {
            String file = run.inputs().get(input).fileName();
            for (Rewrite.Reason reason : Rewrite.Reason.values()) {
                List<Rewrite> weak = rs.stream().filter(r -> r.reason() == reason && r.action() == Rewrite.Action.WEAKEN).toList();
                if (!weak.isEmpty()) {
                    out.add(TAG + file + ": weakened " + weak.size() + " duplicate symbol(s) in "
                            + weak.stream().map(Rewrite::member).distinct().count() + " kept member(s) ("
                            + (reason == Rewrite.Reason.PROVIDER_COPY_WINS ? "same crate build as the provider's copies, which win"
                                    : "same crate build as the copies the linker picks, which win") + ")");
                }
            }
            for (Rewrite.Reason reason : Rewrite.Reason.values()) {
                List<Rewrite> local = rs.stream().filter(r -> r.reason() == reason && r.insteadOfWeakening()).toList();
                if (!local.isEmpty()) {
                    out.add(TAG + file + ": localized " + local.size() + " duplicate symbol(s) in "
                            + local.stream().map(Rewrite::member).distinct().count() + " kept member(s) in place of weakening (COFF;"
                            + " nothing else in those members uses them; "
                            + (reason == Rewrite.Reason.PROVIDER_COPY_WINS ? "same crate build as the provider's copies, which win"
                                    : "same crate build as the copies the linker picks, which win") + ")");
                }
            }
            for (Rewrite r : rs) {
                if (r.action() == Rewrite.Action.LOCALIZE && !r.insteadOfWeakening()) {
                    out.add(TAG + file + ": localized " + r.symbol() + " in " + run.inputs().get(input).members()
                            .get(r.member().position()).name() + " (--localize)");
                }
            }
        });
        for (String name : plan.unmatched()) {
            out.add(TAG + "--localize " + name + ": no kept member of a wrapper defines it; nothing localized");
        }
        Map<List<Object>, List<Conflict>> groups = new LinkedHashMap<>();
        for (Conflict c : plan.conflicts()) {
            groups.computeIfAbsent(List.of(c.copies(), c.kind(), c.detail()), k -> new ArrayList<>()).add(c);
        }
        int shown = 0;
        for (List<Conflict> g : groups.values()) {
            if (!details && shown == CONFLICT_LINES) {
                out.add(TAG + "conflict: " + (groups.size() - shown) + " more group(s) (-v or --json lists them)");
                break;
            }
            out.add(TAG + "conflict: " + conflictLine(run, g));
            shown++;
        }
        return out;
    }

    private static String conflictLine(Dedup run, List<Conflict> g) {
        Conflict c = g.get(0);
        StringBuilder sb = new StringBuilder();
        sb.append(g.size() == 1 ? c.symbol() : g.size() + " symbols (e.g. " + c.symbol() + ")");
        sb.append(c.copies().size() == 1 ? " in " : " defined by ");
        for (int i = 0; i < c.copies().size(); i++) {
            MemberId id = c.copies().get(i);
            sb.append(i == 0 ? "" : " and ").append(run.inputs().get(id.input()).members().get(id.position()).display());
        }
        return sb.append(": ").append(c.detail()).toString();
    }

    /**
     * Why the verified result is not safe, when it is not: each split runtime left with the reason
     * its copies stay live, and the count of conflicts. Empty when it is safe (or not verified).
     */
    public static List<String> verdictLines(Dedup run) {
        List<String> out = new ArrayList<>();
        if (run.safe()) {
            return out;
        }
        Verification v = run.verification();
        out.add(TAG + "not safe: the verified link still holds " + v.hazardsAfter().size() + " split runtime(s) and "
                + run.plan().conflicts().size() + " unresolved conflict(s)");
        Map<MemberId, Decision> decisions = new LinkedHashMap<>();
        run.plan().wrappers().forEach(w -> w.decisions().forEach(d -> decisions.put(d.member(), d)));
        for (SplitHazards.Hazard h : v.hazardsAfter()) {
            for (SplitHazards.Side side : h.sides()) {
                Decision d = decisions.get(side.copy());
                if (d != null && !d.drop()) {
                    out.add(TAG + "  " + h.unit() + ": " + v.after().member(side.copy()).display() + " stays live — " + reason(d)
                            + (d.rule() == Rule.SIBLING_REFERENCES || d.rule() == Rule.NEEDED_BY_KEPT_SIBLING
                                    ? ": the provider's build does not export them (LTO may have inlined them away); rebuild the wrapper"
                                    + " against the provider's build of " + (d.crate() == null ? "this crate" : d.crate())
                                    + ", or list the provider first" : ""));
                }
            }
        }
        return out;
    }

    public static String dryRunSummary(Plan plan) {
        return TAG + "dry run: " + plan.droppedCount() + " member(s) would be dropped from " + plan.changedArchives()
                + " archive(s)" + (plan.rewrites().isEmpty() ? "" : ", " + plan.rewrites().size() + " symbol(s) rewritten in "
                        + plan.edits().size() + " member(s)") + "; nothing written";
    }

    /** {@code apply}'s closing line: how many archives went where, and how many members they lost. */
    public static String written(Apply apply) {
        Prepared p = apply.prepared();
        return TAG + "wrote " + apply.written().size() + " archive(s) to " + ByteStrings.of(apply.outDir()) + ": "
                + p.dropped() + " member(s) dropped" + (p.rewrites() == 0 ? ""
                        : ", " + p.rewrites() + " symbol(s) rewritten in " + p.edited() + " member(s)");
    }

    /**
     * Everything {@code plan}, {@code apply} and {@code exec} print about {@code run}, rendered once:
     * what a prepared result (computed or cached) holds. {@code json}: the run's document too.
     */
    public static Prepared.Texts texts(Dedup run, boolean json) throws java.io.IOException {
        String doc = null;
        if (json) {
            java.io.StringWriter sw = new java.io.StringWriter();
            Json.write(PlanJson.of(run), new PrintWriter(sw));
            doc = sw.toString();
        }
        return new Prepared.Texts(lines(run, false), lines(run, true), verdictLines(run), dryRunSummary(run.plan()), doc);
    }

    /** {@code cache stats}: {@code DIR: N entries, X MB (limit Y MB)}; {@code cleared}: what {@code cache clear} removed. */
    public static String cacheStats(CacheAdmin.Stats s, boolean cleared) {
        String size = String.format(java.util.Locale.ROOT, "%.1f MB", s.bytes() / 1048576.0);
        return ByteStrings.of(s.dir()) + ": " + (cleared ? "removed " + s.entries() + " entries, " + size
                : s.entries() + " entries, " + size + String.format(java.util.Locale.ROOT, " (limit %.0f MB)", s.maxBytes() / 1048576.0));
    }

    public static void print(List<String> lines, PrintWriter out) {
        for (String l : lines) {
            out.println(l);
        }
    }
}
