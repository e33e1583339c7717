package org.linkdedup.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
 *     ThinLTO packaging renames members to {@code perry_stdlib-<h>.<original name>.rcgu.o}), or, for
 *     a member whose name names no codegen unit, unless a provider member holds the same unit of the
 *     same build as their Rust symbols tell ({@link CodegenUnit#of(String, List)}).</li>
 * <li>A candidate is kept when a sibling that stays references a symbol the candidate defines and
 *     the provider does not define. Evaluated as a fixed point: keeping one candidate makes it a
 *     staying sibling whose references count for the others.</li>
 * </ol>
 * <li>A crate's native objects (C or assembly: members that are no codegen unit, which rustc
 *     bundles right after the crate's Rust units) travel with it: candidates when the crate's units
 *     are, dropped only when every Rust unit of the crate in that archive is dropped and the provider
 *     bundles them (a member of the same name) or defines all they define; one kept keeps the other.</li>
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
    /**
     * The codegen unit each provider member holds, read once from its name (or its Rust symbols), in
     * member order (a list: a member's record hash would hash every one of its symbols).
     */
    private final List<ProviderUnit> providerUnits = new ArrayList<>();

    private record ProviderUnit(InputMember member, CodegenUnit unit) {
    }
    /** Every member's codegen unit as {@link #unitOf} read it: the fixed point asks again and again. */
    private final Map<MemberId, Optional<CodegenUnit>> units = new ConcurrentHashMap<>();

    private Planner(List<LoadedInput> inputs, PlanOptions options) {
        if (inputs.size() != options.order().size()) {
            throw new IllegalArgumentException("the link order has " + options.order().size() + " inputs, "
                    + inputs.size() + " were loaded");
        }
        this.inputs = inputs;
        this.options = options;
        this.provider = inputs.get(options.provider());
        for (InputMember m : provider.members()) {
            unitOf(m).ifPresent(u -> providerUnits.add(new ProviderUnit(m, u)));
            if (m.source() == SymbolSource.INDEX_ONLY) {
                continue;
            }
            providerDefines.addAll(m.externalDefinitions());
        }
    }

    /** Plans the link of {@code options.order()}, whose inputs {@code inputs} are as {@code InputLoader} loaded them. */
    public static Plan plan(List<LoadedInput> inputs, PlanOptions options) {
        Planner p = new Planner(inputs, options);
        List<LoadedInput> before = new ArrayList<>();
        for (int i = 0; i < options.provider(); i++) {
            if (inputs.get(i).isArchive()) {
                before.add(inputs.get(i));
            }
        }
        // each wrapper is planned against the provider alone: planned at once (a parallel stream keeps link order)
        return new Plan(options, before.parallelStream().map(p::wrapper).toList());
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

    private boolean providerBundles(InputMember m) {
        return !providerCopies(m).isEmpty();
    }

    /**
     * The provider's copies of {@code m}'s unit: its members whose names contain {@code m}'s
     * (directories aside) or, for a member whose name names no unit, those holding the same unit of
     * the same build as its Rust symbols tell ({@link CodegenUnit#of(String, List)}).
     */
    private List<InputMember> providerCopies(InputMember m) {
        String name = CodegenUnit.baseName(m.name());
        List<InputMember> out = new ArrayList<>();
        for (InputMember pm : provider.members()) {
            if (pm.name() != null && CodegenUnit.baseName(pm.name()).contains(name)) {
                out.add(pm);
            }
        }
        if (out.isEmpty() && !named(m)) {
            CodegenUnit u = unitOf(m).orElse(null);
            for (ProviderUnit p : providerUnits) {
                if (u != null && p.unit().crate().equals(u.crate())) {
                    CodegenUnit.comparable(p.unit(), p.member().symbols(), u, m.symbols())
                            .filter(c -> c[0].key().equals(c[1].key()) && c[0].sameGraph(c[1]))
                            .ifPresent(c -> out.add(p.member()));
                }
            }
        }
        return out;
    }

    /**
     * What the provider's copies of {@code memberName}'s unit (its members whose names contain that
     * name) define externally: the evidence a drop needs. Index-only members are no evidence.
     */
    private Set<String> unitDefines(InputMember m) {
        Set<String> out = new HashSet<>();
        for (InputMember pm : providerCopies(m)) {
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
    private String foreignGraph(InputMember m) {
        Optional<CodegenUnit> unit = unitOf(m);
        if (unit.isEmpty()) {
            return null;
        }
        for (ProviderUnit p : providerUnits) {
            CodegenUnit pu = p.unit();
            if (pu.key().equals(unit.get().key()) && !pu.sameGraph(unit.get())) {
                return pu.disambiguator().isEmpty() ? pu.unitHash() : pu.disambiguator();
            }
        }
        return null;
    }

    /**
     * The native objects of {@code w} and the crate each belongs to: a member named as C and assembly
     * builds name their objects ({@link #NATIVE_OBJECT}: cc-rs's {@code <16 hex>-<stem>.o}, CMake's
     * {@code <file>.c.o}) that defines no Rust-mangled name belongs to the crate of the nearest
     * codegen unit before it, as rustc lays out a staticlib (each crate's Rust units, then the objects
     * of the native libraries bundled with it, e.g. {@code <hash>-p384.o} after ring's units).
     * Members before any unit belong to no crate.
     */
    private Map<MemberId, String> nativeCompanions(LoadedInput w) {
        Map<MemberId, String> out = new HashMap<>();
        String crate = null;
        for (InputMember m : w.members()) {
            Optional<CodegenUnit> u = unitOf(m);
            if (u.isPresent()) {
                crate = u.get().crate();
            } else if (crate != null && m.name() != null && crateOf(m.name(), options.crates()) == null
                    && NATIVE_OBJECT.matcher(CodegenUnit.baseName(m.name())).matches() && definesNoRustName(m)) {
                out.put(m.id(), crate);
            }
        }
        return out;
    }

    /**
     * The candidate crate {@code m} belongs to: by its name ({@link #crateOf(String, List)}) or, when
     * its name names no codegen unit, by the Rust symbols it defines; null for none.
     */
    private String crateOf(InputMember m) {
        String byName = crateOf(m.name(), options.crates());
        if (byName != null) {
            return byName;
        }
        return unitOf(m).filter(CodegenUnit::fromSymbols).map(CodegenUnit::crate).filter(options.crates()::contains).orElse(null);
    }

    /** {@code m}'s codegen unit ({@link CodegenUnit#of(String, List)}), read once per member. */
    private Optional<CodegenUnit> unitOf(InputMember m) {
        return units.computeIfAbsent(m.id(), id -> CodegenUnit.of(m.name(), m.symbols()));
    }

    /** Whether {@code m}'s name names its codegen unit (its symbols need not be read for it). */
    private boolean named(InputMember m) {
        return unitOf(m).map(u -> !u.fromSymbols()).orElse(false);
    }

    /** Object names of C, C++ and assembly builds: cc-rs ({@code 45c91108d938afe8-absvdi2.o}) and CMake ({@code blob.c.o}). */
    static final Pattern NATIVE_OBJECT = Pattern.compile("[0-9a-f]{16}-[^/\\\\]+\\.(o|obj)|[^/\\\\]+\\.(c|cc|cpp|cxx|s|S|asm)\\.(o|obj)");

    private static boolean definesNoRustName(InputMember m) {
        for (Symbol s : m.symbols()) {
            if (s.isDefined() && CodegenUnit.crateOfSymbol(s.name()) != null) {
                return false;
            }
        }
        return true;
    }

    private WrapperPlan wrapper(LoadedInput w) {
        Map<MemberId, Decision> decisions = new LinkedHashMap<>();   // by id: a member's record hash covers all its symbols
        List<InputMember> dropping = new ArrayList<>();
        Map<MemberId, String> companions = nativeCompanions(w);
        for (InputMember m : w.members()) {
            String crate = crateOf(m);
            String owner = companions.get(m.id());
            if (owner != null) {
                if (!options.sharedDeps() && !options.crates().contains(owner)) {
                    continue;
                }
                crate = options.crates().contains(owner) ? owner : null;
            }
            if (crate == null && !options.sharedDeps()) {
                continue;
            }
            boolean bundled = providerBundles(m);
            if (owner != null && !options.order().get(w.index()).forced()) {
                Set<String> lacking = new LinkedHashSet<>(m.externalDefinitions());
                lacking.removeAll(providerDefines);
                Decision d = new Decision(m.id(), m.name(), crate, true, Rule.PROVIDER_BUNDLES, List.of(), null);
                if (bundled || lacking.isEmpty()) {
                    dropping.add(m);
                    decisions.put(m.id(), d);
                } else {
                    decisions.put(m.id(), d.kept(Rule.NATIVE_NOT_PROVIDED, List.copyOf(lacking), owner));
                }
                continue;
            }
            if (crate == null && !bundled) {
                continue;
            }
            Decision d = new Decision(m.id(), m.name(), crate, true, Rule.PROVIDER_BUNDLES, List.of(), null);
            if (options.order().get(w.index()).forced()) {
                decisions.put(m.id(), d.kept(Rule.FORCED_LOAD, List.of(), null));
                continue;
            }
            if (m.source() == SymbolSource.INDEX_ONLY && m.externalDefinitions().isEmpty()) {
                // an object we cannot read that no index entry describes: nothing says what it provides
                decisions.put(m.id(), d.kept(Rule.UNKNOWN_SYMBOLS, List.of(), m.object().description()));
                continue;
            }
            if (!bundled) {
                String foreign = foreignGraph(m);
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
            // A crate's Rust units and native objects travel together: one that stays keeps the others.
            Map<String, String> stayingUnit = new HashMap<>();
            Map<String, String> stayingNative = new HashMap<>();
            for (InputMember m : w.members()) {
                if (droppingSet.contains(m.id())) {
                    continue;
                }
                String owner = companions.get(m.id());
                if (owner != null) {
                    stayingNative.putIfAbsent(owner, m.name());
                } else {
                    unitOf(m).ifPresent(u -> stayingUnit.putIfAbsent(u.crate(), m.name()));
                }
            }
            List<InputMember> stillDropping = new ArrayList<>(dropping.size());
            for (InputMember c : dropping) {
                Decision d = decisions.get(c.id());
                String owner = companions.get(c.id());
                String unitCrate = owner != null ? null : unitOf(c).map(CodegenUnit::crate).orElse(null);
                if (owner != null && stayingUnit.containsKey(owner)) {
                    decisions.put(c.id(), d.kept(Rule.KEPT_WITH_CRATE, List.of(), stayingUnit.get(owner)));
                    changed = true;
                    continue;
                }
                if (unitCrate != null && stayingNative.containsKey(unitCrate)) {
                    decisions.put(c.id(), d.kept(Rule.KEPT_WITH_NATIVE, List.of(), stayingNative.get(unitCrate)));
                    changed = true;
                    continue;
                }
                if (unknown != null) {
                    decisions.put(c.id(), d.kept(Rule.UNKNOWN_SIBLING_REFERENCES, List.of(), unknown.name()));
                    changed = true;
                    continue;
                }
                Set<String> missing = new LinkedHashSet<>();
                Set<String> elsewhere = new LinkedHashSet<>();
                Set<String> unit = unitDefines(c);
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
