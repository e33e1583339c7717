package org.linkdedup.objfile;

import static org.linkdedup.objfile.Elf.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.NameBudget;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * Reads the symbol table of an ELF file (32/64-bit, either byte order): the first {@code SHT_SYMTAB}
 * (or {@code SHT_DYNSYM} for a shared object without one), its string table, {@code SHT_SYMTAB_SHNDX}
 * for {@code SHN_XINDEX} entries and {@code SHT_GROUP} sections for COMDAT membership. Only headers
 * and those tables are touched; section contents are never read.
 */
final class ElfReader {
    private final ElfSectionTable t;
    private final ByteView in;
    private final boolean is64;
    private final NameInterner names;
    private final boolean locals;
    private final NameBudget budget;
    private final int shnum;

    private ElfReader(ElfSectionTable t, NameInterner names, boolean locals) {
        this.t = t;
        this.in = t.in;
        this.is64 = t.is64;
        this.names = names;
        this.locals = locals;
        this.budget = new NameBudget(in);
        this.shnum = t.shnum;
    }

    static ElfObject read(ByteView bytes, ByteView head, NameInterner names, boolean locals) {
        ElfSectionTable t = ElfSectionTable.read(bytes, head);
        ElfReader r = new ElfReader(t, names, locals);
        int type = t.elfType();
        return new ElfObject(t.is64, t.order == ByteOrder.BIG_ENDIAN, t.machine(), type, r.symbols(type));
    }

    private long sh(int index) {
        return t.header(index);
    }

    private long shSizeAt(int index) {
        return t.sizeAt(index);
    }

    private long shLinkAt(int index) {
        return t.linkAt(index);
    }

    private long shInfoAt(int index) {
        return t.infoAt(index);
    }

    private long shEntsizeAt(int index) {
        return t.entsizeAt(index);
    }

    private int shType(int index) {
        return t.type(index);
    }

    private long shFlags(int index) {
        return t.flags(index);
    }

    private long shLink(int index) {
        return t.link(index);
    }

    private long shInfo(int index) {
        return t.info(index);
    }

    private long shEntsize(int index) {
        return t.entsize(index);
    }

    /** The file range of section {@code index}, checked against the file; an error names sh_offset or sh_size. */
    private ByteView sectionData(int index, String what) {
        return t.data(index, what);
    }

    private int sectionIndex(long value, String what, long at) {
        if (value < 0 || value >= shnum) {
            throw in.error(at, what + " " + value + " is not a section (there are " + shnum + ")");
        }
        return (int) value;
    }

    /**
     * The tables the entries of the symbol table are decoded against, located and checked once.
     *
     * @param syms    the symbol table's data
     * @param count   its number of entries, the null entry included
     * @param strings its string table
     * @param shndx   its {@code SHT_SYMTAB_SHNDX} table, or null
     * @param groupOf for each section index, the COMDAT group holding it; null when there are none
     */
    private record Tables(ByteView syms, long count, ByteView strings, ByteView shndx, String[] groupOf) {
    }

    /** The largest symbol or string table read from one copy of its bytes rather than field by field. */
    private static final long COPY_MAX = 1 << 28;

    /**
     * One bulk copy of the symbol table, in the file's byte order, and one of its string table, each
     * null when the table is larger than {@link #COPY_MAX}: entries are decoded from the copies (one
     * mapped read per table, not several per entry), every check and message as with the view.
     */
    private ByteBuffer symCopy;
    private byte[] strCopy;

