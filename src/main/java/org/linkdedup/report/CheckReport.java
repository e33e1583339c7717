package org.linkdedup.report;

import org.linkdedup.analysis.CodegenUnit;
import org.linkdedup.analysis.DuplicatePairs;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.check.Baseline;
import org.linkdedup.check.CheckResult;
import org.linkdedup.check.GateFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.pipeline.Check;

/** The text and JSON forms of a {@link Check}, {@code --why SYMBOL}, and the words of its failed gates. */
public final class CheckReport {
    /** What starts each failed gate's line on stderr. */
    public static final String FAILED = "linkdedup: check failed: ";

    private CheckReport() {
    }

    /** The text report, then the {@code --why} explanation of each of {@code why}. */
    public static List<String> lines(Check run, List<String> why) {
        List<String> out = new ArrayList<>(text(run.result()));
        for (String w : why) {
            out.addAll(why(run.result().link(), w));
        }
        return out;
    }

    /** The {@code --json} document: the result, then its failed gates. */
    public static Map<String, Object> json(Check run) {
        Map<String, Object> doc = json(run.result());
        doc.put("gateFailures", run.failures().stream().map(f -> failureJson(run.result(), f)).toList());
        return doc;
    }

    /** For {@code -v}: how long a check took, over how much. */
    public static String timing(Check run, long nanos) {
        LinkResult r = run.result().link();
        return "load, simulate and analyse: " + nanos / 1_000_000 + " ms (" + r.inputs().size() + " inputs, " + r.loaded().size()
                + " members loaded, model " + r.model().cliName() + ")";
    }

    /** One line per failed gate, for stderr. */
    public static List<String> failureLines(Check run) {
        return run.failures().stream().map(f -> FAILED + failure(run.result(), f)).toList();
    }

    /**
     * A failed gate as data: {@code kind} (max-duplicates, split-runtime, stale-copy, baseline), its
     * facts, and {@code message}, the words of its stderr line.
     */
    static Map<String, Object> failureJson(CheckResult c, GateFailure f) {
        LinkResult r = c.link();
        Map<String, Object> m = new LinkedHashMap<>();
        if (f instanceof GateFailure.TooManyDuplicates t) {
            m.put("kind", "max-duplicates");
            m.put("duplicates", t.duplicates());
            m.put("max", t.max());
        } else if (f instanceof GateFailure.SplitRuntime s) {
            m.put("kind", "split-runtime");
            m.put("unit", s.hazard().unit());
            m.put("copies", s.hazard().sides().stream().map(side -> r.member(side.copy()).display()).toList());
        } else if (f instanceof GateFailure.StaleCopy s) {
            m.put("kind", "stale-copy");
            m.put("unit", s.stale().unit());
            m.put("winner", r.member(s.stale().winner()).display());
            m.put("later", r.member(s.stale().later()).display());
        } else {
            GateFailure.Regressed g = (GateFailure.Regressed) f;
            m.put("kind", "baseline");
            m.put("baseline", g.file().toString());
            if (g.regression() instanceof Baseline.DuplicatesGrew d) {
                m.put("regression", "duplicates-grew");
                m.put("from", d.from());
                m.put("to", d.to());
            } else {
                m.put("regression", "new-hazard");
                m.put("hazard", ((Baseline.NewHazard) g.regression()).key());
            }
        }
        m.put("message", failure(c, f));
        return m;
    }

    /** Why a gate failed, in words. */
    public static String failure(CheckResult c, GateFailure f) {
        if (f instanceof GateFailure.TooManyDuplicates t) {
            return "duplicate symbols: " + t.duplicates() + " > --max-duplicates " + t.max();
        } else if (f instanceof GateFailure.SplitRuntime s) {
            return "split runtime: " + oneLine(c.link(), s.hazard());
        } else if (f instanceof GateFailure.StaleCopy s) {
            return "stale copy: " + staleLine(c.link(), s.stale());
        }
        GateFailure.Regressed r = (GateFailure.Regressed) f;
        return regression(r.regression()) + " (baseline " + r.file() + ")";
    }

    private static String regression(Baseline.Regression r) {
        if (r instanceof Baseline.DuplicatesGrew g) {
            return "duplicate symbols grew from " + g.from() + " to " + g.to();
        }
        return "new split-runtime hazard: " + ((Baseline.NewHazard) r).key();
    }

    public static String summary(LinkResult r) {
        return "duplicate symbols: " + r.diagnostics() + " (linker model " + r.model().cliName() + ", "
                + r.loaded().size() + " members loaded)";
    }

