package org.linkdedup.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An archive's symbol index (armap / table of contents), decoded and checked: each entry names a
 * symbol and the position of the member that defines it, in index order.
 */
public record SymbolIndex(IndexKind kind, List<Entry> entries) {

    public record Entry(String symbol, int member) {
    }

    public SymbolIndex {
        entries = List.copyOf(entries);
    }

    public static SymbolIndex none() {
        return new SymbolIndex(IndexKind.NONE, List.of());
    }

    public boolean isPresent() {
        return kind != IndexKind.NONE;
    }

    /** The names the index gives member {@code position}, in index order. */
    public List<String> namesOf(int position) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.member() == position) {
                out.add(e.symbol());
            }
        }
        return out;
    }

    /** The names the index gives each member, by member position. */
    public List<List<String>> namesByMember(int memberCount) {
        List<List<String>> out = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            out.add(new ArrayList<>());
        }
        for (Entry e : entries) {
            out.get(e.member()).add(e.symbol());
        }
        for (int i = 0; i < memberCount; i++) {
            out.set(i, Collections.unmodifiableList(out.get(i)));
        }
        return out;
    }
}
