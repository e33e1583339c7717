package org.linkdedup.plan;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.linkdedup.objfile.SymbolEdits;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.MemberId;

/**
 * A dedup plan: what to drop from which wrapper, which symbol bindings to rewrite in the members that
 * stay, and what stays unresolved, with reasons. A value the writer and the report consume.
 *
 * @param rewrites  every symbol rewritten, in member then symbol order
 * @param conflicts every duplicate the plan leaves (or rewrite it could not make), in symbol order
 * @param unmatched the {@code --localize} names no kept wrapper member defines (nothing localized), sorted
 */
public record Plan(PlanOptions options, List<WrapperPlan> wrappers, List<Rewrite> rewrites, List<Conflict> conflicts,
        List<String> unmatched) {

    public Plan {
        wrappers = List.copyOf(wrappers);
        rewrites = List.copyOf(rewrites);
        conflicts = List.copyOf(conflicts);
        unmatched = List.copyOf(unmatched);
    }

    /** A plan of drops only. */
    public Plan(PlanOptions options, List<WrapperPlan> wrappers) {
        this(options, wrappers, List.of(), List.of(), List.of());
    }

    /** This plan's drops (and unmatched names) with {@code newRewrites} and {@code newConflicts}. */
    public Plan withRewrites(List<Rewrite> newRewrites, List<Conflict> newConflicts) {
        return new Plan(options, wrappers, newRewrites, newConflicts, unmatched);
    }

    /** The rewrites as the editors take them, by member, in member order. */
    public Map<MemberId, SymbolEdits> edits() {
        return editsOf(rewrites);
    }

    /** {@code rs} as the editors take them, by member, in member order. */
    static Map<MemberId, SymbolEdits> editsOf(Collection<Rewrite> rs) {
        Map<MemberId, Set<String>> weaken = new TreeMap<>();
        Map<MemberId, Set<String>> localize = new TreeMap<>();
        Map<MemberId, Set<String>> unreferenced = new TreeMap<>();
        for (Rewrite r : rs) {
            (r.action() == Rewrite.Action.WEAKEN ? weaken : localize).computeIfAbsent(r.member(), k -> new TreeSet<>()).add(r.symbol());
            if (r.insteadOfWeakening()) {
                unreferenced.computeIfAbsent(r.member(), k -> new TreeSet<>()).add(r.symbol());
            }
        }
        Set<MemberId> members = new TreeSet<>(weaken.keySet());
        members.addAll(localize.keySet());
        Map<MemberId, SymbolEdits> out = new LinkedHashMap<>();
        for (MemberId id : members) {
            out.put(id, new SymbolEdits(weaken.getOrDefault(id, Set.of()), localize.getOrDefault(id, Set.of()),
                    unreferenced.getOrDefault(id, Set.of())));
        }
        return out;
    }

    public Set<MemberId> dropped() {
        Set<MemberId> out = new HashSet<>();
        for (WrapperPlan w : wrappers) {
            for (Decision d : w.decisions()) {
                if (d.drop()) {
                    out.add(d.member());
                }
            }
        }
        return out;
    }

    public long droppedCount() {
        return wrappers.stream().mapToLong(WrapperPlan::droppedCount).sum();
    }

    public long changedArchives() {
        return wrappers.stream().filter(WrapperPlan::changes).count();
    }
}
