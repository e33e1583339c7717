package org.linkdedup.objfile;

import java.util.List;

/**
 * An ELF relocatable (or other ELF file) and its {@code SHT_SYMTAB} entries.
 *
 * @param is64      ELFCLASS64
 * @param bigEndian ELFDATA2MSB
 * @param machine   {@code e_machine}
 * @param type      {@code e_type}
 * @param symbols   the symbol table without its null entry, in table order
 */
public record ElfObject(boolean is64, boolean bigEndian, int machine, int type, List<Symbol> symbols)
        implements ObjectFile {

    public ElfObject {
        symbols = List.copyOf(symbols);
    }

    @Override
    public String description() {
        return "ELF" + (is64 ? "64" : "32") + (bigEndian ? " BE " : " LE ") + machineName(machine);
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NATIVE;
    }

    static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "i386";
            case 20 -> "ppc";
            case 21 -> "ppc64";
            case 40 -> "arm";
            case 62 -> "x86-64";
            case 183 -> "aarch64";
            case 243 -> "riscv";
            default -> "machine " + machine;
        };
    }
}
