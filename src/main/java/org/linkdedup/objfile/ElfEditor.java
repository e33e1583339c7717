package org.linkdedup.objfile;

import static org.linkdedup.objfile.Elf.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.io.ByteView;

/**
 * Rewrites the bindings of symbols in one ELF relocatable object (32/64-bit, either byte order),
 * in a copy of its bytes: {@code weaken} makes defined external symbols {@code STB_WEAK};
 * {@code localize} makes them {@code STB_LOCAL} (objcopy {@code --localize-symbol}).
 *
 * <p>The file keeps its size and layout. Weakening changes one {@code st_info} byte per symbol.
 * Localizing also reorders the symbol table, as ELF wants every local symbol before the first
 * non-local one ({@code sh_info} of {@code SHT_SYMTAB}): the localized entries move, in their
 * relative order, to the end of the local range, and every symbol index of the object is renumbered
 * with them: {@code r_info} of {@code SHT_REL}/{@code SHT_RELA}, the signature ({@code sh_info}) of
 * {@code SHT_GROUP}, the entries of {@code SHT_SYMTAB_SHNDX} and the ULEB128 indices of
 * {@code SHT_LLVM_ADDRSIG} (each re-encoded in as many bytes as before). llvm-objcopy, by contrast,
 * copies the address-significance table unchanged and unlinks it ({@code sh_link} 0) so that lld
 * ignores it; ours stays linked and keeps naming the same symbols.
 *
 * <p>Fail safe: a request is applied whole or not at all. Symbols that cannot be edited (undefined,
 * COMMON, {@code STB_GNU_UNIQUE}, unknown, local when weakening, a group signature when localizing)
 * and objects whose symbol indices live where this class does not rewrite them (compressed
 * relocations, other sections linked to the symbol table, MIPS64 little-endian {@code r_info}) are
 * refused with a {@link SymbolEditRefusedException} listing every reason. Edits already in effect
 * (a weak symbol weakened, a local one localized) are no-ops, so editing twice equals editing once.
 * A malformed object gives the readers' {@link org.linkdedup.io.InputFormatException}.
 */
public final class ElfEditor {
    /** Largest file this editor copies into one array. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private final ElfSectionTable t;
    private final ByteView in;
    private final int symSize;
    private final EditDecisions decisions = new EditDecisions();
    private int symtab = -1;
    private ByteView syms;
    private int count;
    private int firstNonLocal;

    private ElfEditor(ByteView bytes) {
        this.t = ElfSectionTable.read(bytes);
        this.in = t.in;
        this.symSize = symSize(t.is64);
    }

    /**
     * The bytes of {@code bytes} with {@code request} applied; {@code bytes} is not modified.
     *
     * @throws SymbolEditRefusedException when any part of the request cannot be applied safely
     * @throws org.linkdedup.io.InputFormatException when the object is malformed
     */
    public static byte[] edit(ByteView bytes, SymbolEdits request) {
        return new ElfEditor(bytes).apply(request);
    }

    /**
     * Whether {@code request} can be applied to {@code bytes}, without writing a copy: throws what
     * {@link #edit} would. A request that only weakens is decided from the symbol table alone; one
     * that localizes is edited in full (renumbering can refuse late), and the copy dropped.
     *
     * @throws SymbolEditRefusedException when any part of the request cannot be applied safely
     * @throws org.linkdedup.io.InputFormatException when the object is malformed
     */
    public static void check(ByteView bytes, SymbolEdits request) {
        if (!request.localize().isEmpty()) {
            edit(bytes, request);
            return;
        }
        ElfEditor e = new ElfEditor(bytes);
        e.locateSymbolTable();
        e.refuseIfAny();
        e.decide(request);
        e.refuseIfAny();
        if (e.in.size() > MAX_SIZE) {
            throw e.in.error(0, "object of " + e.in.size() + " bytes is too large to rewrite");
        }
        e.checkWritesOverlapNothing(false);
    }

