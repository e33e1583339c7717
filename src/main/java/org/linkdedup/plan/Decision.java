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
 * @param detail   extra words for the report: the referrer of an unresolved symbol, the provider's
 *                 crate graph for a foreign copy, the index-only sibling
 * @param count    for a foreign copy, how many program symbols bind to it (-1 when not simulated)
 */
public record Decision(MemberId member, String name, String crate, boolean drop, Rule rule, List<String> symbols,
        String detail, int count) {

    /** {@link #detail()} of a dropped member that defines no global symbol (it offered nothing). */
    public static final String EMPTY = "defines no global symbol";

    public Decision {
        symbols = List.copyOf(symbols);
    }

    public Decision(MemberId member, String name, String crate, boolean drop, Rule rule, List<String> symbols, String detail) {
        this(member, name, crate, drop, rule, symbols, detail, -1);
    }

    public Decision kept(Rule why, List<String> syms, String detail) {
        return new Decision(member, name, crate, false, why, syms, detail, -1);
    }

    public Decision withDetail(String d) {
        return new Decision(member, name, crate, drop, rule, symbols, d, count);
    }

    public Decision withCount(int n) {
        return new Decision(member, name, crate, drop, rule, symbols, detail, n);
    }
}
