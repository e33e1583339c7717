package org.linkdedup.objfile;

import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link ElfEditor} or {@link MachOEditor} is asked to change in one object: the external
 * definitions to make weak ({@code STB_WEAK}; Mach-O {@code N_WEAK_DEF}) and those to make local
 * ({@code STB_LOCAL}; Mach-O without {@code N_EXT}). Names are symbol names as the readers
 * decode them (ISO-8859-1, one char per byte). A name may not be in both sets.
 *
 * @param weaken   names of defined external symbols to weaken
 * @param localize names of defined external symbols to localize (objcopy {@code --localize-symbol})
 */
public record SymbolEdits(Set<String> weaken, Set<String> localize) {
    public SymbolEdits {
        weaken = Set.copyOf(new TreeSet<>(weaken));
        localize = Set.copyOf(new TreeSet<>(localize));
    }

    /** A request that only weakens. */
    public static SymbolEdits weaken(String... names) {
        return new SymbolEdits(Set.of(names), Set.of());
    }

    /** A request that only localizes. */
    public static SymbolEdits localize(String... names) {
        return new SymbolEdits(Set.of(), Set.of(names));
    }
}