    private byte[] apply(SymbolEdits request) {
        locateSymbolTable();
        refuseIfAny();
        int[] newBind = decide(request);
        refuseIfAny();
        int localized = 0;
        for (int i = 0; i < count; i++) {
            if (newBind[i] == STB_LOCAL) {
                localized++;
            }
        }
        if (localized > 0) {
            checkRenumberable();
            refuseIfAny();
        }
        if (in.size() > MAX_SIZE) {
            throw in.error(0, "object of " + in.size() + " bytes is too large to rewrite");
        }
        checkWritesOverlapNothing(localized > 0);
        byte[] out = in.bytes(0, (int) in.size());
        ByteBuffer buf = ByteBuffer.wrap(out).order(t.order);
        int[] newIndex = permutation(newBind);
        writeSymbols(buf, newBind, newIndex);
        if (localized > 0) {
            putU32(buf, t.infoAt(symtab), firstNonLocal + localized);
            renumber(buf, newIndex);
        }
        return out;
    }

    private void refuseIfAny() {
        decisions.throwIfAny(in.extent());
    }

    private void refuse(String symbol, String reason) {
        decisions.refuse(symbol, reason);
    }

    // ------------------------------------------------------------------ the symbol table

    /** Finds the one {@code SHT_SYMTAB} of a relocatable object and checks its shape and {@code sh_info}. */
    private void locateSymbolTable() {
        if (t.elfType() != ET_REL) {
            refuse(null, "not a relocatable object (e_type " + t.elfType() + ")");
            return;
        }
        for (int i = 0; i < t.shnum; i++) {
            if (t.type(i) == SHT_SYMTAB) {
                if (symtab >= 0) {
                    refuse(null, "more than one SHT_SYMTAB (sections " + symtab + " and " + i + ")");
                    return;
                }
                symtab = i;
            }
        }
        if (symtab < 0) {
            refuse(null, "no SHT_SYMTAB");
            return;
        }
        if (t.entsize(symtab) != symSize) {
            throw in.error(t.entsizeAt(symtab), "symbol table (section " + symtab + ") has sh_entsize "
                    + Long.toUnsignedString(t.entsize(symtab)) + ", expected " + symSize);
        }
        if (t.link(symtab) == symtab) {
            // names read from the table itself would change with every binding written
            throw in.error(t.linkAt(symtab), "symbol table (section " + symtab + ") gives itself as its string table (sh_link)");
        }
        syms = t.data(symtab, "symbol table");
        if (syms.size() % symSize != 0) {
            throw in.error(t.sizeAt(symtab), "symbol table size " + syms.size() + " is not a multiple of " + symSize);
        }
        count = (int) (syms.size() / symSize);   // at most 2^31 / 16
        checkLocalsFirst();
    }

    /** {@code sh_info} must be the index of the first non-local symbol, every one before it local. */
    private void checkLocalsFirst() {
        long info = t.info(symtab);
        if (info > count) {
            throw in.error(t.infoAt(symtab), "symbol table sh_info " + info + " is past its " + count + " entries");
        }
        firstNonLocal = (int) info;
        for (int i = 1; i < count; i++) {
            boolean local = bind(i) == STB_LOCAL;
            if (local != i < firstNonLocal) {
                throw syms.error(i * (long) symSize, "symbol " + i + " is " + (local ? "" : "not ")
                        + "local but the symbol table's sh_info is " + firstNonLocal);
            }
        }
    }

    private long entry(int i) {
        return (long) i * symSize;
    }

    private int info(int i) {
        return syms.u8(entry(i) + (t.is64 ? 4 : 12));
    }

    private int bind(int i) {
        return info(i) >> 4;
    }

    private int sttType(int i) {
        return info(i) & 0xf;
    }

    private int shndx(int i) {
        return syms.u16(entry(i) + (t.is64 ? 6 : 14));
    }

