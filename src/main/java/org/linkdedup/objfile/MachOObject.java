package org.linkdedup.objfile;

import java.util.List;

/**
 * A thin Mach-O file, its sections and its {@code LC_SYMTAB} entries (debugging {@code N_STAB}
 * entries excluded).
 *
 * @param is64       {@code MH_MAGIC_64}
 * @param bigEndian  byte order of the file
 * @param cpuType    {@code cputype}
 * @param cpuSubtype {@code cpusubtype}
 * @param fileType   {@code filetype}
 * @param sections   the sections of every {@code LC_SEGMENT[_64]}, in file order: a symbol's
 *                   {@link Symbol#section()} {@code n} is {@code sections.get(n - 1)}
 * @param symbols    symbol table entries in table order
 */
public record MachOObject(boolean is64, boolean bigEndian, int cpuType, int cpuSubtype, int fileType,
        List<Section> sections, List<Symbol> symbols) implements ObjectFile {

    public MachOObject {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
    }

    /**
     * One section header as it names and describes its section; its contents are never read.
     *
     * @param segname the segment it goes to ({@code __TEXT}, {@code __DATA}, ...)
     * @param sectname its name ({@code __text}, {@code __data}, ...)
     * @param flags    its type (low byte, {@code SECTION_TYPE}) and attributes
     */
    public record Section(String segname, String sectname, long flags) {

        /** Whether its type is one of the thread-local ones ({@code S_THREAD_LOCAL_*}), zero-filled or not. */
        public boolean isThreadLocal() {
            int type = (int) (flags & MachO.SECTION_TYPE);
            return type >= MachO.S_THREAD_LOCAL_REGULAR && type <= MachO.S_THREAD_LOCAL_INIT_FUNCTION_POINTERS;
        }

        /** Whether it is {@code segname,sectname}. */
        public boolean is(String segname, String sectname) {
            return this.segname.equals(segname) && this.sectname.equals(sectname);
        }
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
