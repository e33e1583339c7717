package org.linkdedup.plan;

import java.util.List;
import java.util.Objects;
import org.linkdedup.link.MemberId;

/**
 * A duplicate (or a requested rewrite) that the plan does not resolve, with the copies concerned and
 * why: the link would still print a duplicate-symbol diagnostic, or a stub would still win.
 *
 * @param symbol the symbol name
 * @param copies the members concerned: for a duplicate the copy the linker keeps first, then the
 *               one that clashes with it
 * @param kind   why it is not resolved
 * @param detail the reason in words (crate builds, sizes, the editor's refusal)
 */
public record Conflict(String symbol, List<MemberId> copies, Kind kind, String detail) {

    public Conflict {
        Objects.requireNonNull(symbol, "symbol");
        copies = List.copyOf(copies);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** Why a conflict is left. */
    public enum Kind {
        /** The copies come from different crate builds (or are not Rust codegen units at all). */
        DIFFERENT_BUILDS,
        /** A data symbol whose copies differ in size or section kind: weakening one would change the program. */
        DATA_DIFFERS,
        /** The copy to rewrite cannot be rewritten: LLVM bitcode, another format, a plain object, a thin archive's member. */
        NOT_REWRITABLE,
        /** The copy to rewrite is in the provider itself, which is never changed. */
        IN_PROVIDER,
        /** The format's editor refused (its reason is in {@link #detail()}). */
        EDIT_REFUSED
    }
}
