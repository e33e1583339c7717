package org.linkdedup.objfile;

import java.util.List;

/**
 * A thin Mach-O file and its {@code LC_SYMTAB} entries (debugging {@code N_STAB} entries excluded).
 *
 * @param is64       {@code MH_MAGIC_64}
 * @param bigEndian  byte order of the file
 * @param cpuType    {@code cputype}
 * @param cpuSubtype {@code cpusubtype}
 * @param fileType   {@code filetype}
 * @param symbols    symbol table entries in table order
 */
public record MachOObject(boolean is64, boolean bigEndian, int cpuType, int cpuSubtype, int fileType,
        List<Symbol> symbols) implements ObjectFile {

    public MachOObject {
        symbols = List.copyOf(symbols);
    }

    @Override
    public String description() {
        return "Mach-O" + (is64 ? "64 " : "32 ") + archName(cpuType, cpuSubtype);
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NATIVE;
    }

    public String archName() {
        return archName(cpuType, cpuSubtype);
    }

    public static String archName(int cpuType, int cpuSubtype) {
        return switch (cpuType) {
            case 7 -> "i386";
            case 0x01000007 -> (cpuSubtype & 0xff) == 8 ? "x86_64h" : "x86_64";
            case 12 -> "arm";
            case 0x0100000c -> (cpuSubtype & 0xff) == 2 ? "arm64e" : "arm64";
            case 0x0200000c -> "arm64_32";
            case 18 -> "ppc";
            case 0x01000012 -> "ppc64";
            default -> "cputype " + cpuType;
        };
    }
}