    public static List<String> text(CheckResult c) {
        LinkResult r = c.link();
        List<String> out = new ArrayList<>();
        out.add(summary(r));
        if (!c.topPairs().isEmpty()) {
            out.add("top member pairs by shared duplicates:");
            for (DuplicatePairs.Pair p : c.topPairs()) {
                out.add(String.format("  %5d  %s  <->  %s", p.duplicates(), r.member(p.first()).display(), r.member(p.second()).display()));
            }
        }
        if (!r.unresolved().isEmpty()) {
            out.add("undefined symbols: " + r.unresolved().size() + " (e.g. " + r.unresolved().get(0).symbol()
                    + " for " + r.member(r.unresolved().get(0).referrer()).display() + ")");
        }
        out.add("split-runtime hazards: " + c.hazards().size());
        out.addAll(hazardLines(r, c.hazards(), "  "));
        out.add("stale copies: " + c.stale().size());
        for (StaleCopies.Stale s : c.stale()) {
            out.add("  " + staleLine(r, s));
        }
        return out;
    }

    /**
     * One stale copy in words: which copy wins over which, how many symbols, how many differ in size,
     * examples with both sizes.
     */
    public static String staleLine(LinkResult r, StaleCopies.Stale s) {
        StringBuilder sb = new StringBuilder(s.unit()).append(": ").append(r.member(s.winner()).display());
        if (s.olderCopy()) {
            sb.append(" (another build of this unit, ").append(s.winnerUnit().get().graph()).append(")");
        } else {
            sb.append(" (not a copy of this unit: a stub?)");
        }
        sb.append(" wins ").append(s.symbols()).append(" symbol(s) that the later ").append(r.member(s.later()).display())
                .append(" (build ").append(s.laterUnit().graph()).append(") defines too");
        if (s.differing() > 0) {
            sb.append(", ").append(s.differing()).append(" with another size (a stub or another version)");
        }
        sb.append(", e.g. ");
        for (int i = 0; i < s.examples().size(); i++) {
            StaleCopies.Shadowed e = s.examples().get(i);
            sb.append(i == 0 ? "" : ", ").append(e.symbol());
            if (e.sizesDiffer()) {
                sb.append(" (").append(e.winnerSize()).append(" bytes here, ").append(e.laterSize()).append(" there)");
            }
        }
        return sb.toString();
    }

