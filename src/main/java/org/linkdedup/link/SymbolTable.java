package org.linkdedup.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.link.LinkResult.Definition;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.link.LinkResult.Strength;
import org.linkdedup.objfile.Symbol;

/**
 * The core every model shares: one {@link SymbolState} per name, keyed by the interned name
 * strings; the COMDAT groups already kept; the duplicates met so far. Only non-local symbols take
 * part, whatever their visibility: ELF hidden, Mach-O private-extern and {@code .llvm.}-suffixed
 * names collide and bind across members like any other global.
 */
final class SymbolTable {
    private final Resolution resolution;
    private final Map<String, SymbolState> states = new HashMap<>(1 << 14);
    private final Map<String, MemberId> comdats = new HashMap<>();
    private final Map<String, InputMember> comdatHolders = new HashMap<>();
    private final List<Duplicate> duplicates = new ArrayList<>();
    private final Set<String> undefined = new HashSet<>();     // referenced, not (yet) defined
    private final Set<String> common = new HashSet<>();        // bound to a common definition

    SymbolTable(Resolution resolution) {
        this.resolution = resolution;
    }

    SymbolState find(String name) {
        return states.get(name);
    }

    SymbolState state(String name) {
        SymbolState s = states.get(name);
        if (s == null) {
            s = new SymbolState(name);
            states.put(name, s);
        }
        return s;
    }

    /**
     * Adds every external definition of {@code m}. A definition in a COMDAT group that another
     * member already provided is dropped without a diagnostic (the group's first copy is kept),
     * unless the resolution says otherwise ({@link Resolution#comdatClash}: lld-link's selections
     * may report a duplicate, or let the new copy replace the kept one).
     *
     * @param lateLoad whether {@code m} was loaded from an archive after the initial objects
     */
    void define(InputMember m, boolean lateLoad) {
        Map<String, Resolution.ComdatClash> clashes = null;
        for (Symbol s : m.symbols()) {
            if (!s.isExternalDefinition()) {
                continue;
            }
            String key = s.comdat();
            if (key != null) {
                Resolution.ComdatClash clash = clashes == null ? null : clashes.get(key);
                if (clash == null) {
                    MemberId owner = comdats.putIfAbsent(key, m.id());
                    InputMember holder = comdatHolders.putIfAbsent(key, m);
                    if (owner != null && !owner.equals(m.id())) {
                        clash = resolution.comdatClash(holder, m, key);
                        if (clashes == null) {
                            clashes = new HashMap<>();
                        }
                        clashes.put(key, clash);
                        if (clash == Resolution.ComdatClash.DUPLICATE) {
                            duplicates.add(new Duplicate(key, owner, m.id(), resolution.severity(lateLoad)));
                        } else if (clash == Resolution.ComdatClash.REPLACE) {
                            comdats.put(key, m.id());
                            comdatHolders.put(key, m);
                        }
                    }
                }
                if (clash == Resolution.ComdatClash.REPLACE) {
                    SymbolState st = state(s.name());
                    Definition d = new Definition(m.id(), s);
                    st.addDefinition(d);
                    bind(st, d);
                    continue;
                }
                if (clash != null) {
                    continue;
                }
            }
            resolve(state(s.name()), new Definition(m.id(), s), lateLoad);
        }
    }

    private void resolve(SymbolState s, Definition added, boolean lateLoad) {
        s.addDefinition(added);
        Definition existing = s.winner();
        if (existing == null) {
            bind(s, added);
            return;
        }
        int order = Integer.compare(resolution.rank(added.strength()), resolution.rank(existing.strength()));
        if (order > 0) {
            bind(s, added);
        } else if (order == 0 && added.strength() == Strength.STRONG) {
            Severity severity = resolution.severity(lateLoad);
            duplicates.add(new Duplicate(s.name(), existing.member(), added.member(), severity));
            bind(s, resolution.keep(existing, added, severity));
        } else if (order == 0 && added.strength() == Strength.COMMON && resolution.largerCommonReplaces()
                && added.symbol().size() > existing.symbol().size()) {
            bind(s, added);
        }
        // else: a weak or common definition gives way, or merges, silently; the first one stays
    }

    private void bind(SymbolState s, Definition d) {
        s.setWinner(d);
        undefined.remove(s.name());
        if (d.strength() == Strength.COMMON) {
            common.add(s.name());
        } else {
            common.remove(s.name());
        }
    }

    /** Records that {@code from} refers to {@code name}; returns the name's state. */
    SymbolState reference(String name, MemberId from, boolean weak) {
        SymbolState s = state(name);
        s.addReference(from, weak);
        if (s.winner() == null) {
            undefined.add(name);
        }
        return s;
    }

    /** Records every reference of {@code m} (none when its references are unknown). */
    void referenceAll(InputMember m) {
        if (!m.undefinedKnown()) {
            return;
        }
        for (Symbol s : m.symbols()) {
            if (s.isUndefined() && s.isExternal()) {
                reference(s.name(), m.id(), s.isWeak());
            }
        }
    }

    /** Names referenced and not defined so far (a live view). */
    Set<String> undefinedNames() {
        return undefined;
    }

    /** Names bound to a common definition so far (a live view). */
    Set<String> commonNames() {
        return common;
    }

    Map<String, SymbolState> states() {
        return states;
    }

    Map<String, MemberId> comdats() {
        return comdats;
    }

    List<Duplicate> duplicates() {
        return duplicates;
    }
}
