package org.linkdedup.link;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.linkdedup.link.LinkResult.Definition;

/**
 * What the link knows about one name: its definitions, the one it binds to, who refers to it and,
 * for the lazy models, the first archive member offering it. Mutated only by {@link SymbolTable}
 * during one simulation and read-only afterwards.
 */
final class SymbolState {
    private final String name;
    private Definition winner;
    private Object definitions;          // null, one Definition, or an ArrayList of them: most names have one
    private MemberId firstReferrer;
    private MemberId firstStrongReferrer;
    private InputMember lazy;

    SymbolState(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    Definition winner() {
        return winner;
    }

    void setWinner(Definition d) {
        winner = d;
    }

    @SuppressWarnings("unchecked")
    List<Definition> definitions() {
        if (definitions == null) {
            return List.of();
        }
        if (definitions instanceof Definition d) {
            return List.of(d);
        }
        return Collections.unmodifiableList((List<Definition>) definitions);
    }

    @SuppressWarnings("unchecked")
    void addDefinition(Definition d) {
        if (definitions == null) {
            definitions = d;
        } else if (definitions instanceof Definition first) {
            List<Definition> l = new ArrayList<>(2);
            l.add(first);
            l.add(d);
            definitions = l;
        } else {
            ((List<Definition>) definitions).add(d);
        }
    }

    boolean isReferenced() {
        return firstReferrer != null;
    }

    boolean isStronglyReferenced() {
        return firstStrongReferrer != null;
    }

    /** The first member that referred to the name (weakly or strongly), or null. */
    MemberId firstReferrer() {
        return firstReferrer;
    }

    /** The first member that referred to the name strongly, or null. */
    MemberId firstStrongReferrer() {
        return firstStrongReferrer;
    }

    void addReference(MemberId from, boolean weak) {
        if (firstReferrer == null) {
            firstReferrer = from;
        }
        if (!weak && firstStrongReferrer == null) {
            firstStrongReferrer = from;
        }
    }

    /** The archive member the name would be fetched from (lazy models), or null. */
    InputMember lazy() {
        return lazy;
    }

    void setLazy(InputMember m) {
        lazy = m;
    }
}
