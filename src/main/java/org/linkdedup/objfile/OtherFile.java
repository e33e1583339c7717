package org.linkdedup.objfile;

import java.util.List;

/** A member that is not an object file we read: {@code lib.rmeta}, text, a COFF object, ... */
public record OtherFile(String description) implements ObjectFile {

    @Override
    public SymbolSource source() {
        return SymbolSource.NONE;
    }

    @Override
    public List<Symbol> symbols() {
        return List.of();
    }
}
