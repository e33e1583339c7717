package org.linkdedup.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.linkdedup.analysis.CodegenUnit;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;

/**
 * Finds split runtimes in a simulated link: the same codegen unit loaded more than once, with
 * references from the rest of the program bound to one copy and other references bound to another.
 * Each copy then owns its own globals (a wait-driver slot, a microtask queue) and the two halves of
 * the program no longer see each other's state: "spawned tasks starve".
 *
 * <p>Copies are matched by {@link CodegenUnit#key()} (crate and unit number), so a copy from another
 * crate graph (other hashes) is a copy too; a copy whose name names no unit is matched by its Rust
 * symbols ({@link CodegenUnit#of(String, List)}) to a named copy holding the same code. A reference counts when it comes from a loaded member
 * outside the copies themselves.
 */
public final class SplitHazards {
    private static final int EXAMPLES = 3;

    private SplitHazards() {
    }

    /** A reference from {@code referrer} to {@code symbol} that binds to a copy. */
    public record Reference(String symbol, MemberId referrer) {
    }

    /** One live copy: where it is and what binds to it. */
    public record Side(MemberId copy, CodegenUnit unit, int references, List<Reference> examples) {
    }

    /** A unit with more than one live copy. */
    public record Hazard(String unit, List<Side> sides) {
        /** A stable identity for baselines: the unit and the places of its copies. */
        public String key(LinkResult r) {
            StringBuilder sb = new StringBuilder(unit);
            for (Side s : sides) {
                sb.append(" | ").append(r.member(s.copy()).display());
            }
            return sb.toString();
        }
    }

    /** Hazards among units of {@code crates} (every crate when empty), in link order of their first copy. */
    public static List<Hazard> find(LinkResult r, Set<String> crates) {
        Map<MemberId, CodegenUnit> unitOf = new LinkedHashMap<>();
        Set<String> bySymbols = new HashSet<>();   // crates with a copy known only by its symbols
        for (MemberId id : r.loaded()) {
            InputMember m = r.member(id);
            Optional<CodegenUnit> u = CodegenUnit.of(m.name(), m.symbols());
            if (u.isEmpty() || !crates.isEmpty() && !crates.contains(u.get().crate())) {
                continue;
            }
            unitOf.put(id, u.get());
            if (u.get().fromSymbols()) {
                bySymbols.add(u.get().crate());
            }
        }
        // A copy known by its symbols is the same unit as a named copy whose symbols give the same key.
        Map<String, String> namedKey = new HashMap<>();
        if (!bySymbols.isEmpty()) {
            unitOf.forEach((id, u) -> {
                if (!u.fromSymbols() && bySymbols.contains(u.crate())) {
                    CodegenUnit.ofSymbols(r.member(id).symbols()).ifPresent(su -> namedKey.putIfAbsent(su.key(), u.key()));
                }
            });
        }
        Map<String, List<MemberId>> copies = new LinkedHashMap<>();
        unitOf.forEach((id, u) -> copies.computeIfAbsent(u.fromSymbols() ? namedKey.getOrDefault(u.key(), u.key()) : u.key(),
                k -> new ArrayList<>()).add(id));
        copies.values().removeIf(l -> l.size() < 2);
        if (copies.isEmpty()) {
            return List.of();
        }
        Map<MemberId, String> groupOf = new HashMap<>();
        copies.forEach((k, l) -> l.forEach(id -> groupOf.put(id, k)));
        Map<MemberId, List<Reference>> incoming = new HashMap<>();
        for (MemberId x : r.loaded()) {
            String own = groupOf.get(x);
            for (Map.Entry<String, Optional<MemberId>> ref : r.referencesOf(x).entrySet()) {
                MemberId target = ref.getValue().orElse(null);
                if (target == null || !groupOf.containsKey(target) || groupOf.get(target).equals(own)) {
                    continue;
                }
                incoming.computeIfAbsent(target, t -> new ArrayList<>()).add(new Reference(ref.getKey(), x));
            }
        }
        List<Hazard> out = new ArrayList<>();
        for (Map.Entry<String, List<MemberId>> e : copies.entrySet()) {
            List<Side> live = new ArrayList<>();
            for (MemberId c : e.getValue()) {
                List<Reference> refs = incoming.getOrDefault(c, List.of());
                if (!refs.isEmpty()) {
                    live.add(new Side(c, unitOf.get(c), refs.size(), examples(refs)));
                }
            }
            if (live.size() >= 2) {
                live.sort(Comparator.comparing(Side::copy));
                out.add(new Hazard(e.getKey(), live));
            }
        }
        return out;
    }

    /** Up to a few examples, preferring references from plain objects and from other archives. */
    private static List<Reference> examples(List<Reference> refs) {
        List<Reference> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.comparing(Reference::referrer).thenComparing(Reference::symbol));
        return List.copyOf(sorted.subList(0, Math.min(EXAMPLES, sorted.size())));
    }
}
