package org.linkdedup.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.linkdedup.analysis.CodegenUnit;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolSource;

/**
 * Decides, per wrapper archive (an archive before the provider in the link order), which bundled
 * members to drop. Knows members and symbol names only.
 *
 * <ol>
 * <li>A candidate is kept unless some provider member's name contains its name (the provider's
 *     ThinLTO packaging renames members to {@code perry_stdlib-<h>.<original name>.rcgu.o}).</li>
 * <li>A candidate is kept when a sibling that stays references a symbol the candidate defines and
 *     the provider does not define. Evaluated as a fixed point: keeping one candidate makes it a
 *     staying sibling whose references count for the others.</li>
 * </ol>
 * Evidence is what the final link can resolve: the provider defines a name only when one of its
 * members has an external (global, weak or unique; not local) definition in its own symbol table.
 * Names known only from an archive index (index-only members) are not evidence, and a staying
 * sibling whose references are unknown keeps every candidate (fail-safe).
 */
public final class Planner {
    private final List<LoadedInput> inputs;
    private final PlanOptions options;
    private final LoadedInput provider;
    private final Set<String> providerDefines = new HashSet<>();
    /** The codegen units the provider's members hold, read once from their names. */
    private final List<CodegenUnit> providerUnits = new ArrayList<>();

    private Planner(List<LoadedInput> inputs, PlanOptions options) {
        if (inputs.size() != options.order().size()) {
            throw new IllegalArgumentException("the link order has " + options.order().size() + " inputs, "
                    + inputs.size() + " were loaded");
        }
        this.inputs = inputs;
        this.options = options;
        this.provider = inputs.get(options.provider());
        for (InputMember m : provider.members()) {
            CodegenUnit.of(m.name()).ifPresent(providerUnits::add);
            if (m.source() == SymbolSource.INDEX_ONLY) {
                continue;
            }
            providerDefines.addAll(m.externalDefinitions());
        }
    }

    /** Plans the link of {@code options.order()}, whose inputs {@code inputs} are as {@code InputLoader} loaded them. */
    public static Plan plan(List<LoadedInput> inputs, PlanOptions options) {
        Planner p = new Planner(inputs, options);
        List<WrapperPlan> wrappers = new ArrayList<>();
        for (int i = 0; i < options.provider(); i++) {
            LoadedInput in = inputs.get(i);
            if (in.isArchive()) {
                wrappers.add(p.wrapper(in));
            }
        }
        return new Plan(options, wrappers);
    }

    /**
     * The crate {@code memberName} belongs to among the candidate crates, or null. Directory parts (a
     * thin archive's member paths) are not part of the name rustc gave the file.
     */
    static String crateOf(String memberName, List<String> crates) {
        String name = CodegenUnit.baseName(memberName);
        for (String c : crates) {
            if (name.startsWith(c + "-") || name.startsWith(c + ".")) {
                return c;
            }
        }
        return null;
    }

    private boolean providerBundles(String memberName) {
        return !providerCopies(memberName).isEmpty();
    }

    /** The provider's members whose names contain {@code memberName}'s (directories aside): its copies of that unit. */
    private List<InputMember> providerCopies(String memberName) {
        String name = CodegenUnit.baseName(memberName);
        List<InputMember> out = new ArrayList<>();
        for (InputMember pm : provider.members()) {
            if (pm.name() != null && CodegenUnit.baseName(pm.name()).contains(name)) {
                out.add(pm);
            }
        }
        return out;
    }

    /**
     * What the provider's copies of {@code memberName}'s unit (its members whose names contain that
     * name) define externally: the evidence a drop needs. Index-only members are no evidence.
     */
    private Set<String> unitDefines(String memberName) {
        Set<String> out = new HashSet<>();
        for (InputMember pm : providerCopies(memberName)) {
            if (pm.source() != SymbolSource.INDEX_ONLY) {
                out.addAll(pm.externalDefinitions());
            }
        }
        return out;
    }

    /** The name of the first provider member that defines {@code symbol} externally. */
    private String providerDefiner(String symbol) {
        for (InputMember pm : provider.members()) {
            if (pm.source() != SymbolSource.INDEX_ONLY && pm.externalDefinitions().contains(symbol)) {
                return pm.name();
            }
        }
        return null;
    }

