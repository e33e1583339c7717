package org.linkdedup.plan;

import java.util.Objects;
import org.linkdedup.link.MemberId;

/**
 * One symbol binding the plan rewrites in one kept member.
 *
 * @param member the member whose symbol table changes (never one of the provider's)
 * @param symbol the symbol name
 * @param action what is done to its definition
 * @param reason why
 * @param kept   for {@link Reason#PROVIDER_COPY_WINS} and {@link Reason#LINKER_PICK_WINS}: the copy that
 *               stays strong and that every reference binds to; null for {@link Reason#REQUESTED}
 */
public record Rewrite(MemberId member, String symbol, Action action, Reason reason, MemberId kept) {

    public Rewrite {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Whether this is a localization standing in for weakening (a duplicate in a COFF member, whose
     * format has no in-place weak definition): allowed only where nothing else in the member uses
     * the copy, so that the link binds as it would to a weakened one.
     */
    public boolean insteadOfWeakening() {
        return action == Action.LOCALIZE && reason != Reason.REQUESTED;
    }

    /** What happens to the definition. */
    public enum Action {
        /** It stays, but a strong definition elsewhere wins without a diagnostic (ELF STB_WEAK, Mach-O N_WEAK_DEF). */
        WEAKEN,
        /**
         * Other members can no longer bind to it; the member's own references still do (objcopy
         * --localize-symbol). Asked with --localize, or, for a COFF duplicate, in place of
         * {@link #WEAKEN} when nothing else in the member uses the copy.
         */
        LOCALIZE
    }

    /** Why. */
    public enum Reason {
        /** A duplicate of the provider's copy, from the same crate build: the provider's copy wins. */
        PROVIDER_COPY_WINS,
        /** A duplicate from the same crate build where the provider has no copy: the copy the linker picks wins. */
        LINKER_PICK_WINS,
        /** Named with --localize. */
        REQUESTED
    }
}
