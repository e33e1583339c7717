package org.linkdedup.objfile;

import java.util.List;

/**
 * A universal ("fat") Mach-O file: one thin object per architecture. A linker takes the slice for
 * its target; {@link #symbols()} is the first slice's, and {@link #slices()} gives every one.
 */
public record UniversalObject(List<MachOObject> slices) implements ObjectFile {

    public UniversalObject {
        slices = List.copyOf(slices);
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("Mach-O universal (");
        for (int i = 0; i < slices.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(slices.get(i).archName());
        }
        return sb.append(')').toString();
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NATIVE;
    }

    @Override
    public List<Symbol> symbols() {
        return slices.isEmpty() ? List.of() : slices.get(0).symbols();
    }
}
