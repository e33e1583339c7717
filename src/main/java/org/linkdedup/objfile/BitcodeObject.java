package org.linkdedup.objfile;

import java.util.List;

/**
 * An LLVM bitcode file, raw or in the wrapper header.
 *
 * @param producer the producer string when known (e.g. "LLVM22.1.0-rust-1.95.0-stable"), else null
 * @param triple   the target triple when known, else null
 * @param symbols  the symbols of its irsymtab, or empty when it has none
 * @param source   {@link SymbolSource#BITCODE} when the member's own symbol table was read,
 *                 {@link SymbolSource#INDEX_ONLY} when it has none (or one we cannot read)
 * @param note     why there is no symbol table (null when there is one)
 */
public record BitcodeObject(String producer, String triple, List<Symbol> symbols, SymbolSource source,
        String note) implements ObjectFile {

    public BitcodeObject {
        symbols = List.copyOf(symbols);
        if (source != SymbolSource.BITCODE && source != SymbolSource.INDEX_ONLY) {
            throw new IllegalArgumentException("bitcode symbols come from BITCODE or INDEX_ONLY, not " + source);
        }
    }

    /** Bitcode whose symbols only the archive index can give. */
    public static BitcodeObject indexOnly(String producer, String triple, String note) {
        return new BitcodeObject(producer, triple, List.of(), SymbolSource.INDEX_ONLY, note);
    }

    @Override
    public String description() {
        return "LLVM bitcode" + (producer == null ? "" : " (" + producer + ")");
    }
}
