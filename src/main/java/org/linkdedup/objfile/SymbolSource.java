package org.linkdedup.objfile;

/** Which table a member's symbols were taken from. */
public enum SymbolSource {
    /** The object's own native symbol table (ELF {@code SHT_SYMTAB}, Mach-O {@code LC_SYMTAB}). */
    NATIVE,
    /** The symbol table block of LLVM bitcode (irsymtab). */
    BITCODE,
    /**
     * Nothing readable in the member itself (bitcode without a symbol table, an object in a form no
     * reader decodes): defined names come from the archive index, and the undefined names are unknown.
     */
    INDEX_ONLY,
    /** Not an object file: no symbols. */
    NONE
}
