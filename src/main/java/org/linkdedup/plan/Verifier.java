package org.linkdedup.plan;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.linkdedup.link.EditedInputs;
import org.linkdedup.analysis.SplitHazards;
import org.linkdedup.analysis.StaleCopies;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.MemberId;

/**
 * Checks a plan against the whole link before anything is written: simulates the original link and
 * the trimmed one, and undoes (fail-safe) every drop that would leave a reference unresolved that the
 * original link resolved, repeating until the trimmed link resolves everything the original did.
 * Also counts the program symbols that bind to each copy kept because it comes from a foreign crate
 * graph, and reports members the trimmed link newly loads and the split runtimes before and after.
 */
public final class Verifier {
    private Verifier() {
    }

    /** The verified plan and its evidence. */
    public record Result(Plan plan, Verification verification) {
    }

    public static Result verify(List<LoadedInput> inputs, Plan plan, LinkOptions options) {
        return verify(inputs, plan, options, false);
    }

    /**
     * Verifies {@code plan}; {@code everyModel} also counts duplicates before and after with the other
     * models of the inputs' format (two more simulations each), for reports that show them all.
     */
    public static Result verify(List<LoadedInput> inputs, Plan plan, LinkOptions options, boolean everyModel) {
        Set<MemberId> dropped = new HashSet<>(plan.dropped());
        // the original link and the first trimmed one do not depend on each other: simulated at once
        List<LinkResult> first = IntStream.range(0, 2).parallel()
                .mapToObj(k -> LinkSimulator.simulate(inputs, k == 0 ? options : options.withExcluded(dropped))).toList();
        LinkResult before = first.get(0);
        Map<MemberId, Verification.Reverted> reverted = new HashMap<>();
        LinkResult after = first.get(1);
        while (true) {
            if (after == null) {
                after = LinkSimulator.simulate(inputs, options.withExcluded(dropped));
            }
            List<Verification.Reverted> broken = brokenReferences(before, after, dropped, inputs);
            if (broken.isEmpty()) {
                break;
            }
            for (Verification.Reverted r : broken) {
                dropped.remove(r.member());
                reverted.putIfAbsent(r.member(), r);
            }
            after = null;
        }
        Plan verified = Rewriter.rewrite(inputs, revise(plan, reverted, after, inputs), options, after, options.withExcluded(dropped));
        List<LoadedInput> edited = EditedInputs.of(inputs, verified.edits());
        while (!verified.rewrites().isEmpty()) {
            after = LinkSimulator.simulate(edited, options.withExcluded(dropped));
            Plan undone = undoBreakingLocalizes(before, after, verified);
            if (undone == verified) {
                break;
            }
            verified = undone;
            edited = EditedInputs.of(inputs, verified.edits());
            if (verified.rewrites().isEmpty()) {   // every rewrite undone: the trimmed link as it is
                after = LinkSimulator.simulate(edited, options.withExcluded(dropped));
            }
        }
        List<MemberId> newlyLoaded = new ArrayList<>();
        for (MemberId id : after.loaded()) {
            if (!before.isLoaded(id)) {
                newlyLoaded.add(id);
            }
        }
        Set<String> crates = new HashSet<>(plan.options().crates());
        Map<LinkerModel, int[]> counts = new EnumMap<>(LinkerModel.class);
        for (LinkerModel m : LinkerModel.values()) {
            if (m.format() == options.model().format() && (everyModel || m == options.model())) {
                counts.put(m, m == options.model() ? new int[] {before.diagnostics(), after.diagnostics()}
                        : new int[] {LinkSimulator.simulate(inputs, options.withModel(m)).diagnostics(),
                            LinkSimulator.simulate(edited, options.withModel(m).withExcluded(dropped)).diagnostics()});
            }
        }
        return new Result(verified, new Verification(before, after, List.copyOf(reverted.values()), newlyLoaded,
                SplitHazards.find(before, crates), SplitHazards.find(after, crates), counts, StaleCopies.find(after, crates)));
    }

