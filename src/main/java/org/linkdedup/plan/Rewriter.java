package org.linkdedup.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.linkdedup.analysis.CodegenUnit;
import org.linkdedup.link.EditedInputs;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEditRefusedException;
import org.linkdedup.objfile.SymbolEditors;
import org.linkdedup.objfile.SymbolEdits;

/**
 * Decides, after the drops, which symbol bindings to rewrite in the members that stay so that the
 * link has one copy of everything and no duplicate diagnostics, and which duplicates it must leave
 * (conflicts). Evidence-based like the drop rules:
 *
 * <ol>
 * <li>{@code --localize NAME}: every kept member of a wrapper (an archive before the provider) that
 *     defines NAME has it localized: the provider's (or a later archive's) definition then wins for
 *     everyone else, the member's own references keep binding to its copy (a stub in a bundled
 *     runtime copy that must not shadow the real implementation).</li>
 * <li>Every remaining duplicate (two strong definitions the simulated link loads), under every
 *     linker model of the inputs' format: when the provider holds a copy, that copy stays strong and
 *     every other copy is weakened; otherwise the copy the linker picks (the first it meets) stays
 *     strong. A copy is weakened only when it comes from the same crate build as the copy that stays
 *     (same crate, crate hash and unit hash, read from the member names, the provider's ThinLTO
 *     packaging included) and, for data, has the same size and section kind; when the member can
 *     be rewritten at all (ELF, Mach-O or COFF in a regular archive, not LLVM bitcode, not a plain
 *     object file, not the provider). Anything else is a {@link Conflict}, never rewritten silently.
 *     A COFF copy is localized instead of weakened (COFF has no weak definition that can be written
 *     in place, see {@code CoffEditor}), and only when nothing else in its member uses it: its
 *     editor refuses otherwise, which makes it a conflict. Localizing removes the name from the
 *     archive's index, so it may change what the link loads; the next pass simulates that.</li>
 * <li>Every member to rewrite is passed through its format's editor without writing: a refusal
 *     turns its rewrites into conflicts with the editor's reason.</li>
 * </ol>
 * Weakening never changes which members a link loads (a weak definition is offered and binds like a
 * strong one until a strong one comes), so one simulation per model suffices; another follows only
 * when a pass left a duplicate unsettled.
 */
public final class Rewriter {
    /** Passes per model before giving up on new findings (each pass only adds rewrites). */
    private static final int MAX_PASSES = 4;

    private final List<LoadedInput> inputs;
    private final Plan plan;
    private final int provider;
    private final Set<MemberId> dropped;
    /** Rewrites by member, then symbol: kept sorted for a deterministic plan. */
    private final Map<MemberId, Map<String, Rewrite>> rewrites = new TreeMap<>();
    private final Map<String, List<Conflict>> conflicts = new TreeMap<>();
    private final List<String> unmatched = new ArrayList<>();
    /** A link of the inputs already simulated, and its options (or null): see {@link #rewrite(List, Plan, LinkOptions, LinkResult, LinkOptions)}. */
    private LinkResult known;
    private LinkOptions knownOptions;

    private Rewriter(List<LoadedInput> inputs, Plan plan) {
        this.inputs = inputs;
        this.plan = plan;
        this.provider = plan.options().provider();
        this.dropped = plan.dropped();
    }

    /**
     * {@code plan} (verified drops) with its rewrites and conflicts decided for the link
     * {@code link} describes (its model first, then the other models of the same format).
     */
    public static Plan rewrite(List<LoadedInput> inputs, Plan plan, LinkOptions link) {
        return rewrite(inputs, plan, link, null, null);
    }

    /**
     * {@link #rewrite(List, Plan, LinkOptions)} given {@code known}, the link of {@code inputs} under
     * {@code knownOptions} as the caller simulated it already: the first pass of a model with those
     * options and nothing rewritten yet takes it instead of simulating the same link again.
     */
    public static Plan rewrite(List<LoadedInput> inputs, Plan plan, LinkOptions link, LinkResult known, LinkOptions knownOptions) {
        Rewriter r = new Rewriter(inputs, plan);
        r.known = known;
        r.knownOptions = knownOptions;
        PlanOptions o = plan.options();
        o.localize().forEach(r::localize);
        if (o.rewrite() == RewriteMode.WEAKEN) {
            List<LinkerModel> models = new ArrayList<>(List.of(link.model()));
            for (LinkerModel m : LinkerModel.values()) {
                if (m != link.model() && m.format() == link.model().format()) {
                    models.add(m);
                }
            }
            for (LinkerModel m : models) {
                r.weaken(link.withModel(m).withExcluded(r.dropped));
            }
        }
        r.checkWithEditors();
        return r.result();
    }

