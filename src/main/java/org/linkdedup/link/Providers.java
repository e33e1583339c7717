package org.linkdedup.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.archive.Archive;

/**
 * Which names each archive member offers to the linker's archive search: the names its archive's
 * symbol index (armap, table of contents) lists for it, as a linker reads them; for an archive
 * without an index (which GNU ld and ld64 refuse) or a synthetic input, the member's external
 * definitions. Built once per simulation; excluded members offer nothing.
 */
final class Providers {
    private final List<LoadedInput> inputs;
    private final LinkOptions options;
    private final List<List<List<String>>> offered;              // [input][member] -> names; null for objects
    private final Map<Integer, Map<String, InputMember>> firstInArchive = new HashMap<>();

    Providers(List<LoadedInput> inputs, LinkOptions options) {
        this.inputs = inputs;
        this.options = options;
        this.offered = new ArrayList<>(inputs.size());
        for (LoadedInput in : inputs) {
            offered.add(isArchive(in) ? namesOf(in) : null);
        }
    }

    /**
     * Whether {@code in} is an archive: it has an {@link Archive}, or (a synthetic input) its
     * members have names, which a plain object file's single member never has.
     */
    static boolean isArchive(LoadedInput in) {
        return in.isArchive() || in.members().stream().anyMatch(m -> m.name() != null);
    }

    private static List<List<String>> namesOf(LoadedInput in) {
        int n = in.members().size();
        Archive a = in.archive();
        if (a != null && !in.freshIndex() && a.index().isPresent() && a.members().size() == n) {
            return a.indexNamesByMember();
        }
        List<List<String>> out = new ArrayList<>(n);
        for (InputMember m : in.members()) {
            out.add(m.externalDefinitions());
        }
        return out;
    }

    boolean isArchive(int input) {
        return offered.get(input) != null;
    }

    /** The names archive member {@code m} offers, in index order; none when it is excluded. */
    List<String> offered(InputMember m) {
        if (options.isExcluded(m.id())) {
            return List.of();
        }
        List<List<String>> byMember = offered.get(m.id().input());
        return byMember == null ? List.of() : byMember.get(m.id().position());
    }

    /**
     * The member an ld64-style table-of-contents lookup of {@code name} in archive {@code input}
     * finds: the first (not excluded) member offering it, or null.
     */
    InputMember firstInArchive(int input, String name) {
        Map<String, InputMember> byName = firstInArchive.computeIfAbsent(input, i -> {
            Map<String, InputMember> map = new HashMap<>();
            for (InputMember m : inputs.get(i).members()) {
                for (String n : offered(m)) {
                    map.putIfAbsent(n, m);
                }
            }
            return map;
        });
        return byName.get(name);
    }
}
