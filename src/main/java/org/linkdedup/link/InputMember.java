package org.linkdedup.link;

import java.util.ArrayList;
import java.util.List;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolSource;

/**
 * One member of a link (an archive member, or a plain object file) with the symbols the rest of
 * linkdedup uses. For index-only members (bitcode without a readable symbol table, an object no
 * reader decodes) {@link #symbols()} holds the archive index's names as global definitions of
 * which nothing else is known (no type, no size, no section) and {@link #undefinedKnown()} is false.
 *
 * @param id             where it is in the link
 * @param file           the input as given on the command line
 * @param name           the member name, or null for a plain object file
 * @param object         what its reader made of it
 * @param symbols        the symbols to link with
 * @param undefinedKnown whether the member's references are known
 */
public record InputMember(MemberId id, String file, String name, ObjectFile object, List<Symbol> symbols,
        boolean undefinedKnown) {

    public SymbolSource source() {
        return object.source();
    }

    /**
     * The names of its external definitions ({@link Symbol#isExternalDefinition()}: global, weak or
     * unique, common and absolute included), in table order: what a linker can bind another member's
     * reference to, what a fresh archive index lists for it, and what it offers an archive search
     * when its archive has no index.
     */
    public List<String> externalDefinitions() {
        List<String> out = new ArrayList<>();
        for (Symbol s : symbols) {
            if (s.isExternalDefinition()) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** This member with {@code rewritten} as its symbols (what a symbol rewrite makes of it). */
    public InputMember withSymbols(List<Symbol> rewritten) {
        return new InputMember(id, file, name, object, List.copyOf(rewritten), undefinedKnown);
    }

    /**
     * A key equal for members that have the same bytes as far as the loader knows: those that share
     * their reader's result (see {@link InputLoader}); a member whose bytes matched no other's has a
     * key of its own. Work that depends on a member's bytes alone (checking or making a symbol
     * rewrite) can be done once per key.
     */
    public Object bytesKey() {
        return new SameObject(object);
    }

    /** An object compared by identity: the loader gives members with the same bytes one object. */
    private record SameObject(ObjectFile object) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SameObject s && s.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }

    /** {@code FILE(MEMBER)} or {@code FILE}. */
    public String display() {
        return name == null ? file : file + "(" + name + ")";
    }

    @Override
    public String toString() {
        return display();
    }
}
