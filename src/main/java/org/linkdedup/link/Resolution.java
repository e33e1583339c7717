package org.linkdedup.link;

import org.linkdedup.link.LinkResult.Definition;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.link.LinkResult.Strength;

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
