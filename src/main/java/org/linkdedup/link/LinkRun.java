package org.linkdedup.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Unresolved;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.UniversalObject;

/**
 * One simulation in progress: the inputs, the shared {@link SymbolTable}, and the members loaded so
 * far with their reasons. Each model decides when to load what ({@link #run()}); this class does
 * the loading and builds the {@link LinkResult}. Used once.
 */
abstract class LinkRun {
    final List<LoadedInput> inputs;
    final LinkOptions options;
    final Providers providers;
    final SymbolTable table;
    private final List<MemberId> order = new ArrayList<>();
    private final Set<MemberId> loaded = new HashSet<>();
    private final Map<MemberId, LoadReason> reasons = new HashMap<>();

    LinkRun(List<LoadedInput> inputs, LinkOptions options, Resolution resolution) {
        this.inputs = inputs;
        this.options = options;
        this.providers = new Providers(inputs, options);
        this.table = new SymbolTable(resolution);
    }

    /** Decides, in this linker's order, which members to load. */
    abstract void run();

    /** Names a linker resolved to another name (lld-link's {@code /alternatename}), to that name. */
    final Map<String, String> aliases = new HashMap<>();

    /** The number of duplicate diagnostics the linker prints for {@code duplicates}. */
    int diagnostics(List<Duplicate> duplicates) {
        return duplicates.size();
    }

    final boolean isLoaded(InputMember m) {
        return loaded.contains(m.id());
    }

    /** Not loaded yet and not excluded. */
    final boolean isAvailable(InputMember m) {
        return !loaded.contains(m.id()) && !options.isExcluded(m.id());
    }

    /**
     * Loads {@code m}: records it and adds its definitions (not its references: each model reads
     * those in its own way). False when it was loaded already or is excluded.
     *
     * @param lateLoad loaded from an archive after the initial objects (ld64's duplicate rule)
     */
    final boolean load(InputMember m, LoadReason reason, boolean lateLoad) {
        if (!isAvailable(m)) {
            return false;
        }
        loaded.add(m.id());
        order.add(m.id());
        reasons.put(m.id(), reason);
        table.define(m, lateLoad);
        return true;
    }

    /**
     * Whether {@code m} has a definition of {@code name} that may replace a common one: external,
     * not itself common, and (per linker) not code or not weak.
     */
    static boolean replacesCommon(InputMember m, String name, boolean codeCounts, boolean weakCounts) {
        for (Symbol s : m.symbols()) {
            if (!s.name().equals(name) || !s.isExternalDefinition() || s.definition() == Symbol.Definition.COMMON) {
                continue;
            }
            if ((codeCounts || !isCode(m, s)) && (weakCounts || !s.isWeak())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether definition {@code s} is code to a linker asking for a data definition. ELF and bitcode
     * say so in the symbol's type: GNU ld takes {@code STT_FUNC} and {@code STT_GNU_IFUNC} for code
     * and anything else for data, an untyped label in {@code .text} included. A Mach-O entry has no
     * type: ld64 asks whether the section of the symbol's atom holds code, so there the section
     * decides.
     */
    static boolean isCode(InputMember m, Symbol s) {
        if (m.object() instanceof MachOObject || m.object() instanceof UniversalObject) {
            return s.sectionKind() == Symbol.SectionKind.CODE;
        }
        return s.type() == Symbol.Type.FUNCTION || s.type() == Symbol.Type.IFUNC;
    }

    final LinkResult result() {
        List<Unresolved> unresolved = new ArrayList<>();
        for (String name : table.undefinedNames()) {
            SymbolState s = table.find(name);
            String to = aliases.get(name);
            boolean aliasDefined = to != null && table.find(to) != null && table.find(to).winner() != null;
            if (s.isStronglyReferenced() && !aliasDefined) {
                unresolved.add(new Unresolved(name, s.firstStrongReferrer()));
            }
        }
        unresolved.sort(Comparator.comparing(Unresolved::symbol));
        return new LinkResult(inputs, options, order, reasons, table.states(), table.comdats(), unresolved,
                table.duplicates(), diagnostics(table.duplicates()));
    }
}
