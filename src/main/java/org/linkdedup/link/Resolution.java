package org.linkdedup.link;

import org.linkdedup.link.LinkResult.Definition;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.link.LinkResult.Strength;
import org.linkdedup.objfile.CoffObject;
import org.linkdedup.objfile.Symbol;

/**
 * How one linker settles a name defined twice. The orders were checked against the real linkers
 * (see {@code RealElfLinkTest} and {@code RealMachOLinkTest}): on ELF a strong definition beats a common one, which beats a weak
 * one; on Mach-O a weak definition beats a common one.
 */
abstract class Resolution {

    /** GNU ld and ld.lld: ELF precedence, the first of two strong definitions stays. */
    static final Resolution ELF = new Resolution() {
        @Override
        Definition keep(Definition existing, Definition added, Severity severity) {
            return existing;
        }
    };

    /** ld64.lld: Mach-O precedence, and a later strong definition replaces an earlier one (and is reported). */
    static final Resolution LLD_MACHO = new Resolution() {
        @Override
        int rank(Strength s) {
            return machORank(s);
        }

        @Override
        Definition keep(Definition existing, Definition added, Severity severity) {
            return added;
        }
    };

    /**
     * ld64: Mach-O precedence. Two strong definitions are an error and the first stays; with
     * {@code -dead_strip}, a definition from a member loaded after the initial objects is a
     * warning instead, and the one earlier on the command line stays ({@code pickLowerOrdinal}).
     */
    static Resolution ld64(boolean deadStrip) {
        return new Resolution() {
            @Override
            int rank(Strength s) {
                return machORank(s);
            }

            @Override
            Severity severity(boolean addedLazily) {
                return deadStrip && addedLazily ? Severity.WARNING : Severity.ERROR;
            }

            @Override
            Definition keep(Definition existing, Definition added, Severity severity) {
                if (severity == Severity.WARNING && added.member().compareTo(existing.member()) < 0) {
                    return added;
                }
                return existing;
            }
        };
    }

    /**
     * lld-link: ELF precedence (strong &gt; common &gt; weak), the first of two strong definitions
     * stays; with {@code /force:multiple} a clash is a warning. A COMDAT clash follows the
     * sections' selections ({@link #comdatClash}).
     */
    static Resolution coff(boolean forceMultiple) {
        return new Resolution() {
            @Override
            Severity severity(boolean addedLazily) {
                return forceMultiple ? Severity.WARNING : Severity.ERROR;
            }

            @Override
            Definition keep(Definition existing, Definition added, Severity severity) {
                return existing;
            }

            @Override
            ComdatClash comdatClash(InputMember leader, InputMember added, String key) {
                return coffComdatClash(leader, added, key);
            }

            @Override
            boolean largerCommonReplaces() {
                return true;
            }
        };
    }

    /** What becomes of a COMDAT group that a member brings when another member brought it first. */
    enum ComdatClash {
        /** The new copy is dropped silently (ELF groups, COFF {@code ANY}). */
        DISCARD,
        /** The new copy is dropped and a duplicate is reported on the group's symbol. */
        DUPLICATE,
        /** The new copy replaces the kept one silently (COFF {@code LARGEST}, a larger section). */
        REPLACE
    }

    /**
     * How {@code added}'s copy of COMDAT group {@code key} fares against the copy {@code leader}
     * brought first. The first copy stays, with no diagnostic, unless a model says otherwise.
     */
    ComdatClash comdatClash(InputMember leader, InputMember added, String key) {
        return ComdatClash.DISCARD;
    }

    /**
     * lld-link 14's {@code handleComdatSelection}, checked with lld-link 14 on sections of every
     * selection: two different selections are a duplicate, except {@code ANY} with
     * {@code LARGEST} (both taken as {@code LARGEST}); {@code ANY} keeps the first copy;
     * {@code SAME_SIZE} is a duplicate when the sizes differ; {@code EXACT_MATCH} when the sizes
     * or, both being written, the contents' checksums differ (lld compares the contents, which are
     * not read here); {@code LARGEST} takes a strictly larger copy. ({@code NODUPLICATES} sections
     * have no key: their symbols clash as plain definitions.)
     */
    static ComdatClash coffComdatClash(InputMember leader, InputMember added, String key) {
        if (!(leader.object() instanceof CoffObject lo) || !(added.object() instanceof CoffObject ao)) {
            return ComdatClash.DISCARD;
        }
        int ls = lo.comdatSelection(key);
        int as = ao.comdatSelection(key);
        CoffObject.Section lsec = comdatSection(leader, lo, key);
        CoffObject.Section asec = comdatSection(added, ao, key);
        if (ls != as) {
            boolean anyAndLargest = (ls == CoffObject.SELECT_ANY || ls == CoffObject.SELECT_LARGEST)
                    && (as == CoffObject.SELECT_ANY || as == CoffObject.SELECT_LARGEST);
            if (!anyAndLargest) {
                return ComdatClash.DUPLICATE;
            }
            ls = CoffObject.SELECT_LARGEST;
        }
        if (lsec == null || asec == null) {
            return ComdatClash.DISCARD;
        }
        if (ls == CoffObject.SELECT_SAME_SIZE) {
            return lsec.size() != asec.size() ? ComdatClash.DUPLICATE : ComdatClash.DISCARD;
        }
        if (ls == CoffObject.SELECT_EXACT_MATCH) {
            boolean differ = lsec.size() != asec.size()
                    || lsec.checksum() != 0 && asec.checksum() != 0 && lsec.checksum() != asec.checksum();
            return differ ? ComdatClash.DUPLICATE : ComdatClash.DISCARD;
        }
        if (ls == CoffObject.SELECT_LARGEST) {
            return asec.size() > lsec.size() ? ComdatClash.REPLACE : ComdatClash.DISCARD;
        }
        return ComdatClash.DISCARD;
    }

    /** The section of {@code m}'s COMDAT symbol {@code key}, or null. */
    private static CoffObject.Section comdatSection(InputMember m, CoffObject o, String key) {
        for (Symbol s : m.symbols()) {
            if (s.name().equals(key) && key.equals(s.comdat()) && s.section() > 0 && s.section() <= o.sections().size()) {
                return o.sections().get(s.section() - 1);
            }
        }
        return null;
    }

    /** Whether of two common definitions the larger one stays (lld-link's {@code addCommon}); else the first. */
    boolean largerCommonReplaces() {
        return false;
    }

    /** Precedence: a definition of higher rank replaces one of lower rank without a diagnostic. */
    int rank(Strength s) {
        return switch (s) {
            case STRONG -> 3;
            case COMMON -> 2;
            case WEAK -> 1;
        };
    }

    /** How a clash of two strong definitions is reported; {@code addedLazily} for a member loaded from an archive. */
    Severity severity(boolean addedLazily) {
        return Severity.ERROR;
    }

    /** Which of two clashing strong definitions the name binds to afterwards. */
    abstract Definition keep(Definition existing, Definition added, Severity severity);

    static int machORank(Strength s) {
        return switch (s) {
            case STRONG -> 3;
            case WEAK -> 2;
            case COMMON -> 1;
        };
    }
}
