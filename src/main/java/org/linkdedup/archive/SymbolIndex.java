package org.linkdedup.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An archive's symbol index (armap / table of contents), decoded and checked: each entry names a
 * symbol and the position of the member that defines it, in index order.
 *
 * @param kind    which index it is
 * @param entries the entries in the order a linker searches them: the index's own order (for a
 *                COFF archive the second linker member's, sorted by name)
 * @param listing the same entries in the order the archive lists them member by member: a COFF
 *                archive's first linker member (ascending member offsets, each member's names in the
 *                order its writer gave them); for every other kind {@code entries} itself
 */
public record SymbolIndex(IndexKind kind, List<Entry> entries, List<Entry> listing) {

    public record Entry(String symbol, int member) {
        // Written out: a record's generated equals and hashCode run through method handles, which the
        // C1-only JIT of bin/linkdedup does not inline (the verifier compares thousands of entries an archive).
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && member == e.member && symbol.equals(e.symbol);
        }

        @Override
        public int hashCode() {
            return 31 * symbol.hashCode() + member;
        }
    }

    public SymbolIndex {
        entries = List.copyOf(entries);
        listing = List.copyOf(listing);
    }

    /** An index whose listing is its own order (every kind but COFF). */
    public SymbolIndex(IndexKind kind, List<Entry> entries) {
        this(kind, entries, entries);
    }

    public static SymbolIndex none() {
        return new SymbolIndex(IndexKind.NONE, List.of());
    }

    public boolean isPresent() {
        return kind != IndexKind.NONE;
    }

    /** The names the index gives member {@code position}, in the order the archive lists them ({@link #listing}). */
    public List<String> namesOf(int position) {
        List<String> out = new ArrayList<>();
        for (Entry e : listing) {
            if (e.member() == position) {
                out.add(e.symbol());
            }
        }
        return out;
    }

    /** The names the index gives each member, by member position, in the order the archive lists them. */
    public List<List<String>> namesByMember(int memberCount) {
        List<List<String>> out = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            out.add(new ArrayList<>());
        }
        for (Entry e : listing) {
            out.get(e.member()).add(e.symbol());
        }
        for (int i = 0; i < memberCount; i++) {
            out.set(i, Collections.unmodifiableList(out.get(i)));
        }
        return out;
    }
}