    /**
     * {@code plan} without the localizations that leave a reference unresolved which the original
     * link resolved (each becomes a conflict naming the reference); {@code plan} itself when none does.
     */
    private static Plan undoBreakingLocalizes(LinkResult before, LinkResult after, Plan plan) {
        Map<String, LinkResult.Unresolved> broken = new TreeMap<>();
        for (LinkResult.Unresolved u : after.unresolved()) {
            if (before.bindingOf(u.symbol()).isPresent()) {
                broken.put(u.symbol(), u);
            }
        }
        List<Rewrite> keep = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>(plan.conflicts());
        for (Rewrite r : plan.rewrites()) {
            LinkResult.Unresolved u = broken.get(r.symbol());
            if (r.action() == Rewrite.Action.LOCALIZE && u != null) {
                conflicts.add(new Conflict(r.symbol(), List.of(r.member()), Conflict.Kind.NOT_REWRITABLE,
                        (r.reason() == Rewrite.Reason.REQUESTED ? "--localize" : "localized in place of weakening")
                                + ": no other copy is loaded, so localizing it leaves it unresolved for " + after.member(u.referrer()).display()));
            } else {
                keep.add(r);
            }
        }
        return keep.size() == plan.rewrites().size() ? plan : plan.withRewrites(keep, conflicts);
    }

    /**
     * The references the original link resolved that the trimmed link leaves unresolved, each with
     * the dropped member that had provided it.
     */
    private static List<Verification.Reverted> brokenReferences(LinkResult before, LinkResult after, Set<MemberId> dropped,
            List<LoadedInput> inputs) {
        List<Verification.Reverted> out = new ArrayList<>();
        for (LinkResult.Unresolved u : after.unresolved()) {
            Optional<MemberId> was = before.bindingOf(u.symbol());
            if (was.isEmpty()) {
                continue;   // unresolved in the original link too (a system library provides it)
            }
            MemberId provider = dropped.contains(was.get()) ? was.get() : droppedDefiner(u.symbol(), dropped, inputs);
            if (provider != null) {
                out.add(new Verification.Reverted(provider, u.symbol(), u.referrer()));
            }
        }
        return out;
    }

    private static MemberId droppedDefiner(String symbol, Set<MemberId> dropped, List<LoadedInput> inputs) {
        MemberId best = null;
        for (MemberId id : dropped) {
            InputMember m = inputs.get(id.input()).members().get(id.position());
            if (m.externalDefinitions().contains(symbol) && (best == null || id.compareTo(best) < 0)) {
                best = id;
            }
        }
        return best;
    }

    /** The plan with reverted drops kept (rule LINK_VERIFICATION) and foreign copies' bindings counted. */
    private static Plan revise(Plan plan, Map<MemberId, Verification.Reverted> reverted, LinkResult after, List<LoadedInput> inputs) {
        List<WrapperPlan> wrappers = new ArrayList<>();
        for (WrapperPlan w : plan.wrappers()) {
            List<Decision> ds = new ArrayList<>();
            for (Decision d : w.decisions()) {
                Verification.Reverted r = reverted.get(d.member());
                if (d.drop() && r != null) {
                    d = d.kept(Rule.LINK_VERIFICATION, List.of(r.symbol()), after.member(r.referrer()).display());
                } else if (d.rule() == Rule.FOREIGN_CRATE_GRAPH) {
                    d = d.withCount(programBindings(after, d.member()));
                }
                ds.add(d);
            }
            wrappers.add(new WrapperPlan(w.input(), w.fileName(), ds));
        }
        return new Plan(plan.options(), wrappers, plan.rewrites(), plan.conflicts(), plan.unmatched());
    }

    /** How many names that members outside {@code copy}'s archive refer to bind to {@code copy}. */
    static int programBindings(LinkResult r, MemberId copy) {
        Set<String> names = new HashSet<>();
        for (MemberId x : r.loaded()) {
            if (x.input() == copy.input()) {
                continue;
            }
            r.referencesOf(x).forEach((name, target) -> {
                if (target.isPresent() && target.get().equals(copy)) {
                    names.add(name);
                }
            });
        }
        return names.size();
    }
}
