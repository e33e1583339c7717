package org.linkdedup.report;

import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.UniversalObject;

/** nm's one-letter symbol types: lower case for local symbols, upper case for external ones. */
public final class NmLetters {
    private NmLetters() {
    }

    /** The letter llvm-nm prints for {@code s} of a member read as {@code object}. */
    public static char of(Symbol s, ObjectFile object) {
        return object instanceof MachOObject || object instanceof UniversalObject ? machO(s) : of(s);
    }

    /**
     * Mach-O as llvm-nm shows it: no weak letters, {@code t}/{@code d}/{@code b} only for
     * {@code __TEXT,__text}, {@code __DATA,__data} and zero-fill, {@code s} for any other section.
     */
    static char machO(Symbol s) {
        if (s.isUndefined()) {
            return 'U';
        }
        char c = switch (s.kind()) {
            case COMMON -> 'C';
            case TEXT -> 't';
            case DATA -> 'd';
            case BSS -> 'b';
            case ABSOLUTE -> 'a';
            case INDIRECT -> 'i';
            default -> 's';
        };
        return c == 'C' || !s.isExternal() ? c : Character.toUpperCase(c);
    }

    public static char of(Symbol s) {
        if (s.kind() == Symbol.Kind.IFUNC) {
            return 'i';
        }
        if (s.binding() == Symbol.Binding.WEAK) {
            char c = isObject(s.kind()) ? 'v' : 'w';
            return s.isUndefined() ? c : Character.toUpperCase(c);
        }
        if (s.isUndefined()) {
            return 'U';
        }
        char c = switch (s.kind()) {
            case COMMON -> 'C';
            case TEXT -> 't';
            case DATA, TLS -> 'd';
            case READONLY -> 'r';
            case BSS -> 'b';
            case ABSOLUTE -> 'a';
            case INDIRECT -> 'i';
            case IFUNC -> 'i';
            case DEBUG -> 'N';
            case OTHER -> 's';
            case NONE -> '?';
        };
        if (c == 'C' || c == 'N' || s.kind() == Symbol.Kind.IFUNC) {
            return c;
        }
        if (s.binding() == Symbol.Binding.UNIQUE) {
            return 'u';
        }
        return s.isExternal() ? Character.toUpperCase(c) : c;
    }

    private static boolean isObject(Symbol.Kind k) {
        return k == Symbol.Kind.DATA || k == Symbol.Kind.READONLY || k == Symbol.Kind.BSS || k == Symbol.Kind.TLS;
    }
}