    /** For each requested name, the table indices of its entries (section and file symbols have no name to bind). */
    private Map<String, List<Integer>> entriesNamed(Set<String> names) {
        ByteView strings = t.data(sectionIndex(t.link(symtab), t.linkAt(symtab)), "symbol string table");
        Map<String, List<Integer>> found = new HashMap<>();
        for (int i = 1; i < count; i++) {
            if (sttType(i) == STT_SECTION || sttType(i) == STT_FILE) {
                continue;
            }
            long nameOff = syms.u32(entry(i));
            if (nameOff >= strings.size()) {
                throw syms.error(entry(i), "st_name " + nameOff + " of symbol " + i
                        + " is past the end of the string table (" + strings.size() + " bytes)");
            }
            String name = strings.cstring(nameOff, strings.size(), "symbol name");
            if (names.contains(name)) {
                found.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            }
        }
        return found;
    }

    private int sectionIndex(long value, long at) {
        if (value >= t.shnum) {
            throw in.error(at, "section index " + value + " is not a section (there are " + t.shnum + ")");
        }
        return (int) value;
    }

    // ------------------------------------------------------------------ what changes

    /** The new binding of each entry, or -1 where it stays; refusals are recorded. */
    private int[] decide(SymbolEdits request) {
        int[] newBind = new int[count];
        Arrays.fill(newBind, -1);
        Map<Integer, Integer> signatures = groupSignatures();
        decisions.decide(request, this::entriesNamed, (i, weaken) -> weaken ? weaken(i, newBind) : localize(i, newBind, signatures));
        return newBind;
    }

    /** Why entry {@code i} is no definition this editor may rebind, or null. */
    private String notEditableDefinition(int i, String verb) {
        int shndx = shndx(i);
        if (shndx == SHN_UNDEF) {
            return "undefined here (SHN_UNDEF): only a definition can be " + verb;
        }
        if (shndx == SHN_COMMON || sttType(i) == STT_COMMON) {
            return "a COMMON symbol: the linker merges it, it cannot be " + verb;
        }
        int bind = bind(i);
        if (bind == STB_GNU_UNIQUE) {
            return "binding STB_GNU_UNIQUE: it cannot be " + verb;
        }
        if (bind != STB_LOCAL && bind != STB_GLOBAL && bind != STB_WEAK) {
            return "binding " + bind + " is not one this editor knows";
        }
        return null;
    }

    private String weaken(int i, int[] newBind) {
        String reason = notEditableDefinition(i, "weakened");
        if (reason != null) {
            return reason;
        }
        if (bind(i) == STB_LOCAL) {
            return "a local symbol: only an external one can be weakened";
        }
        if (bind(i) == STB_GLOBAL) {
            newBind[i] = STB_WEAK;
        }
        return null;
    }

    private String localize(int i, int[] newBind, Map<Integer, Integer> signatures) {
        String reason = notEditableDefinition(i, "localized");
        if (reason != null || bind(i) == STB_LOCAL) {
            return reason;
        }
        Integer group = signatures.get(i);
        if (group != null) {
            return "the signature of section group " + group + ": the group would lose its identity";
        }
        newBind[i] = STB_LOCAL;
        return null;
    }

    /** Symbol index to the first {@code SHT_GROUP} section whose signature ({@code sh_info}) it is. */
    private Map<Integer, Integer> groupSignatures() {
        Map<Integer, Integer> signatures = new HashMap<>();
        for (int g = 0; g < t.shnum; g++) {
            if (t.type(g) == SHT_GROUP) {
                signatures.putIfAbsent(symbolIndex(t.info(g), t.infoAt(g), "section group " + g + "'s signature"), g);
            }
        }
        return signatures;
    }

    private int symbolIndex(long value, long at, String what) {
        if (value >= count) {
            throw in.error(at, what + " is symbol " + value + " of " + count);
        }
        return (int) value;
    }

    // ------------------------------------------------------------------ renumbering

