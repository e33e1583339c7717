package org.linkdedup.objfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.linkdedup.objfile.SymbolEditRefusedException.Refusal;

/**
 * What the symbol editors ({@link ElfEditor}, {@link MachOEditor}) share: a request's names walked
 * in order, each name's entries handed to the format's own edit, and every refusal collected so
 * that a request is applied whole or refused with all its reasons at once.
 */
final class EditDecisions {
    /** The format's edit of one symbol-table entry: null when done, else why it cannot be. */
    @FunctionalInterface
    interface EntryEdit {
        String apply(int entry, boolean weaken);
    }

    private final List<Refusal> refusals = new ArrayList<>();

    void refuse(String symbol, String reason) {
        refusals.add(new Refusal(symbol, reason));
    }

    /** Throws every refusal recorded so far, for the object {@code file}; nothing when there is none. */
    void throwIfAny(String file) {
        if (!refusals.isEmpty()) {
            throw new SymbolEditRefusedException(file, refusals);
        }
    }

    /**
     * Decides {@code request} name by name (sorted): a name asked both ways, or with no entry among
     * {@code entriesNamed}'s answer, is refused; every entry of the others goes to {@code edit}.
     */
    void decide(SymbolEdits request, Function<Set<String>, Map<String, List<Integer>>> entriesNamed, EntryEdit edit) {
        TreeSet<String> names = new TreeSet<>(request.weaken());
        names.addAll(request.localize());
        Map<String, List<Integer>> found = entriesNamed.apply(names);
        for (String name : names) {
            boolean weaken = request.weaken().contains(name);
            if (weaken && request.localize().contains(name)) {
                refuse(name, "asked both to weaken and to localize");
                continue;
            }
            List<Integer> entries = found.getOrDefault(name, List.of());
            if (entries.isEmpty()) {
                refuse(name, "no symbol of that name in the symbol table");
            }
            for (int i : entries) {
                String reason = edit.apply(i, weaken);
                if (reason != null) {
                    refuse(name, reason + " (symbol " + i + ")");
                }
            }
        }
    }
}
