package org.linkdedup.objfile;

import static org.linkdedup.objfile.Elf.*;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.NameBudget;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.Kind;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * Reads the symbol table of an ELF file (32/64-bit, either byte order): the first {@code SHT_SYMTAB}
 * (or {@code SHT_DYNSYM} for a shared object without one), its string table, {@code SHT_SYMTAB_SHNDX}
 * for {@code SHN_XINDEX} entries and {@code SHT_GROUP} sections for COMDAT membership. Only headers
 * and those tables are touched; section contents are never read.
 */
final class ElfReader {
    private final ByteView in;
    private final boolean is64;
    private final NameInterner names;
    private final boolean locals;
    private final NameBudget budget;
    private final long shoff;
    private final int shnum;
    private final int shentsize;

    private ElfReader(ByteView in, boolean is64, NameInterner names, boolean locals) {
        this.in = in;
        this.is64 = is64;
        this.names = names;
        this.locals = locals;
        this.budget = new NameBudget(in);
        in.check(0, ehdrSize(is64), "ELF header");
        int shoffAt = is64 ? 40 : 32;
        int shentsizeAt = is64 ? 58 : 46;
        int shnumAt = is64 ? 60 : 48;
        this.shoff = in.word(shoffAt, is64);
        this.shentsize = in.u16(shentsizeAt);
        long count = in.u16(shnumAt);
        if (shoff == 0) {
            count = 0;
        } else {
            if (shoff < 0 || shoff > in.size()) {
                throw in.error(shoffAt, "e_shoff " + Long.toUnsignedString(shoff) + " is past " + in.end());
            }
            if (shentsize < shdrSize(is64)) {
                throw in.error(shentsizeAt, "e_shentsize " + shentsize + " is smaller than a section header (" + shdrSize(is64) + ")");
            }
            in.check(shoff, shentsize, "section header 0");
            String what = "e_shnum " + count;
            long countAt = shnumAt;
            if (count == 0) {
                // More than SHN_LORESERVE sections: the real count is section 0's sh_size.
                countAt = shoff + (is64 ? 32 : 20);
                count = in.word(countAt, is64);
                what = "section count " + Long.toUnsignedString(count) + " (section 0's sh_size, as e_shnum is 0)";
            }
            if (count < 0 || count > (in.size() - shoff) / shentsize) {
                throw in.error(countAt, what + ": section header table of " + Long.toUnsignedString(count) + " entries of "
                        + shentsize + " bytes at offset " + shoff + " runs past " + in.end());
            }
        }
        this.shnum = (int) count;   // at most size / 40
    }