    /**
     * Throws unless every range this edit writes (the symbol table; when entries are renumbered also
     * its SHT_SYMTAB_SHNDX table, relocation sections and address-significance tables) overlaps no
     * other range: the ELF header, the section header table, any section's contents (whatever its
     * type: the reader takes names from the section {@code sh_link} gives).
     */
    private void checkWritesOverlapNothing(boolean renumbered) {
        InPlaceWrites ranges = new InPlaceWrites();
        ranges.add("the ELF header", 0, 0, t.is64 ? 64 : 52, false);
        ranges.add("the section header table", t.is64 ? 40 : 32, t.header(0), t.header(t.shnum) - t.header(0), false);
        for (int s = 0; s < t.shnum; s++) {
            int type = t.type(s);
            if (type == SHT_NOBITS || s == 0 && t.link(symtab) != 0) {
                continue;   // no file bytes; section 0's fields may hold extended counts, unless it is read as the string table
            }
            boolean written = s == symtab || renumbered && (type == SHT_REL || type == SHT_RELA || type == SHT_LLVM_ADDRSIG
                    || type == SHT_SYMTAB_SHNDX && t.link(s) == symtab);
            int section = s;
            ranges.add(() -> "section " + section + " (type 0x" + Integer.toHexString(type) + ")", t.offsetAt(s), t.offset(s), t.size(s), written);
        }
        ranges.requireDisjoint(in);
    }

    /** Records a refusal for every place symbol indices live that {@link #renumber} does not rewrite. */
    private void checkRenumberable() {
        if (t.is64 && t.machine() == EM_MIPS && t.order == ByteOrder.LITTLE_ENDIAN) {
            refuse(null, "MIPS64 little-endian r_info is not rewritten");
        }
        for (int s = 0; s < t.shnum; s++) {
            int type = t.type(s);
            long link = t.link(s);
            boolean handled = type == SHT_REL || type == SHT_RELA || type == SHT_GROUP || type == SHT_SYMTAB_SHNDX
                    || type == SHT_LLVM_ADDRSIG;
            if (type == SHT_CREL) {
                refuse(null, "section " + s + " holds compressed relocations (SHT_CREL), which are not rewritten");
            } else if (handled && link != symtab) {
                refuse(null, "section " + s + " (type 0x" + Integer.toHexString(type) + ") refers to section " + link
                        + ", not to the symbol table " + symtab);
            } else if (!handled && link == symtab && s != symtab && type != SHT_SYMTAB) {
                refuse(null, "section " + s + " (type 0x" + Integer.toHexString(type)
                        + ") is linked to the symbol table and may hold symbol indices that are not rewritten");
            }
        }
    }

    /** New index of each old one: locals, then the newly localized in table order, then the other non-locals. */
    private int[] permutation(int[] newBind) {
        int[] newIndex = new int[count];
        int next = 0;
        for (int i = 0; i < firstNonLocal; i++) {
            newIndex[i] = next++;
        }
        for (int i = firstNonLocal; i < count; i++) {
            if (newBind[i] == STB_LOCAL) {
                newIndex[i] = next++;
            }
        }
        for (int i = firstNonLocal; i < count; i++) {
            if (newBind[i] != STB_LOCAL) {
                newIndex[i] = next++;
            }
        }
        return newIndex;
    }

    /** Writes each entry, with its new binding, at its new index; {@code SHT_SYMTAB_SHNDX} entries move with them. */
    private void writeSymbols(ByteBuffer out, int[] newBind, int[] newIndex) {
        long base = t.offset(symtab);
        ByteView shndx = shndxTable();
        long shndxBase = shndx == null ? 0 : shndx.fileOffset(0) - in.fileOffset(0);
        for (int i = 0; i < count; i++) {
            int at = (int) (base + entry(newIndex[i]));
            syms.copyTo(entry(i), out.array(), at, symSize);
            if (newBind[i] >= 0) {
                out.put(at + (t.is64 ? 4 : 12), (byte) (newBind[i] << 4 | sttType(i)));
            }
            if (shndx != null) {
                putU32(out, shndxBase + 4L * newIndex[i], shndx.u32(4L * i));
            }
        }
    }

