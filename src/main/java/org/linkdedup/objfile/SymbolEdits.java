package org.linkdedup.objfile;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a symbol editor ({@link ElfEditor}, {@link MachOEditor}, {@link CoffEditor}) is asked to
 * change in one object: the external definitions to make weak ({@code STB_WEAK}; Mach-O
 * {@code N_WEAK_DEF}) and those to make local ({@code STB_LOCAL}; Mach-O without {@code N_EXT};
 * COFF {@code IMAGE_SYM_CLASS_STATIC}). Names are symbol names as the readers decode them
 * (ISO-8859-1, one char per byte). A name may not be in both sets.
 *
 * @param weaken       names of defined external symbols to weaken
 * @param localize     names of defined external symbols to localize (objcopy {@code --localize-symbol})
 * @param unreferenced the names of {@code localize} that stand in for weakening (COFF, which has no
 *                     weak definition to write in place): localized only when nothing else in the
 *                     object uses that definition, else refused. Only {@link CoffEditor} accepts them.
 */
public record SymbolEdits(Set<String> weaken, Set<String> localize, Set<String> unreferenced) {
    public SymbolEdits {
        weaken = Set.copyOf(new TreeSet<>(weaken));
        localize = Set.copyOf(new TreeSet<>(localize));
        unreferenced = Set.copyOf(new TreeSet<>(unreferenced));
        if (!localize.containsAll(unreferenced)) {
            throw new IllegalArgumentException("names to localize unreferenced must be names to localize: " + unreferenced);
        }
    }

    /** A request without stand-ins for weakening. */
    public SymbolEdits(Set<String> weaken, Set<String> localize) {
        this(weaken, localize, Set.of());
    }

    /** A request that only weakens. */
    public static SymbolEdits weaken(String... names) {
        return new SymbolEdits(Set.of(names), Set.of());
    }

    /** A request that only localizes. */
    public static SymbolEdits localize(String... names) {
        return new SymbolEdits(Set.of(), Set.of(names));
    }

    /** A request that localizes {@code names} in place of weakening them (see {@link #unreferenced()}). */
    public static SymbolEdits localizeUnreferenced(String... names) {
        return new SymbolEdits(Set.of(), Set.of(names), Set.of(names));
    }

    /** Written out, not made by {@code ObjectMethods} at its first call: a rewrite's memo keys by it on every run's path. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolEdits e && e.weaken.equals(weaken) && e.localize.equals(localize) && e.unreferenced.equals(unreferenced);
    }

    @Override
    public int hashCode() {
        return (weaken.hashCode() * 31 + localize.hashCode()) * 31 + unreferenced.hashCode();
    }
}
