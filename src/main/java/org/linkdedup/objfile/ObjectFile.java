package org.linkdedup.objfile;

import java.util.List;

/**
 * What one file or archive member holds, as read by its format's reader. The family is closed:
 * every member of a link is exactly one of these.
 */
public sealed interface ObjectFile
        permits ElfObject, MachOObject, UniversalObject, BitcodeObject, CoffObject, CoffImport, OtherFile {

    /** Short human description: format, class, machine ("ELF64 LE x86-64", "LLVM bitcode", ...). */
    String description();

    /** Where {@link #symbols()} came from. */
    SymbolSource source();

    /**
     * The symbol table entries a linker sees, in table order. Empty for {@link OtherFile} and for
     * bitcode without a symbol table (whose names only the archive index knows).
     */
    List<Symbol> symbols();
}