    private ByteView shndxTable() {
        for (int s = 0; s < t.shnum; s++) {
            if (t.type(s) == SHT_SYMTAB_SHNDX && t.link(s) == symtab) {
                ByteView table = t.data(s, "SHT_SYMTAB_SHNDX table");
                if (table.size() < 4L * count) {
                    throw in.error(t.sizeAt(s), "SHT_SYMTAB_SHNDX table (section " + s + ") has " + table.size() / 4
                            + " entries for " + count + " symbols");
                }
                return table;
            }
        }
        return null;
    }

    /** Rewrites every symbol index outside the symbol table (see {@link #checkRenumberable}). */
    private void renumber(ByteBuffer out, int[] newIndex) {
        for (int s = 0; s < t.shnum; s++) {
            switch (t.type(s)) {
                case SHT_REL -> relocations(out, s, t.is64 ? 16 : 8, newIndex);
                case SHT_RELA -> relocations(out, s, t.is64 ? 24 : 12, newIndex);
                case SHT_GROUP -> putU32(out, t.infoAt(s), newIndex[symbolIndex(t.info(s), t.infoAt(s), "section group " + s + "'s signature")]);
                case SHT_LLVM_ADDRSIG -> addrsig(out, s, newIndex);
                default -> {
                }
            }
        }
    }

    /** Renumbers the symbol of each {@code r_info} of relocation section {@code s}. */
    private void relocations(ByteBuffer out, int s, int relSize, int[] newIndex) {
        if (t.entsize(s) != relSize) {
            throw in.error(t.entsizeAt(s), "relocation section " + s + " has sh_entsize "
                    + Long.toUnsignedString(t.entsize(s)) + ", expected " + relSize);
        }
        ByteView rels = t.data(s, "relocation section");
        long base = t.offset(s);
        int wordSize = t.is64 ? 8 : 4;
        for (long r = 0; r + relSize <= rels.size(); r += relSize) {
            long at = r + wordSize;   // r_info follows r_offset
            long info = rels.word(at, t.is64);
            long sym = t.is64 ? info >>> 32 : info >>> 8;
            int renumbered = newIndex[symbolIndex(sym, rels.fileOffset(at) - in.fileOffset(0), "relocation's symbol")];
            if (t.is64) {
                out.putLong((int) (base + at), (long) renumbered << 32 | info & 0xffffffffL);
            } else {
                putU32(out, base + at, (long) renumbered << 8 | info & 0xff);
            }
        }
    }

    /** Renumbers the ULEB128 symbol indices of an address-significance table, each in as many bytes as before. */
    private void addrsig(ByteBuffer out, int s, int[] newIndex) {
        ByteView data = t.data(s, "SHT_LLVM_ADDRSIG section");
        long base = t.offset(s);
        long p = 0;
        while (p < data.size()) {
            long start = p;
            long value = 0;
            int shift = 0;
            int b;
            do {
                if (p >= data.size() || shift > 56) {
                    throw data.error(start, "malformed ULEB128 symbol index in SHT_LLVM_ADDRSIG section " + s);
                }
                b = data.u8(p++);
                value |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            int sym = newIndex[symbolIndex(value, data.fileOffset(start) - in.fileOffset(0), "address-significance entry")];
            writeUleb(out, base + start, (int) (p - start), sym);
        }
    }

    /** Writes {@code value} as ULEB128 in exactly {@code width} bytes (padded with continuation bytes). */
    private void writeUleb(ByteBuffer out, long at, int width, int value) {
        if (width < 5 && value >>> (7 * width) != 0) {
            refuse(null, "symbol index " + value + " does not fit the " + width + " bytes of its SHT_LLVM_ADDRSIG entry");
            refuseIfAny();
        }
        long v = value;
        for (int k = 0; k < width; k++) {
            int low = (int) (v & 0x7f);
            v >>>= 7;
            out.put((int) at + k, (byte) (k == width - 1 ? low : low | 0x80));
        }
    }

    private static void putU32(ByteBuffer out, long at, long value) {
        out.putInt((int) at, (int) value);
    }
}
