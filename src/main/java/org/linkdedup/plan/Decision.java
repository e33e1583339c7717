package org.linkdedup.plan;

import java.util.List;
import org.linkdedup.link.MemberId;

/**
 * The verdict on one candidate member of a wrapper.
 *
 * @param member   the candidate
 * @param name     its member name
 * @param crate    the crate it was a candidate for, or null when it is a --shared-deps candidate
 * @param drop     whether it is dropped
 * @param rule     the rule that decided
 * @param symbols  the symbols behind the verdict (for a keep: the sibling-referenced symbols the
 *                 provider lacks, or the symbols a verification found unresolved), in member order
 * @param detail   extra words for the report (the referrer of an unresolved symbol, a foreign hash)
 */
public record Decision(MemberId member, String name, String crate, boolean drop, Rule rule, List<String> symbols,
        String detail) {

    public Decision {
        symbols = List.copyOf(symbols);
    }

    public Decision kept(Rule why, List<String> syms, String detail) {
        return new Decision(member, name, crate, false, why, syms, detail);
    }
}
