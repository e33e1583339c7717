package org.linkdedup.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.Symbol;

/**
 * Finds what shadows a later unit in a simulated link: symbols a codegen unit of a later input
 * defines that bind to an earlier member instead, either a copy of the same unit from another build
 * (other hashes: an older runtime bundled into a provider) or another member altogether (a stub).
 * The earlier definition is what the program runs and the later one (the standalone runtime
 * archive, usually the real and newer implementation) is never used, and nothing fails at link
 * time (upstream perry #10458). Copies of the same build are the same code and are not reported, nor
 * is rustc's allocator shim ({@link CodegenUnit#isAllocatorShimSymbol}), which every staticlib carries; a
 * copy shadowed for some symbols and loaded for others is also a split runtime ({@link SplitHazards}).
 */
public final class StaleCopies {
    private static final int EXAMPLES = 3;

    private StaleCopies() {
    }

    /** A symbol both define; the sizes as each symbol table gives them (0 when it gives none). */
    public record Shadowed(String symbol, long winnerSize, long laterSize) {
        /** Whether the two definitions have different sizes: one of them is a stub or another version. */
        public boolean sizesDiffer() {
            return winnerSize != laterSize;
        }
    }

    /**
     * {@code winner} (loaded, in an earlier input) shadows {@code later} for {@code symbols} symbols,
     * {@code differing} of them with other sizes; examples list those that differ first.
     * {@code winnerUnit} is empty when the winner is no codegen unit; {@code olderCopy} when it is
     * another build of the same unit rather than another member (a stub).
     */
    public record Stale(String unit, MemberId winner, Optional<CodegenUnit> winnerUnit, MemberId later, CodegenUnit laterUnit,
            int symbols, int differing, List<Shadowed> examples, boolean olderCopy) {
    }

    /** What shadows units of {@code crates} (every crate when empty), by later member, then winner. */
    public static List<Stale> find(LinkResult r, Set<String> crates) {
        List<Stale> out = new ArrayList<>();
        for (LoadedInput in : r.inputs()) {
            for (InputMember m : in.members()) {
                Optional<CodegenUnit> u = CodegenUnit.of(m.name(), m.symbols());
                if (u.isEmpty() || !crates.isEmpty() && !crates.contains(u.get().crate())) {
                    continue;
                }
                out.addAll(shadowing(r, m, u.get()));
            }
        }
        return out;
    }

    /** The earlier members that win symbols {@code later} defines, one {@link Stale} each. */
    private static List<Stale> shadowing(LinkResult r, InputMember later, CodegenUnit lu) {
        Map<MemberId, List<Shadowed>> byWinner = new TreeMap<>();
        Map<MemberId, Optional<CodegenUnit>> unitOf = new HashMap<>();
        Map<MemberId, Relation> relation = new HashMap<>();
        for (Symbol s : later.symbols()) {
            if (!s.isExternalDefinition() || CodegenUnit.isAllocatorShimSymbol(s.name())) {
                continue;   // every staticlib carries rustc's allocator shim: the first one wins, by design
            }
            Optional<LinkResult.Definition> win = r.winningDefinition(s.name());
            if (win.isEmpty() || win.get().member().input() >= later.id().input()) {
                continue;
            }
            MemberId w = win.get().member();
            Optional<CodegenUnit> wu = unitOf.computeIfAbsent(w, id -> CodegenUnit.of(r.member(id).name(), r.member(id).symbols()));
            if (relation.computeIfAbsent(w, id -> Relation.of(wu, r.member(id), lu, later)).sameBuild()) {
                continue;   // the same build: the same code
            }
            byWinner.computeIfAbsent(w, k -> new ArrayList<>()).add(new Shadowed(s.name(), win.get().symbol().size(), s.size()));
        }
        List<Stale> out = new ArrayList<>();
        for (Map.Entry<MemberId, List<Shadowed>> e : byWinner.entrySet()) {
            List<Shadowed> differ = e.getValue().stream().filter(Shadowed::sizesDiffer).toList();
            List<Shadowed> same = e.getValue().stream().filter(x -> !x.sizesDiffer()).toList();
            List<Shadowed> examples = new ArrayList<>(differ.subList(0, Math.min(EXAMPLES, differ.size())));
            examples.addAll(same.subList(0, Math.min(EXAMPLES - examples.size(), same.size())));
            out.add(new Stale(lu.key(), e.getKey(), unitOf.get(e.getKey()), later.id(), lu, e.getValue().size(), differ.size(),
                    List.copyOf(examples), relation.get(e.getKey()).sameUnit()));
        }
        return out;
    }

    /**
     * A definition that loses to an earlier member: in {@code later}, a codegen unit of a later input,
     * with {@code olderCopy} when the winner is another build of the same unit (of graph {@code winnerGraph}).
     */
    public record Loser(MemberId later, CodegenUnit laterUnit, boolean olderCopy, String winnerGraph) {
    }

    /**
     * For {@code --why}: each definition of {@code name} in a codegen unit of an input after
     * {@code winner}'s that loses to it, unless the winner is the same build of that unit.
     */
    public static List<Loser> losers(LinkResult r, String name, MemberId winner) {
        if (CodegenUnit.isAllocatorShimSymbol(name)) {
            return List.of();
        }
        InputMember wm = r.member(winner);
        Optional<CodegenUnit> wu = CodegenUnit.of(wm.name(), wm.symbols());
        List<Loser> out = new ArrayList<>();
        for (LoadedInput in : r.inputs()) {
            if (in.index() <= winner.input()) {
                continue;
            }
            for (InputMember m : in.members()) {
                Optional<CodegenUnit> u = CodegenUnit.of(m.name(), m.symbols());
                if (u.isEmpty() || m.symbols().stream().noneMatch(s -> s.name().equals(name) && s.isExternalDefinition())) {
                    continue;
                }
                Relation rel = Relation.of(wu, wm, u.get(), m);
                if (rel.sameBuild()) {
                    continue;   // the same build of the unit: the same code
                }
                out.add(new Loser(m.id(), u.get(), rel.sameUnit(), rel.winnerGraph()));
            }
        }
        return out;
    }

    /**
     * How an earlier winner stands to a later unit, compared as {@link CodegenUnit#comparable} reads
     * both: the same unit (another build of it: an older copy), the same build too (the same code),
     * and the winner's graph when it is the same unit.
     */
    private record Relation(boolean sameUnit, boolean sameBuild, String winnerGraph) {
        static Relation of(Optional<CodegenUnit> winnerUnit, InputMember winner, CodegenUnit laterUnit, InputMember later) {
            Optional<CodegenUnit[]> pair = winnerUnit.flatMap(u -> CodegenUnit.comparable(u, winner.symbols(), laterUnit, later.symbols()));
            boolean sameUnit = pair.isPresent() && pair.get()[0].key().equals(pair.get()[1].key());
            return new Relation(sameUnit, sameUnit && pair.get()[0].sameGraph(pair.get()[1]), sameUnit ? pair.get()[0].graph() : null);
        }
    }
}