    /** One block per hazard: the unit, then each live copy with examples of what binds to it. */
    public static List<String> hazardLines(LinkResult r, List<SplitHazards.Hazard> hazards, String indent) {
        List<String> out = new ArrayList<>();
        for (SplitHazards.Hazard h : hazards) {
            out.add(indent + h.unit() + " is loaded " + h.sides().size() + " times and each copy is in use:");
            for (SplitHazards.Side s : h.sides()) {
                StringBuilder sb = new StringBuilder(indent + "  " + r.member(s.copy()).display() + ": "
                        + s.references() + " reference(s) bind here, e.g. ");
                for (int i = 0; i < s.examples().size(); i++) {
                    SplitHazards.Reference e = s.examples().get(i);
                    sb.append(i == 0 ? "" : ", ").append(e.symbol()).append(" from ").append(r.member(e.referrer()).display());
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** One line: the unit, then each copy with one example of what binds to it. */
    public static String oneLine(LinkResult r, SplitHazards.Hazard h) {
        StringBuilder sb = new StringBuilder(h.unit()).append(" loaded ").append(h.sides().size()).append(" times: ");
        for (int i = 0; i < h.sides().size(); i++) {
            SplitHazards.Side s = h.sides().get(i);
            SplitHazards.Reference e = s.examples().get(0);
            sb.append(i == 0 ? "" : " and ").append(r.member(s.copy()).display()).append(" (e.g. ").append(e.symbol())
                    .append(" from ").append(r.member(e.referrer()).display()).append(')');
        }
        return sb.toString();
    }

    /** {@code --why NAME}: every definition among the inputs, which one wins, what loaded it, who refers to it. */
    public static List<String> why(LinkResult r, String name) {
        List<String> out = new ArrayList<>();
        Optional<MemberId> winner = r.bindingOf(name);
        out.add(name + ": " + winner.map(w -> "binds to " + r.member(w).display()).orElse(
                r.unresolved().stream().anyMatch(u -> u.symbol().equals(name)) ? "undefined" : "not defined by any loaded member"));
        List<String> refs = new ArrayList<>();
        for (LoadedInput in : r.inputs()) {
            for (InputMember m : in.members()) {
                for (Symbol s : m.symbols()) {
                    if (!s.name().equals(name) || !s.isExternal()) {
                        continue;
                    }
                    if (s.isUndefined()) {
                        if (r.isLoaded(m.id())) {
                            refs.add(m.display());
                        }
                        continue;
                    }
                    String state;
                    if (!r.isLoaded(m.id())) {
                        state = "not loaded";
                    } else {
                        state = "loaded" + r.loadReason(m.id()).map(lr -> switch (lr.kind()) {
                            case OBJECT -> " (object file)";
                            case FORCED -> " (whole archive)";
                            case REFERENCE -> " because " + r.member(lr.referrer()).display() + " references " + lr.symbol();
                            case COMMON -> " to replace the common " + lr.symbol() + " of " + r.member(lr.referrer()).display();
                        }).orElse("");
                    }
                    boolean wins = winner.isPresent() && winner.get().equals(m.id());
                    out.add("  " + (wins ? "* " : "  ") + "defined " + s.binding().name().toLowerCase()
                            + " in " + m.display() + ": " + state);
                }
            }
        }
        winner.ifPresent(w -> out.addAll(staleWhy(r, name, w)));
        if (!refs.isEmpty()) {
            out.add("  referenced by " + refs.size() + " loaded member(s): " + String.join(", ", refs.subList(0, Math.min(8, refs.size())))
                    + (refs.size() > 8 ? ", …" : ""));
        }
        return out;
    }

    /** For {@code --why}: a line per later definition of {@code name} that loses to {@code winner} ({@link StaleCopies#losers}). */
    private static List<String> staleWhy(LinkResult r, String name, MemberId winner) {
        List<String> out = new ArrayList<>();
        for (StaleCopies.Loser l : StaleCopies.losers(r, name, winner)) {
            out.add("  ! shadowed: the later " + r.member(l.later()).display() + " (" + l.laterUnit().key() + ", build "
                    + l.laterUnit().graph() + ") defines it too and loses to " + (l.olderCopy()
                    ? "another build of that unit (" + l.winnerGraph() + ")" : "a member that is no copy of that unit (a stub?)"));
        }
        return out;
    }

    public static Map<String, Object> json(CheckResult c) {
        LinkResult r = c.link();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", Json.SCHEMA_VERSION);
        doc.put("model", r.model().cliName());
        doc.put("duplicates", r.diagnostics());
        doc.put("membersLoaded", r.loaded().size());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (DuplicatePairs.Pair p : c.topPairs()) {
            pairs.add(Json.object("first", r.member(p.first()).display(), "second", r.member(p.second()).display(),
                    "duplicates", p.duplicates()));
        }
        doc.put("topPairs", pairs);
        doc.put("hazards", hazardsJson(r, c.hazards()));
        doc.put("stale", staleJson(r, c.stale()));
        List<Map<String, Object>> unresolved = new ArrayList<>();
        for (LinkResult.Unresolved u : r.unresolved()) {
            unresolved.add(Json.object("symbol", u.symbol(), "referrer", r.member(u.referrer()).display()));
        }
        doc.put("unresolved", unresolved);
        List<Map<String, Object>> loaded = new ArrayList<>();
        for (MemberId id : r.loaded()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("member", r.member(id).display());
            r.loadReason(id).ifPresent(lr -> {
                m.put("reason", lr.kind().name().toLowerCase());
                if (lr.referrer() != null) {
                    m.put("referrer", r.member(lr.referrer()).display());
                    m.put("symbol", lr.symbol());
                }
            });
            loaded.add(m);
        }
        doc.put("loaded", loaded);
        List<Map<String, Object>> dups = new ArrayList<>();
        for (LinkResult.Duplicate d : r.duplicates()) {
            dups.add(Json.object("symbol", d.symbol(), "existing", r.member(d.existing()).display(),
                    "added", r.member(d.added()).display(), "severity", d.severity().name().toLowerCase()));
        }
        doc.put("duplicateDefinitions", dups);
        return doc;
    }

    public static List<Map<String, Object>> staleJson(LinkResult r, List<StaleCopies.Stale> stale) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StaleCopies.Stale s : stale) {
            List<Map<String, Object>> ex = new ArrayList<>();
            for (StaleCopies.Shadowed e : s.examples()) {
                ex.add(Json.object("symbol", e.symbol(), "winnerSize", e.winnerSize(), "laterSize", e.laterSize()));
            }
            out.add(Json.object("unit", s.unit(), "kind", s.olderCopy() ? "older-copy" : "other-definition",
                    "winner", r.member(s.winner()).display(), "winnerGraph", s.winnerUnit().map(CodegenUnit::graph).orElse(null),
                    "later", r.member(s.later()).display(), "laterGraph", s.laterUnit().graph(), "symbols", s.symbols(),
                    "differing", s.differing(), "examples", ex));
        }
        return out;
    }

    public static List<Map<String, Object>> hazardsJson(LinkResult r, List<SplitHazards.Hazard> hazards) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SplitHazards.Hazard h : hazards) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("unit", h.unit());
            List<Map<String, Object>> sides = new ArrayList<>();
            for (SplitHazards.Side s : h.sides()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("copy", r.member(s.copy()).display());
                sm.put("graph", s.unit().graph());
                sm.put("references", s.references());
                List<Map<String, Object>> ex = new ArrayList<>();
                for (SplitHazards.Reference e : s.examples()) {
                    ex.add(Json.object("symbol", e.symbol(), "referrer", r.member(e.referrer()).display()));
                }
                sm.put("examples", ex);
                sides.add(sm);
            }
            hm.put("copies", sides);
            out.add(hm);
        }
        return out;
    }
}
