package org.linkdedup.report;

import org.linkdedup.objfile.Symbol;

/** nm's one-letter symbol types: lower case for local symbols, upper case for external ones. */
public final class NmLetters {
    private NmLetters() {
    }

    public static char of(Symbol s) {
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