    /** Every entry of the symbol table but the null one and those {@link #entry} skips, in table order. */
    private List<Symbol> symbols(int elfType) {
        Tables t = locate(elfType);
        if (t == null) {
            return List.of();
        }
        List<Symbol> out = new ArrayList<>((int) Math.min(t.count(), 1 << 20));
        if (t.syms().size() <= COPY_MAX) {
            symCopy = ByteBuffer.wrap(t.syms().bytes(0, (int) t.syms().size())).order(this.t.order);
        }
        if (t.strings().size() <= COPY_MAX) {
            strCopy = t.strings().bytes(0, (int) t.strings().size());
        }
        for (long i = 1; i < t.count(); i++) {   // entry 0 is the reserved null symbol
            Symbol s = entry(t, i);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Finds the symbol table (the first {@code SHT_SYMTAB}, or a shared object's {@code SHT_DYNSYM}),
     * its string table, its {@code SHT_SYMTAB_SHNDX} table and the COMDAT groups, and checks their
     * ranges; null when the file has no symbol table.
     */
    private Tables locate(int elfType) {
        int symtab = firstSection(SHT_SYMTAB);
        if (symtab < 0 && elfType == ET_DYN) {
            symtab = firstSection(SHT_DYNSYM);
        }
        if (symtab < 0) {
            return null;
        }
        int symSize = symSize(is64);
        long entsize = shEntsize(symtab);
        if (entsize != symSize) {
            throw in.error(shEntsizeAt(symtab), "symbol table (section " + symtab + ") has sh_entsize "
                    + Long.toUnsignedString(entsize) + ", expected " + symSize);
        }
        // The tables are read by position into copies (ByteView.copyThrough), not through the mapping.
        ByteView syms = copied(sectionData(symtab, "symbol table"));
        if (syms.size() % symSize != 0) {
            throw in.error(shSizeAt(symtab), "symbol table size " + syms.size() + " is not a multiple of " + symSize);
        }
        long count = syms.size() / symSize;
        int strtab = sectionIndex(shLink(symtab), "symbol table's sh_link", shLinkAt(symtab));
        ByteView strings = copied(sectionData(strtab, "symbol string table"));
        ByteView shndx = shndxTable(symtab, count);
        return new Tables(syms, count, strings, shndx, comdatGroups(syms, strings, count));
    }

    /** {@code table} (a slice of this object) as a copy of its own: see {@link ByteView#copyThrough}. */
    private static ByteView copied(ByteView table) {
        return table.copyThrough(0, table.size());
    }

    /** The index of the first section of type {@code shType}, or -1. */
    private int firstSection(int shType) {
        for (int i = 0; i < shnum; i++) {
            if (shType(i) == shType) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code SHT_SYMTAB_SHNDX} table of symbol table {@code symtab}, checked to cover its {@code count} entries; or null. */
    private ByteView shndxTable(int symtab, long count) {
        for (int i = 0; i < shnum; i++) {
            if (shType(i) == SHT_SYMTAB_SHNDX && shLink(i) == symtab) {
                ByteView table = sectionData(i, "SHT_SYMTAB_SHNDX table");
                if (table.size() < count * 4) {
                    throw in.error(shSizeAt(i), "SHT_SYMTAB_SHNDX table (section " + i + ") has " + table.size() / 4
                            + " entries for " + count + " symbols");
                }
                return table;
            }
        }
        return null;
    }

    /**
     * Decodes entry {@code i}; null for one a linker never sees by name ({@code STT_SECTION},
     * {@code STT_FILE}) and for a local one nobody asked for, whose name is then not even read.
     */
    private Symbol entry(Tables t, long i) {
        ByteView syms = t.syms();
        ByteBuffer copy = symCopy;
        long at = i * symSize(is64);
        long shndxAt = at + (is64 ? 6 : 14);
        int info = copy != null ? copy.get((int) at + (is64 ? 4 : 12)) & 0xff : syms.u8(at + (is64 ? 4 : 12));
        int other = copy != null ? copy.get((int) at + (is64 ? 5 : 13)) & 0xff : syms.u8(at + (is64 ? 5 : 13));
        int shndx = copy != null ? copy.getShort((int) shndxAt) & 0xffff : syms.u16(shndxAt);
        int sttType = info & 0xf;
        int bind = info >> 4;
        if (sttType == STT_SECTION || sttType == STT_FILE || !locals && bind == STB_LOCAL) {
            return null;
        }
        long section = shndx;
        long sectionAt = syms.fileOffset(shndxAt) - in.fileOffset(0);
        if (shndx == SHN_XINDEX) {
            if (t.shndx() == null) {
                throw in.error(sectionAt, "symbol " + i + " has st_shndx SHN_XINDEX but there is no SHT_SYMTAB_SHNDX table");
            }
            section = t.shndx().u32(i * 4);
            sectionAt = t.shndx().fileOffset(i * 4) - in.fileOffset(0);
        }
        long nameOff = copy != null ? Integer.toUnsignedLong(copy.getInt((int) at)) : syms.u32(at);
        String name = nameAt(t.strings(), nameOff, syms, at, i);
        Binding binding = binding(bind);
        Type type = type(sttType);
        int sizeAt = (int) at + (is64 ? 16 : 8);
        long size = copy == null ? syms.word(at + (is64 ? 16 : 8), is64)   // st_size
                : is64 ? copy.getLong(sizeAt) : Integer.toUnsignedLong(copy.getInt(sizeAt));
        Visibility vis = VISIBILITIES[other & 3];
        if (shndx == SHN_UNDEF) {
            return new Symbol(name, Definition.UNDEFINED, binding, type, size, Symbol.NO_SECTION, SectionKind.NONE, vis, null);
        } else if (shndx == SHN_COMMON) {
            return new Symbol(name, Definition.COMMON, binding, type, size, Symbol.COMMON_SECTION, SectionKind.NONE, vis, null);
        } else if (shndx == SHN_ABS) {
            return new Symbol(name, Definition.ABSOLUTE, binding, type, size, Symbol.ABSOLUTE_SECTION, SectionKind.NONE, vis, null);
        } else if (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX) {
            return new Symbol(name, Definition.DEFINED, binding, type, size, Symbol.RESERVED_SECTION, SectionKind.NONE, vis, null);
        }
        int sec = sectionIndex(section, "symbol " + i + " section index", sectionAt);
        return new Symbol(name, Definition.DEFINED, binding, type, size, sec, sectionKind(sec), vis,
                t.groupOf() == null ? null : t.groupOf()[sec]);
    }

    /** {@code Visibility.values()}, which copies its array at every call. */
    private static final Visibility[] VISIBILITIES = Visibility.values();

    private static Binding binding(int stb) {
        return switch (stb) {
            case STB_LOCAL -> Binding.LOCAL;
            case STB_WEAK -> Binding.WEAK;
            case STB_GNU_UNIQUE -> Binding.UNIQUE;
            default -> Binding.GLOBAL;
        };
    }

    private static Type type(int stt) {
        return switch (stt) {
            case STT_NOTYPE -> Type.NOTYPE;
            case STT_OBJECT -> Type.OBJECT;
            case STT_FUNC -> Type.FUNCTION;
            case STT_COMMON -> Type.COMMON;
            case STT_TLS -> Type.TLS;
            case STT_GNU_IFUNC -> Type.IFUNC;
            default -> Type.OTHER;
        };
    }

    private String nameAt(ByteView strings, long nameOff, ByteView syms, long at, long index) {
        if (nameOff >= strings.size()) {
            throw syms.error(at, "st_name " + nameOff + " of symbol " + index + " is past the end of the string table ("
                    + strings.size() + " bytes)");
        }
        String name = strCopy != null ? copiedName(strings, (int) nameOff) : strings.cstring(nameOff, strings.size(), "symbol name");
        budget.charge(name.length(), syms.fileOffset(at) - in.fileOffset(0));
        return names.intern(name);
    }

    /** The name at {@code off} in {@link #strCopy}; one that is not NUL-terminated fails as {@link ByteView#cstring} says it. */
    private String copiedName(ByteView strings, int off) {
        byte[] b = strCopy;
        int end = off;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        if (end == b.length) {
            strings.cstring(off, strings.size(), "symbol name");
            throw new IllegalStateException("symbol name at " + off + " read from a copy that differs");
        }
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    /** Sections already classified, by section index (symbols cluster in few sections). */
    private SectionKind[] kinds;

    private SectionKind sectionKind(int sec) {
        if (kinds == null) {
            kinds = new SectionKind[shnum];
        }
        SectionKind k = kinds[sec];
        if (k == null) {
            k = classify(sec);
            kinds[sec] = k;
        }
        return k;
    }

    private SectionKind classify(int sec) {
        long flags = shFlags(sec);
        int type = shType(sec);
        if ((flags & SHF_EXECINSTR) != 0) {
            return SectionKind.CODE;
        }
        if (type == SHT_NOBITS) {
            return SectionKind.BSS;   // .bss and .tbss
        }
        if ((flags & SHF_TLS) != 0) {
            return SectionKind.TLS;
        }
        if ((flags & SHF_ALLOC) != 0) {
            return (flags & SHF_WRITE) != 0 ? SectionKind.DATA : SectionKind.READONLY;
        }
        return isDebugSection(sec) ? SectionKind.DEBUG : SectionKind.OTHER;
    }

    private boolean isDebugSection(int sec) {
        int shstrndx = in.u16(is64 ? 62 : 50);
        if (shstrndx == SHN_XINDEX && shnum > 0) {
            shstrndx = (int) shLink(0);
        }
        if (shstrndx == SHN_UNDEF || shstrndx < 0 || shstrndx >= shnum) {   // sh_link of section 0 may be anything
            return false;
        }
        ByteView names = sectionData(shstrndx, "section name table");
        long off = in.u32(sh(sec));
        return off < names.size() && names.cstring(off, names.size(), "section name").startsWith(".debug");
    }

    /** For each section index, the signature of the COMDAT group holding it, or null; null when there are no groups. */
    private String[] comdatGroups(ByteView syms, ByteView strings, long symCount) {
        String[] groupOf = null;
        for (int g = 0; g < shnum; g++) {
            if (shType(g) != SHT_GROUP) {
                continue;
            }
            ByteView data = sectionData(g, "section group");
            if (data.size() < 4 || (data.u32(0) & GRP_COMDAT) == 0) {
                continue;
            }
            long sigIndex = shInfo(g);
            if (sigIndex >= symCount) {
                throw in.error(shInfoAt(g), "section group " + g + " names signature symbol " + sigIndex + " of " + symCount);
            }
            String signature = nameAt(strings, syms.u32(sigIndex * symSize(is64)), syms, sigIndex * symSize(is64), sigIndex);
            if (groupOf == null) {
                groupOf = new String[shnum];
            }
            for (long p = 4; p + 4 <= data.size(); p += 4) {
                long member = data.u32(p);
                if (member < shnum) {
                    groupOf[(int) member] = signature;
                }
            }
        }
        return groupOf;
    }
}
