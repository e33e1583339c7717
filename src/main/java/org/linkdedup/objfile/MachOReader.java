package org.linkdedup.objfile;

import static org.linkdedup.objfile.MachO.*;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.io.NameBudget;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.MachOObject.Section;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * Reads the {@code LC_SYMTAB} nlist entries of a thin Mach-O file (32/64-bit, either byte order), and
 * each slice of a universal file. Section headers are taken from {@code LC_SEGMENT[_64]}; section
 * contents are never read. {@code N_STAB} debugging entries are skipped.
 */
final class MachOReader {
    private final ByteView in;
    private final boolean is64;
    private final NameInterner names;
    private final boolean locals;
    /** Every section of every segment, in load command order: {@code n_sect} 1 is the first. */
    private final List<Section> sections = new ArrayList<>();
    /** Where the {@code LC_SYMTAB} command is, or -1. */
    private long symtabCmd = -1;
    /** What each section holds, by {@code n_sect - 1}, classified when a symbol first needs it. */
    private SectionKind[] kinds;

    private MachOReader(ByteView in, boolean is64, NameInterner names, boolean locals) {
        this.in = in;
        this.is64 = is64;
        this.names = names;
        this.locals = locals;
    }

    static MachOObject read(ByteView bytes, NameInterner names, boolean locals) {
        bytes.check(0, 28, "Mach-O header");
        long magic = bytes.order(ByteOrder.LITTLE_ENDIAN).u32(0);
        boolean be;
        boolean is64;
        if (magic == MH_MAGIC || magic == MH_MAGIC_64) {
            be = false;
            is64 = magic == MH_MAGIC_64;
        } else {
            long bem = bytes.order(ByteOrder.BIG_ENDIAN).u32(0);
            if (bem != MH_MAGIC && bem != MH_MAGIC_64) {
                throw bytes.error(0, "bad Mach-O magic 0x" + Long.toHexString(magic));
            }
            be = true;
            is64 = bem == MH_MAGIC_64;
        }
        ByteView in = bytes.order(be ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        in.check(0, headerSize(is64), "Mach-O header");
        MachOReader r = new MachOReader(in, is64, names, locals);
        r.loadCommands();
        List<Symbol> symbols = r.symtabCmd < 0 ? List.of() : r.symbols();
        return new MachOObject(is64, be, in.s32(4), in.s32(8), in.s32(12), r.sections, symbols);
    }

    /** Walks the load commands: collects the sections of the segments and finds {@code LC_SYMTAB}. */
    private void loadCommands() {
        MachOLoadCommands.walk(in, is64, this::command);
    }

    private void command(long at, long i, int cmd, long cmdsize) {
        if (cmd == LC_SEGMENT || cmd == LC_SEGMENT_64) {
            segment(at, i, cmd == LC_SEGMENT_64, cmdsize);
        } else if (cmd == LC_SYMTAB) {
            if (cmdsize < 24) {
                throw in.error(at + 4, "LC_SYMTAB has cmdsize " + cmdsize + ", expected 24");
            }
            if (symtabCmd >= 0) {
                throw in.error(at, "more than one LC_SYMTAB");
            }
            symtabCmd = at;
        }
    }

    /** Adds the section headers of segment load command {@code i} at {@code at}. */
    private void segment(long at, long i, boolean seg64, long cmdsize) {
        for (long sp : MachOLoadCommands.sectionHeaders(in, at, i, seg64, cmdsize)) {
            String sectname = fixedName(in, sp);
            String segname = fixedName(in, sp + 16);
            long flags = in.u32(sp + (seg64 ? 64 : 56));
            sections.add(new Section(segname, sectname, flags));
        }
    }

    private static String fixedName(ByteView in, long at) {
        String s = in.string(at, 16);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** Checks the ranges {@code LC_SYMTAB} gives its entries and strings, then decodes every entry. */
    private List<Symbol> symbols() {
        long cmd = symtabCmd;
        long symoff = in.u32(cmd + 8);
        long nsyms = in.u32(cmd + 12);
        long stroff = in.u32(cmd + 16);
        long strsize = in.u32(cmd + 20);
        int entry = nlistSize(is64);
        if (symoff > in.size()) {
            throw in.error(cmd + 8, "symoff " + symoff + " (" + nsyms + " symbols of " + entry + " bytes) runs past " + in.end());
        }
        if (!in.contains(symoff, nsyms * entry)) {
            throw in.error(cmd + 12, "nsyms " + nsyms + " (symbols of " + entry + " bytes at offset " + symoff + ") runs past " + in.end());
        }
        if (stroff > in.size()) {
            throw in.error(cmd + 16, "stroff " + stroff + " (string table of " + strsize + " bytes) runs past " + in.end());
        }
        if (!in.contains(stroff, strsize)) {
            throw in.error(cmd + 20, "strsize " + strsize + " (string table at offset " + stroff + ") runs past " + in.end());
        }
        ByteView syms = in.slice(symoff, nsyms * entry);
        ByteView strings = in.slice(stroff, strsize);
        NameBudget budget = new NameBudget(in);
        List<Symbol> out = new ArrayList<>((int) nsyms);
        for (long i = 0; i < nsyms; i++) {
            Symbol s = entry(syms, strings, budget, symoff, i);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Decodes nlist entry {@code i}; null for a debugging entry and for a local one nobody asked
     * for, whose name is then not even read.
     */
    private Symbol entry(ByteView syms, ByteView strings, NameBudget budget, long symoff, long i) {
        long p = i * nlistSize(is64);
        int type = syms.u8(p + 4);
        int sect = syms.u8(p + 5);
        int desc = syms.u16(p + 6);
        long value = syms.word(p + 8, is64);
        if ((type & N_STAB) != 0 || !locals && (type & N_EXT) == 0) {
            return null;
        }
        String name = nameAt(syms, strings, budget, symoff, p, i);
        boolean ext = (type & N_EXT) != 0;
        Definition def;
        int section = Symbol.NO_SECTION;
        long size = 0;
        switch (type & N_TYPE) {
            case N_UNDF, N_PBUD -> {
                boolean common = ext && value != 0 && (type & N_TYPE) == N_UNDF;   // n_value is the size
                def = common ? Definition.COMMON : Definition.UNDEFINED;
                section = common ? Symbol.COMMON_SECTION : Symbol.NO_SECTION;
                size = common ? value : 0;
            }
            case N_ABS -> {
                def = Definition.ABSOLUTE;
                section = Symbol.ABSOLUTE_SECTION;
            }
            case N_INDR -> def = Definition.INDIRECT;
            case N_SECT -> {
                if (sect == NO_SECT || sect > sections.size()) {
                    throw syms.error(p + 5, "n_sect " + sect + " of symbol " + i + " is not a section (there are " + sections.size() + ")");
                }
                def = Definition.DEFINED;
                section = sect;
            }
            default -> {
                def = Definition.DEFINED;
                section = Symbol.RESERVED_SECTION;
            }
        }
        int weakBit = def == Definition.UNDEFINED ? N_WEAK_REF : N_WEAK_DEF;
        Binding binding = !ext ? Binding.LOCAL : (desc & weakBit) != 0 ? Binding.WEAK : Binding.GLOBAL;
        Visibility vis = (type & N_PEXT) != 0 ? Visibility.HIDDEN : Visibility.DEFAULT;
        return new Symbol(name, def, binding, Type.NOTYPE, size, section,
                section > 0 ? sectionKind(section) : SectionKind.NONE, vis, null);
    }

    /** The name of the entry at {@code p}, charged to the member's name budget and interned. */
    private String nameAt(ByteView syms, ByteView strings, NameBudget budget, long symoff, long p, long i) {
        long strx = syms.u32(p);
        if (strx >= strings.size()) {
            throw syms.error(p, "n_strx " + strx + " of symbol " + i + " is past the end of the string table (" + strings.size() + " bytes)");
        }
        String raw = strings.cstring(strx, strings.size(), "symbol name");
        budget.charge(raw.length(), symoff + p);
        return names.intern(raw);
    }

    private SectionKind sectionKind(int sect) {
        if (kinds == null) {
            kinds = new SectionKind[sections.size()];
        }
        SectionKind k = kinds[sect - 1];
        if (k == null) {
            k = classify(sections.get(sect - 1));
            kinds[sect - 1] = k;
        }
        return k;
    }

    /**
     * What a section holds, from its attributes and type first, then from the segment it goes to:
     * {@code __TEXT} is read-only ({@code __TEXT,__text} code even without instruction attributes),
     * {@code __DATA} and its variants ({@code __DATA_CONST}, {@code __DATA_DIRTY}) writable data.
     */
    private static SectionKind classify(Section s) {
        int type = (int) (s.flags() & SECTION_TYPE);
        if ((s.flags() & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS)) != 0) {
            return SectionKind.CODE;
        }
        if (type == S_ZEROFILL || type == S_GB_ZEROFILL || type == S_THREAD_LOCAL_ZEROFILL) {
            return SectionKind.BSS;
        }
        if (s.isThreadLocal()) {
            return SectionKind.TLS;
        }
        if ((s.flags() & S_ATTR_DEBUG) != 0 || s.segname().equals("__DWARF")) {
            return SectionKind.DEBUG;
        }
        if (s.segname().equals("__TEXT")) {
            return s.sectname().equals("__text") ? SectionKind.CODE : SectionKind.READONLY;
        }
        return s.segname().startsWith("__DATA") ? SectionKind.DATA : SectionKind.OTHER;
    }

    /** A universal file: each {@code fat_arch} (or {@code fat_arch_64}) slice read as a thin Mach-O. */
    static UniversalObject readUniversal(ByteView bytes, NameInterner names, boolean locals) {
        List<MachOObject> slices = new ArrayList<>();
        for (MachOFatHeader.Slice s : MachOFatHeader.slices(bytes)) {
            ByteView slice = s.bytes();
            if (FileMagic.of(slice) != FileMagic.MACHO) {
                throw bytes.error(s.offset(), s.what() + " is not a Mach-O object"
                        + (slice.size() >= 8 && slice.string(0, 8).equals("!<arch>\n")
                        ? ": universal archives are not supported; take one architecture with `lipo -thin " + s.arch() + "`" : ""));
            }
            try {
                slices.add(read(slice, names, locals));
            } catch (InputFormatException e) {
                throw new InputFormatException(e.file(), e.member(), e.offset(), s.what() + ": " + e.reason(), e);
            }
        }
        return new UniversalObject(slices);
    }
}
