package org.linkdedup.objfile;

import java.util.List;
import java.util.Map;

/**
 * A COFF object (a Windows {@code .obj}, or a member of a {@code .lib} archive), regular or
 * {@code /bigobj}, its section headers and its symbol table entries.
 *
 * <p>A definition in a COMDAT section ({@code IMAGE_SCN_LNK_COMDAT}) carries, as its
 * {@link Symbol#comdat()}, the name of the section's COMDAT symbol (the first symbol after the
 * section's definition record with its section number); an {@code IMAGE_COMDAT_SELECT_ASSOCIATIVE}
 * section carries the key of the section it is associated with. A section whose selection is
 * {@code IMAGE_COMDAT_SELECT_NODUPLICATES} gives no key: a linker treats a second copy of its
 * symbol as any other duplicate definition. Every COMDAT symbol's selection, that one included, is
 * in {@link #comdatSelections()}.
 *
 * @param machine          {@code Machine} of the file header
 * @param bigobj           whether the header is {@code ANON_OBJECT_HEADER_BIGOBJ}
 * @param sections         the section headers in file order: a symbol's {@link Symbol#section()}
 *                         {@code n} is {@code sections.get(n - 1)}
 * @param symbols          the symbol table's entries in table order, without section definition
 *                         records, file records, debugging entries and {@code .bf}/{@code .ef}
 *                         function records
 * @param comdatSelections the {@code Selection} of each COMDAT section's symbol, by its name
 * @param includes         the names its linker directives ({@code .drectve}) give with {@code /INCLUDE:}:
 *                         lld-link and link.exe treat each as a reference from the object
 * @param alternateNames   its {@code /ALTERNATENAME:FROM=TO} directives, in order: a name still
 *                         undefined once everything is read resolves to the other
 */
public record CoffObject(int machine, boolean bigobj, List<Section> sections, List<Symbol> symbols,
        Map<String, Integer> comdatSelections, List<String> includes, List<Alias> alternateNames) implements ObjectFile {

    public static final int SELECT_NODUPLICATES = Coff.IMAGE_COMDAT_SELECT_NODUPLICATES;
    public static final int SELECT_ANY = Coff.IMAGE_COMDAT_SELECT_ANY;
    public static final int SELECT_SAME_SIZE = Coff.IMAGE_COMDAT_SELECT_SAME_SIZE;
    public static final int SELECT_EXACT_MATCH = Coff.IMAGE_COMDAT_SELECT_EXACT_MATCH;
    public static final int SELECT_ASSOCIATIVE = Coff.IMAGE_COMDAT_SELECT_ASSOCIATIVE;
    public static final int SELECT_LARGEST = Coff.IMAGE_COMDAT_SELECT_LARGEST;

    public CoffObject {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
        comdatSelections = Map.copyOf(comdatSelections);
        includes = List.copyOf(includes);
        alternateNames = List.copyOf(alternateNames);
    }

    /**
     * One section header; the contents of {@code .drectve} are read for {@link #includes()}, no others.
     *
     * @param name            its name, a long one resolved through the string table
     * @param characteristics its {@code IMAGE_SCN_*} flags
     * @param size            its {@code SizeOfRawData} (what lld-link compares for
     *                        {@code SAME_SIZE} and {@code LARGEST} COMDAT sections)
     * @param checksum        the {@code CheckSum} of its section definition record (the CRC of its
     *                        contents that compilers write for COMDAT sections), 0 when there is none
     */
    public record Section(String name, long characteristics, long size, long checksum) {
    }

    /** One {@code /ALTERNATENAME:from=to} directive. */
    public record Alias(String from, String to) {
    }

    /** The {@code IMAGE_COMDAT_SELECT_*} value of the COMDAT section whose COMDAT symbol is {@code name}, or 0. */
    public int comdatSelection(String name) {
        Integer s = comdatSelections.get(name);
        return s == null ? 0 : s;
    }

    @Override
    public String description() {
        return (bigobj ? "COFF bigobj " : "COFF ") + Coff.machineName(machine);
    }

    @Override
    public SymbolSource source() {
        return SymbolSource.NATIVE;
    }
}
