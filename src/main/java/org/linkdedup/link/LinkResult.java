package org.linkdedup.link;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.linkdedup.objfile.Symbol;

/**
 * What a simulated link did: which members it loaded and why, what each name binds to, what stays
 * undefined, and the duplicate definitions with the number of diagnostics the linker prints for
 * them. Immutable; made by {@link LinkSimulator}.
 */
public final class LinkResult {
    private final List<LoadedInput> inputs;
    private final LinkOptions options;
    private final List<MemberId> loaded;
    private final Set<MemberId> loadedSet;
    private final Map<MemberId, LoadReason> reasons;
    private final Map<String, SymbolState> symbols;
    private final Map<String, MemberId> comdats;
    private final List<Unresolved> unresolved;
    private final List<Duplicate> duplicates;
    private final int diagnostics;

    LinkResult(List<LoadedInput> inputs, LinkOptions options, List<MemberId> loaded, Map<MemberId, LoadReason> reasons,
            Map<String, SymbolState> symbols, Map<String, MemberId> comdats, List<Unresolved> unresolved,
            List<Duplicate> duplicates, int diagnostics) {
        this.inputs = inputs;
        this.options = options;
        this.loaded = List.copyOf(loaded);
        this.loadedSet = Set.copyOf(loaded);
        this.reasons = Collections.unmodifiableMap(reasons);
        this.symbols = Collections.unmodifiableMap(symbols);
        this.comdats = Collections.unmodifiableMap(comdats);
        this.unresolved = List.copyOf(unresolved);
        this.duplicates = List.copyOf(duplicates);
        this.diagnostics = diagnostics;
    }

    public LinkOptions options() {
        return options;
    }

    public LinkerModel model() {
        return options.model();
    }

    /** The inputs the link was simulated on. */
    public List<LoadedInput> inputs() {
        return inputs;
    }

    /** The member {@code id} names. */
    public InputMember member(MemberId id) {
        return inputs.get(id.input()).members().get(id.position());
    }

    /** Every loaded member (objects and archive members), in the order the linker loaded them. */
    public List<MemberId> loaded() {
        return loaded;
    }

    public boolean isLoaded(MemberId id) {
        return loadedSet.contains(id);
    }

    /** Why {@code id} was loaded; empty when it was not. */
    public Optional<LoadReason> loadReason(MemberId id) {
        return Optional.ofNullable(reasons.get(id));
    }

    /** The member whose definition {@code name} binds to; empty when nothing loaded defines it. */
    public Optional<MemberId> bindingOf(String name) {
        return winningDefinition(name).map(Definition::member);
    }

    /** The definition {@code name} binds to. */
    public Optional<Definition> winningDefinition(String name) {
        SymbolState s = symbols.get(name);
        return s == null ? Optional.empty() : Optional.ofNullable(s.winner());
    }

    /**
     * Every definition of {@code name} among the loaded members, in the order the linker saw them.
     * Definitions discarded with a COMDAT group that another member already provided are not listed.
     */
    public List<Definition> definitionsOf(String name) {
        SymbolState s = symbols.get(name);
        return s == null ? List.of() : s.definitions();
    }

    /** Every name some loaded member defines or references. */
    public Set<String> names() {
        return symbols.keySet();
    }

    /** For every defined name, the member it binds to. Computed on each call. */
    public Map<String, MemberId> winners() {
        Map<String, MemberId> out = new HashMap<>(symbols.size() * 2);
        for (SymbolState s : symbols.values()) {
            if (s.winner() != null) {
                out.put(s.name(), s.winner().member());
            }
        }
        return out;
    }

    /** Strong references that no loaded member defines, sorted by name, each with its first referrer. */
    public List<Unresolved> unresolved() {
        return unresolved;
    }

    /** Every clash of two strong definitions, in the order the linker met them. */
    public List<Duplicate> duplicates() {
        return duplicates;
    }

    /** How many duplicate-symbol diagnostics the linker prints (errors, or ld64's warnings). */
    public int diagnostics() {
        return diagnostics;
    }

    /**
     * For each name {@code id} refers to, the member that name binds to (empty when unresolved), in
     * the member's symbol-table order. A reference is an undefined symbol of the member, or one of
     * its definitions discarded with a COMDAT group another member provided (its code then uses the
     * kept copy). Empty for a member that was not loaded or whose references are unknown.
     */
    public Map<String, Optional<MemberId>> referencesOf(MemberId id) {
        if (!isLoaded(id)) {
            return Map.of();
        }
        InputMember m = member(id);
        if (!m.undefinedKnown()) {
            return Map.of();
        }
        Map<String, Optional<MemberId>> out = new LinkedHashMap<>();
        for (Symbol s : m.symbols()) {
            if (!s.isExternal()) {
                continue;
            }
            boolean discarded = s.isDefined() && s.comdat() != null && !id.equals(comdats.get(s.comdat()));
            if (s.isUndefined() || discarded) {
                out.putIfAbsent(s.name(), bindingOf(s.name()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** How a definition competes with others of its name. */
    public enum Strength {
        /** A regular global definition (also absolute and indirect ones): two of them clash. */
        STRONG,
        /** A weak definition: gives way to a strong one, never clashes. */
        WEAK,
        /** A common (tentative) definition: merges with others of its name. */
        COMMON;

        public static Strength of(Symbol s) {
            if (s.definition() == Symbol.Definition.COMMON) {
                return COMMON;
            }
            return s.isWeak() ? WEAK : STRONG;
        }
    }

    /** One definition of a name: which member, and its symbol-table entry. */
    public record Definition(MemberId member, Symbol symbol) {
        public Definition {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(symbol, "symbol");
        }

        public Strength strength() {
            return Strength.of(symbol);
        }
    }

    /**
     * Why a member was loaded.
     *
     * @param kind     what loaded it
     * @param referrer for {@link Kind#REFERENCE} the member whose reference pulled it in; for
     *                 {@link Kind#COMMON} the member whose common definition it replaces; else null
     * @param symbol   the name concerned, or null
     */
    public record LoadReason(Kind kind, MemberId referrer, String symbol) {
        public enum Kind {
            /** A plain object file: always loaded. */
            OBJECT,
            /** {@code --whole-archive} / {@code -force_load}. */
            FORCED,
            /** It defines a name that a loaded member references. */
            REFERENCE,
            /** It defines a data name that so far had only a common definition (GNU ld, ld64). */
            COMMON
        }

        public static LoadReason object() {
            return new LoadReason(Kind.OBJECT, null, null);
        }

        public static LoadReason forced() {
            return new LoadReason(Kind.FORCED, null, null);
        }

        public static LoadReason reference(MemberId referrer, String symbol) {
            return new LoadReason(Kind.REFERENCE, Objects.requireNonNull(referrer), Objects.requireNonNull(symbol));
        }

        public static LoadReason common(MemberId holder, String symbol) {
            return new LoadReason(Kind.COMMON, Objects.requireNonNull(holder), Objects.requireNonNull(symbol));
        }
    }

    /** How the linker reports a duplicate. */
    public enum Severity { ERROR, WARNING }

    /**
     * Two strong definitions of one name.
     *
     * @param existing the definition the name was bound to when {@code added} came
     */
    public record Duplicate(String symbol, MemberId existing, MemberId added, Severity severity) {
    }

    /** A strong reference nothing loaded defines, and the first member that made it. */
    public record Unresolved(String symbol, MemberId referrer) {
    }
}
