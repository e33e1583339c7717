package org.linkdedup.objfile;

import java.util.List;

/**
 * A COFF short import member of an import library ({@code IMPORT_OBJECT_HEADER}): it defines
 * {@code __imp_NAME}, the pointer the loader fills, and also {@code NAME}: for code the thunk
 * that jumps through it, for a constant ({@code IMPORT_OBJECT_CONST}) the name itself, as
 * lld-link and llvm-nm have it; data defines only {@code __imp_NAME}. The names are the one the member gives; its name type says how the
 * loader derives the name it imports, which is no symbol of the link.
 *
 * @param machine    {@code Machine}
 * @param dll        the DLL it imports from
 * @param name       the symbol name the member gives
 * @param importType {@code IMPORT_OBJECT_CODE} 0, {@code _DATA} 1, {@code _CONST} 2
 * @param nameType   {@code IMPORT_OBJECT_ORDINAL} 0, {@code _NAME} 1, {@code _NAME_NOPREFIX} 2,
 *                   {@code _NAME_UNDECORATE} 3, {@code _NAME_EXPORTAS} 4
 * @param symbols    what it defines, {@code __imp_NAME} first
 */
public record CoffImport(int machine, String dll, String name, int importType, int nameType, List<Symbol> symbols)
        implements ObjectFile {

    public CoffImport {
        symbols = List.copyOf(symbols);
    }

    @Override
    public String description() {
        return "COFF import (" + dll + ")";
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NATIVE;
    }
}