    static ElfObject read(ByteView bytes, NameInterner names, boolean locals) {
        bytes.check(0, 16, "ELF identification");
        int cls = bytes.u8(EI_CLASS);
        int data = bytes.u8(EI_DATA);
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw bytes.error(EI_CLASS, "bad ELF class " + cls);
        }
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw bytes.error(EI_DATA, "bad ELF data encoding " + data);
        }
        boolean be = data == ELFDATA2MSB;
        ByteView in = bytes.order(be ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        ElfReader r = new ElfReader(in, cls == ELFCLASS64, names, locals);
        int type = in.u16(16);
        int machine = in.u16(18);
        return new ElfObject(r.is64, be, machine, type, r.symbols(type));
    }

    private long sh(int index) {
        return shoff + (long) index * shentsize;
    }

    private long shOffsetAt(int index) {
        return sh(index) + (is64 ? 24 : 16);
    }

    private long shSizeAt(int index) {
        return sh(index) + (is64 ? 32 : 20);
    }

    private long shLinkAt(int index) {
        return sh(index) + (is64 ? 40 : 24);
    }

    private long shInfoAt(int index) {
        return sh(index) + (is64 ? 44 : 28);
    }

    private long shEntsizeAt(int index) {
        return sh(index) + (is64 ? 56 : 36);
    }

    private int shType(int index) {
        return (int) in.u32(sh(index) + 4);
    }

    private long shFlags(int index) {
        return in.word(sh(index) + 8, is64);
    }

    private long shOffset(int index) {
        return in.word(shOffsetAt(index), is64);
    }

    private long shSize(int index) {
        return in.word(shSizeAt(index), is64);
    }

    private long shLink(int index) {
        return in.u32(shLinkAt(index));
    }

    private long shInfo(int index) {
        return in.u32(shInfoAt(index));
    }

    private long shEntsize(int index) {
        return in.word(shEntsizeAt(index), is64);
    }

    /** The file range of section {@code index}, checked against the file; an error names sh_offset or sh_size. */
    private ByteView sectionData(int index, String what) {
        long off = shOffset(index);
        long size = shSize(index);
        if (off < 0 || size < 0 || !in.contains(off, size)) {
            throw in.error(off < 0 || off > in.size() ? shOffsetAt(index) : shSizeAt(index), what + " (section " + index
                    + ") at offset " + Long.toUnsignedString(off) + " of " + Long.toUnsignedString(size) + " bytes runs past " + in.end());
        }
        return in.slice(off, size);
    }

    private int sectionIndex(long value, String what, long at) {
        if (value < 0 || value >= shnum) {
            throw in.error(at, what + " " + value + " is not a section (there are " + shnum + ")");
        }
        return (int) value;
    }

    private List<Symbol> symbols(int elfType) {
        int symtab = -1;
        for (int i = 0; i < shnum; i++) {
            if (shType(i) == SHT_SYMTAB) {
                symtab = i;
                break;
            }
        }
        if (symtab < 0 && elfType == ET_DYN) {
            for (int i = 0; i < shnum; i++) {
                if (shType(i) == SHT_DYNSYM) {
                    symtab = i;
                    break;
                }
            }
        }
        if (symtab < 0) {
            return List.of();
        }
        int symSize = symSize(is64);
        long entsize = shEntsize(symtab);
        if (entsize != symSize) {
            throw in.error(shEntsizeAt(symtab), "symbol table (section " + symtab + ") has sh_entsize "
                    + Long.toUnsignedString(entsize) + ", expected " + symSize);
        }
        ByteView syms = sectionData(symtab, "symbol table");
        if (syms.size() % symSize != 0) {
            throw in.error(shSizeAt(symtab), "symbol table size " + syms.size() + " is not a multiple of " + symSize);
        }
        long count = syms.size() / symSize;
        int strtab = sectionIndex(shLink(symtab), "symbol table's sh_link", shLinkAt(symtab));
        ByteView strings = sectionData(strtab, "symbol string table");

        ByteView shndxTable = null;
        for (int i = 0; i < shnum; i++) {
            if (shType(i) == SHT_SYMTAB_SHNDX && shLink(i) == symtab) {
                shndxTable = sectionData(i, "SHT_SYMTAB_SHNDX table");
                if (shndxTable.size() < count * 4) {
                    throw in.error(shSizeAt(i), "SHT_SYMTAB_SHNDX table (section " + i + ") has " + shndxTable.size() / 4
                            + " entries for " + count + " symbols");
                }
                break;
            }
        }
        String[] groupOf = comdatGroups(syms, strings, count);

        List<Symbol> out = new ArrayList<>((int) Math.min(count, 1 << 20));
        for (long i = 1; i < count; i++) {   // entry 0 is the reserved null symbol
            long at = i * symSize;
            long nameOff = syms.u32(at);
            int info, other, shndx;
            if (is64) {
                info = syms.u8(at + 4);
                other = syms.u8(at + 5);
                shndx = syms.u16(at + 6);
            } else {
                info = syms.u8(at + 12);
                other = syms.u8(at + 13);
                shndx = syms.u16(at + 14);
            }
            int type = info & 0xf;
            if (type == STT_SECTION || type == STT_FILE || !locals && info >> 4 == STB_LOCAL) {
                continue;   // format-specific, never linker-visible names; or a local nobody asked for
            }
            long section = shndx;
            long sectionAt = syms.fileOffset(at + (is64 ? 6 : 14)) - in.fileOffset(0);   // st_shndx
            if (shndx == SHN_XINDEX) {
                if (shndxTable == null) {
                    throw in.error(sectionAt, "symbol " + i + " has st_shndx SHN_XINDEX but there is no SHT_SYMTAB_SHNDX table");
                }
                section = shndxTable.u32(i * 4);
                sectionAt = shndxTable.fileOffset(i * 4) - in.fileOffset(0);
            }
            String name = nameAt(strings, nameOff, syms, at, i);
            int bind = info >> 4;
            Binding binding = switch (bind) {
                case STB_LOCAL -> Binding.LOCAL;
                case STB_WEAK -> Binding.WEAK;
                case STB_GNU_UNIQUE -> Binding.UNIQUE;
                default -> Binding.GLOBAL;
            };
            Visibility vis = Visibility.values()[other & 3];
            Definition def;
            Kind kind;
            String comdat = null;
            if (shndx == SHN_UNDEF) {
                def = Definition.UNDEFINED;
                kind = Kind.NONE;
            } else if (shndx == SHN_COMMON) {
                def = Definition.COMMON;
                kind = Kind.COMMON;
            } else if (shndx == SHN_ABS) {
                def = Definition.ABSOLUTE;
                kind = Kind.ABSOLUTE;
            } else if (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX) {
                def = Definition.DEFINED;   // processor- or OS-specific index: defined, section unknown
                kind = Kind.OTHER;
            } else {
                def = Definition.DEFINED;
                int sec = sectionIndex(section, "symbol " + i + " section index", sectionAt);
                kind = type == STT_GNU_IFUNC ? Kind.IFUNC : sectionKind(sec);
                if (binding == Binding.WEAK && type != STT_OBJECT && kind != Kind.TEXT && kind != Kind.IFUNC) {
                    kind = Kind.OTHER;   // a weak non-object (nm 'W', not 'V'), whatever section holds it
                }
                comdat = groupOf == null ? null : groupOf[sec];
            }
            out.add(new Symbol(name, def, binding, kind, vis, comdat));
        }
        return out;
    }

    private String nameAt(ByteView strings, long nameOff, ByteView syms, long at, long index) {
        if (nameOff >= strings.size()) {
            throw syms.error(at, "st_name " + nameOff + " of symbol " + index + " is past the end of the string table ("
                    + strings.size() + " bytes)");
        }
        String name = strings.cstring(nameOff, strings.size(), "symbol name");
        budget.charge(name.length(), syms.fileOffset(at) - in.fileOffset(0));
        return names.intern(name);
    }

    /** Kinds of sections already classified, by section index (symbols cluster in few sections). */
    private Kind[] kinds;

    private Kind sectionKind(int sec) {
        if (kinds == null) {
            kinds = new Kind[shnum];
        }
        Kind k = kinds[sec];
        if (k == null) {
            k = classify(sec);
            kinds[sec] = k;
        }
        return k;
    }

    private Kind classify(int sec) {
        long flags = shFlags(sec);
        int type = shType(sec);
        if ((flags & SHF_EXECINSTR) != 0) {
            return Kind.TEXT;
        }
        if (type == SHT_NOBITS) {
            return Kind.BSS;   // .bss and .tbss
        }
        if ((flags & SHF_TLS) != 0) {
            return Kind.TLS;
        }
        if ((flags & SHF_ALLOC) != 0) {
            return (flags & SHF_WRITE) != 0 ? Kind.DATA : Kind.READONLY;
        }
        return isDebugSection(sec) ? Kind.DEBUG : Kind.OTHER;
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
