package org.linkdedup.objfile;

import java.util.Objects;

/**
 * One symbol-table entry with the facts its format gives. Each format maps its own encoding onto
 * these fields and keeps its meaning: a Mach-O common symbol is {@link Definition#COMMON}, not
 * undefined, even though its type is {@code N_UNDF}. Nothing here is display policy: how nm names
 * an entry is {@code report.NmLetters}'s business.
 *
 * @param name        the linker-visible name (ISO-8859-1 decoded bytes), interned
 * @param definition  how (or whether) the entry defines the name
 * @param binding     LOCAL, GLOBAL, WEAK (weak definition or weak reference) or UNIQUE
 * @param type        what the entry says the symbol is: ELF {@code st_type}, irsymtab's flags;
 *                    {@link Type#NOTYPE} for every Mach-O entry, whose {@code nlist} has no type
 * @param size        ELF {@code st_size}; the size of a common symbol (Mach-O {@code n_value},
 *                    irsymtab's common size); 0 where the format records none
 * @param section     the index of the section holding the definition in the file's own numbering
 *                    (ELF section header index, Mach-O 1-based {@code n_sect}), or one of
 *                    {@link #NO_SECTION}, {@link #ABSOLUTE_SECTION}, {@link #COMMON_SECTION},
 *                    {@link #RESERVED_SECTION}
 * @param sectionKind what that section holds; {@link SectionKind#NONE} when there is no section
 * @param visibility  ELF visibility; Mach-O private extern ({@code N_PEXT}) is {@link Visibility#HIDDEN}
 * @param comdat      the COMDAT group (ELF {@code SHT_GROUP} signature, bitcode comdat) holding the
 *                    definition, or null
 */
public record Symbol(String name, Definition definition, Binding binding, Type type, long size, int section,
        SectionKind sectionKind, Visibility visibility, String comdat) {

    /** {@link #section()} of an entry in no section: undefined, indirect, bitcode (which has no sections). */
    public static final int NO_SECTION = 0;
    /** {@link #section()} of an absolute entry ({@code SHN_ABS}, {@code N_ABS}). */
    public static final int ABSOLUTE_SECTION = -1;
    /** {@link #section()} of a common entry ({@code SHN_COMMON}, a Mach-O {@code N_UNDF} with a size). */
    public static final int COMMON_SECTION = -2;
    /**
     * {@link #section()} of a definition in a place the format reserves and we cannot name: an ELF
     * processor- or OS-specific {@code st_shndx} ({@code SHN_LORESERVE} up, other than
     * {@code SHN_ABS}, {@code SHN_COMMON} and {@code SHN_XINDEX}), or a Mach-O {@code n_type} that
     * {@code nlist.h} does not define.
     */
    public static final int RESERVED_SECTION = -3;

    public Symbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sectionKind, "sectionKind");
        Objects.requireNonNull(visibility, "visibility");
    }

    /** How an entry defines its name. */
    public enum Definition {
        /** A reference: the name must come from elsewhere. */
        UNDEFINED,
        /** Defined in a section of this object. */
        DEFINED,
        /** A tentative (common) definition, merged with others of its name. */
        COMMON,
        /** An absolute value ({@code SHN_ABS}, {@code N_ABS}). */
        ABSOLUTE,
        /** Defined as another name ({@code N_INDR}). */
        INDIRECT
    }

    /** How far the name is visible: ELF {@code STB_*}; Mach-O {@code N_EXT} and the weak {@code n_desc} bits. */
    public enum Binding { LOCAL, GLOBAL, WEAK, UNIQUE }

    /**
     * What the entry says the symbol is. ELF section and file symbols ({@code STT_SECTION},
     * {@code STT_FILE}) never reach a {@link Symbol}: they are not linker-visible names.
     */
    public enum Type {
        /** No type given: ELF {@code STT_NOTYPE} (assembler labels), and every Mach-O entry. */
        NOTYPE,
        /** Code: ELF {@code STT_FUNC}; bitcode marked executable ({@code FB_executable}). */
        FUNCTION,
        /** Data: ELF {@code STT_OBJECT}; a bitcode symbol neither executable nor thread-local. */
        OBJECT,
        /** Thread-local data: ELF {@code STT_TLS}; bitcode {@code FB_tls}. */
        TLS,
        /** ELF {@code STT_COMMON} (most assemblers type a common symbol {@code STT_OBJECT} instead). */
        COMMON,
        /** ELF {@code STT_GNU_IFUNC}: code that returns the address of the implementation to use. */
        IFUNC,
        /** Any other ELF type: processor- or OS-specific. */
        OTHER
    }

    /**
     * What the section holding a definition is, from its header: ELF {@code sh_type} and
     * {@code sh_flags} (and a {@code .debug} name for non-allocated sections); Mach-O section type,
     * attributes and segment name.
     */
    public enum SectionKind {
        /** No section: undefined, absolute, common, indirect, bitcode, an ELF reserved index. */
        NONE,
        /** Instructions: ELF {@code SHF_EXECINSTR}; Mach-O instruction attributes, or {@code __TEXT,__text}. */
        CODE,
        /** Initialized writable data: ELF allocated and {@code SHF_WRITE}; Mach-O a {@code __DATA*} segment. */
        DATA,
        /** Initialized read-only data: ELF allocated, not writable; Mach-O the {@code __TEXT} segment. */
        READONLY,
        /**
         * No contents in the file: ELF {@code SHT_NOBITS} ({@code .tbss} included); Mach-O
         * {@code S_ZEROFILL}, {@code S_GB_ZEROFILL} and {@code S_THREAD_LOCAL_ZEROFILL}.
         */
        BSS,
        /** Initialized thread-local data: ELF {@code SHF_TLS}; Mach-O the other thread-local section types. */
        TLS,
        /** Debugging information: ELF non-allocated {@code .debug*}; Mach-O {@code S_ATTR_DEBUG} or {@code __DWARF}. */
        DEBUG,
        /** Anything else: ELF non-allocated sections; Mach-O other segments ({@code __LD}, {@code __LLVM}, ...). */
        OTHER
    }

    public enum Visibility { DEFAULT, INTERNAL, HIDDEN, PROTECTED }

    /** This entry with {@code b} as its binding (what a symbol rewrite makes of it). */
    public Symbol withBinding(Binding b) {
        return b == binding ? this : new Symbol(name, definition, b, type, size, section, sectionKind, visibility, comdat);
    }

    /** Whether the entry says it is data: an ELF object, TLS or common type, or a definition in a data section. */
    public boolean isData() {
        return type == Type.OBJECT || type == Type.TLS || type == Type.COMMON || definition == Definition.COMMON
                || sectionKind == SectionKind.DATA || sectionKind == SectionKind.BSS || sectionKind == SectionKind.READONLY
                || sectionKind == SectionKind.TLS;
    }

    public boolean isUndefined() {
        return definition == Definition.UNDEFINED;
    }

    public boolean isDefined() {
        return definition != Definition.UNDEFINED;
    }

    /** Not local: global, weak or unique — visible to the rest of the link. */
    public boolean isExternal() {
        return binding != Binding.LOCAL;
    }

    public boolean isWeak() {
        return binding == Binding.WEAK;
    }

    /** An external definition: what a linker can bind another object's reference to. */
    public boolean isExternalDefinition() {
        return isDefined() && isExternal();
    }
}
