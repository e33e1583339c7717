package org.linkdedup.report;

import org.linkdedup.objfile.Symbol;

/** Which symbols {@code symbols} lists. */
public record SymbolFilter(boolean definedOnly, boolean undefinedOnly, boolean includeLocal) {

    public boolean accepts(Symbol s) {
        if (!includeLocal && !s.isExternal()) {
            return false;
        }
        if (definedOnly && s.isUndefined()) {
            return false;
        }
        return !undefinedOnly || s.isUndefined();
    }
}