    /**
     * When the provider bundles the same crate and codegen unit as {@code memberName} but from another
     * crate graph (other hashes), the provider's crate hash; else null.
     */
    private String foreignGraph(String memberName) {
        Optional<CodegenUnit> unit = CodegenUnit.of(memberName);
        if (unit.isEmpty()) {
            return null;
        }
        for (CodegenUnit pu : providerUnits) {
            if (pu.key().equals(unit.get().key()) && !pu.sameGraph(unit.get())) {
                return pu.disambiguator().isEmpty() ? pu.unitHash() : pu.disambiguator();
            }
        }
        return null;
    }

    private WrapperPlan wrapper(LoadedInput w) {
        Map<MemberId, Decision> decisions = new LinkedHashMap<>();   // by id: a member's record hash covers all its symbols
        List<InputMember> dropping = new ArrayList<>();
        for (InputMember m : w.members()) {
            String crate = crateOf(m.name(), options.crates());
            if (crate == null && !options.sharedDeps()) {
                continue;
            }
            boolean bundled = providerBundles(m.name());
            if (crate == null && !bundled) {
                continue;
            }
            Decision d = new Decision(m.id(), m.name(), crate, true, Rule.PROVIDER_BUNDLES, List.of(), null);
            if (options.order().get(w.index()).forced()) {
                decisions.put(m.id(), d.kept(Rule.FORCED_LOAD, List.of(), null));
                continue;
            }
            if (!bundled) {
                String foreign = foreignGraph(m.name());
                d = foreign == null ? d.kept(Rule.PROVIDER_BUNDLES, List.of(), null)
                        : d.kept(Rule.FOREIGN_CRATE_GRAPH, List.of(), foreign);
            } else {
                dropping.add(m);
            }
            decisions.put(m.id(), d);
        }
        // Rule 2 as a fixed point over the members that stay.
        boolean changed = true;
        while (changed && !dropping.isEmpty()) {
            changed = false;
            Set<MemberId> droppingSet = new HashSet<>();
            for (InputMember m : dropping) {
                droppingSet.add(m.id());
            }
            Set<String> referenced = new HashSet<>();
            InputMember unknown = null;
            for (InputMember m : w.members()) {
                if (droppingSet.contains(m.id())) {
                    continue;
                }
                if (!m.undefinedKnown() && unknown == null) {
                    unknown = m;
                }
                for (Symbol s : m.symbols()) {
                    if (s.isUndefined()) {
                        referenced.add(s.name());
                    }
                }
            }
            List<InputMember> stillDropping = new ArrayList<>(dropping.size());
            for (InputMember c : dropping) {
                Decision d = decisions.get(c.id());
                if (unknown != null) {
                    decisions.put(c.id(), d.kept(Rule.UNKNOWN_SIBLING_REFERENCES, List.of(), unknown.name()));
                    changed = true;
                    continue;
                }
                Set<String> missing = new LinkedHashSet<>();
                Set<String> elsewhere = new LinkedHashSet<>();
                Set<String> unit = unitDefines(c.name());
                for (Symbol s : c.symbols()) {
                    if (s.isExternalDefinition() && referenced.contains(s.name()) && !unit.contains(s.name())) {
                        (providerDefines.contains(s.name()) ? elsewhere : missing).add(s.name());
                    }
                }
                if (missing.isEmpty() && elsewhere.isEmpty()) {
                    stillDropping.add(c);
                } else if (!missing.isEmpty()) {
                    Rule why = d.crate() != null ? Rule.SIBLING_REFERENCES : Rule.NEEDED_BY_KEPT_SIBLING;
                    decisions.put(c.id(), d.kept(why, List.copyOf(missing), null));
                    changed = true;
                } else {
                    String first = elsewhere.iterator().next();
                    decisions.put(c.id(), d.kept(Rule.OTHER_PROVIDER_UNIT, List.copyOf(elsewhere), providerDefiner(first)));
                    changed = true;
                }
            }
            dropping = stillDropping;
        }
        for (InputMember m : dropping) {
            if (m.source() != SymbolSource.INDEX_ONLY && m.externalDefinitions().isEmpty()) {
                decisions.put(m.id(), decisions.get(m.id()).withDetail(Decision.EMPTY));
            }
        }
        return new WrapperPlan(w.index(), w.fileName(), new ArrayList<>(decisions.values()));
    }
}