    private Plan result() {
        List<Rewrite> rw = new ArrayList<>();
        rewrites.values().forEach(m -> rw.addAll(m.values()));
        List<Conflict> cs = new ArrayList<>();
        conflicts.values().forEach(cs::addAll);
        return new Plan(plan.options(), plan.wrappers(), rw, cs, unmatched);
    }

    private InputMember member(MemberId id) {
        return inputs.get(id.input()).members().get(id.position());
    }

    private void localize(String name) {
        boolean found = false;
        for (int i = 0; i < provider; i++) {
            LoadedInput in = inputs.get(i);
            if (!in.isArchive()) {
                continue;
            }
            for (InputMember m : in.members()) {
                if (dropped.contains(m.id()) || !m.externalDefinitions().contains(name)) {
                    continue;
                }
                found = true;
                String why = cannotRewrite(m);
                if (why != null) {
                    conflict(new Conflict(name, List.of(m.id()), Conflict.Kind.NOT_REWRITABLE, "--localize: " + why));
                } else {
                    add(new Rewrite(m.id(), name, Rewrite.Action.LOCALIZE, Rewrite.Reason.REQUESTED, null));
                }
            }
        }
        if (!found) {
            unmatched.add(name);
        }
    }

    /**
     * Weakens what the link under {@code options} finds duplicated. Weakening leaves what the link
     * loads as it was, so a pass that settled every duplicate it met (each clashing copy weakened or
     * a conflict) is the last; a pass that left one unsettled is followed by another, at most
     * {@value #MAX_PASSES}.
     */
    private void weaken(LinkOptions options) {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            LinkResult r = pass == 0 && known != null && rewrites.isEmpty() && options.equals(knownOptions) ? known
                    : LinkSimulator.simulate(EditedInputs.of(inputs, edits()), options);
            Set<String> names = new TreeSet<>();
            for (LinkResult.Duplicate d : r.duplicates()) {
                names.add(d.symbol());
            }
            boolean added = false;
            for (String name : names) {
                added |= resolve(r, name);
            }
            if (!added || names.stream().allMatch(this::settled)) {
                return;
            }
        }
    }

    /** Whether {@code name} has a rewrite or a conflict. */
    private boolean settled(String name) {
        if (conflicts.containsKey(name)) {
            return true;
        }
        for (Map<String, Rewrite> m : rewrites.values()) {
            if (m.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** Decides the strong copies of {@code name} in {@code r}; whether a rewrite was added. */
    private boolean resolve(LinkResult r, String name) {
        List<LinkResult.Definition> strong = new ArrayList<>();
        for (LinkResult.Definition d : r.definitionsOf(name)) {
            if (d.strength() == LinkResult.Strength.STRONG) {
                strong.add(d);
            }
        }
        if (strong.size() < 2) {
            return false;
        }
        Optional<LinkResult.Definition> fromProvider = strong.stream().filter(d -> d.member().input() == provider).findFirst();
        LinkResult.Definition keep = fromProvider.orElseGet(() -> r.winningDefinition(name).orElse(strong.get(0)));
        boolean added = false;
        for (LinkResult.Definition d : strong) {
            if (d.member().equals(keep.member())) {
                continue;
            }
            Conflict c = cannotWeaken(name, keep, d);
            if (c != null) {
                conflict(c);
            } else if (!rewrites.getOrDefault(d.member(), Map.of()).containsKey(name)) {
                add(new Rewrite(d.member(), name, SymbolEditors.weakensInPlace(member(d.member()).object())
                        ? Rewrite.Action.WEAKEN : Rewrite.Action.LOCALIZE,
                        fromProvider.isPresent() ? Rewrite.Reason.PROVIDER_COPY_WINS : Rewrite.Reason.LINKER_PICK_WINS, keep.member()));
                added = true;
            }
        }
        return added;
    }

    /** Why {@code d} cannot be weakened in favour of {@code keep}, as a conflict; null when it can. */
    private Conflict cannotWeaken(String name, LinkResult.Definition keep, LinkResult.Definition d) {
        List<MemberId> copies = List.of(keep.member(), d.member());
        InputMember k = member(keep.member());
        InputMember m = member(d.member());
        if (d.member().input() == provider) {
            return new Conflict(name, copies, Conflict.Kind.IN_PROVIDER, "both copies are in the provider, which is never rewritten");
        }
        String why = cannotRewrite(m);
        if (why != null) {
            return new Conflict(name, copies, Conflict.Kind.NOT_REWRITABLE, why);
        }
        String builds = sameBuild(k, m);
        if (builds != null) {
            return new Conflict(name, copies, Conflict.Kind.DIFFERENT_BUILDS, builds);
        }
        Symbol ks = keep.symbol(), ms = d.symbol();
        if ((ks.isData() || ms.isData()) && (ks.size() != ms.size() || ks.sectionKind() != ms.sectionKind())) {
            return new Conflict(name, copies, Conflict.Kind.DATA_DIFFERS, "data symbol copies differ: " + ks.size() + " bytes in "
                    + kind(ks) + " against " + ms.size() + " bytes in " + kind(ms));
        }
        return null;
    }

    private static String kind(Symbol s) {
        return s.sectionKind().name().toLowerCase() + " section";
    }

    /** Why {@code m} cannot be rewritten at all, or null. */
    private String cannotRewrite(InputMember m) {
        return EditedInputs.cannotRewrite(inputs.get(m.id().input()), m);
    }

    /**
     * Null when {@code a} and {@code b} hold code of the same crate build (same crate, crate hash and
     * unit hash), else why not.
     */
    static String sameBuild(InputMember a, InputMember b) {
        Optional<CodegenUnit> ua = CodegenUnit.of(a.name());
        Optional<CodegenUnit> ub = CodegenUnit.of(b.name());
        if (ua.isEmpty() || ub.isEmpty()) {
            InputMember other = ua.isEmpty() ? a : b;
            return other.display() + " is not a Rust codegen unit, so nothing shows the copies come from one build";
        }
        if (!ua.get().crate().equals(ub.get().crate())) {
            return "copies from different crates (" + ua.get().crate() + " and " + ub.get().crate() + ")";
        }
        if (!ua.get().sameGraph(ub.get())) {
            return "copies from different builds of " + ua.get().crate() + " (" + ua.get().graph() + " and " + ub.get().graph() + ")";
        }
        return null;
    }

    /** Runs each member's rewrites through its editor (nothing is written); a refusal becomes conflicts. */
    private void checkWithEditors() {
        // A member's check depends on its bytes and the edits alone: members that share their
        // reader's result (the same bytes, see InputLoader) with the same edits are checked once.
        Map<Object, Optional<SymbolEditRefusedException>> checked = new HashMap<>();
        for (MemberId id : new ArrayList<>(rewrites.keySet())) {
            Map<String, Rewrite> mine = rewrites.get(id);
            InputMember m = member(id);
            SymbolEdits edits = Plan.editsOf(mine.values()).get(id);
            Optional<SymbolEditRefusedException> refused = checked.computeIfAbsent(EditedInputs.rewriteKey(m, edits),
                    k -> refusal(inputs.get(id.input()), m, edits));
            if (refused.isPresent()) {
                rewrites.remove(id);
                for (Rewrite r : mine.values()) {
                    List<MemberId> copies = r.kept() == null ? List.of(id) : List.of(r.kept(), id);
                    conflict(new Conflict(r.symbol(), copies, Conflict.Kind.EDIT_REFUSED, reasonFor(refused.get(), r.symbol())));
                }
            }
        }
    }

    /** Why {@code m}'s editor refuses {@code edits}, or empty when it takes them. */
    private static Optional<SymbolEditRefusedException> refusal(LoadedInput in, InputMember m, SymbolEdits edits) {
        try {
            EditedInputs.checkRewrite(in, m, edits);
            return Optional.empty();
        } catch (SymbolEditRefusedException e) {
            return Optional.of(e);
        }
    }

    private static String reasonFor(SymbolEditRefusedException e, String symbol) {
        List<String> out = new ArrayList<>();
        for (SymbolEditRefusedException.Refusal f : e.refusals()) {
            if (f.symbol() == null || f.symbol().equals(symbol)) {
                out.add(f.reason());
            }
        }
        return "the editor refused the member: " + (out.isEmpty() ? "another symbol of it cannot be rewritten" : String.join("; ", out));
    }

    private void add(Rewrite r) {
        rewrites.computeIfAbsent(r.member(), k -> new TreeMap<>()).putIfAbsent(r.symbol(), r);
    }

    private void conflict(Conflict c) {
        List<Conflict> l = conflicts.computeIfAbsent(c.symbol(), k -> new ArrayList<>());
        if (!l.contains(c)) {
            l.add(c);
        }
    }

    private Map<MemberId, SymbolEdits> edits() {
        List<Rewrite> all = new ArrayList<>();
        rewrites.values().forEach(m -> all.addAll(m.values()));
        return Plan.editsOf(all);
    }

}
