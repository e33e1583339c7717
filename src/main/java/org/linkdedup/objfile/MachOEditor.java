package org.linkdedup.objfile;

import static org.linkdedup.objfile.MachO.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.SymbolEditRefusedException.Refusal;

/**
 * The Mach-O counterpart of {@link ElfEditor}: rewrites symbols of one thin {@code MH_OBJECT}
 * (32/64-bit, either byte order), or of every slice of a universal file, in a copy of its bytes.
 * {@code weaken} sets {@code N_WEAK_DEF} in {@code n_desc} of defined external symbols;
 * {@code localize} clears {@code N_EXT}, {@code N_PEXT} and {@code N_WEAK_DEF} (objcopy
 * {@code --localize-symbol}), so other objects can no longer bind to the symbol while this
 * object's own relocations still reach it.
 *
 * <p>The file keeps its size and layout, and its string table. Weakening changes two bytes of
 * {@code n_desc} per symbol. Localizing also reorders the symbol table, as {@code LC_DYSYMTAB} wants
 * locals, then external definitions, then undefined symbols: the localized entries move, in their
 * relative order, to the end of the local range; {@code nlocalsym}, {@code iextdefsym} and
 * {@code nextdefsym} follow, and every symbol index of the object is renumbered with them:
 * {@code r_symbolnum} of the external ({@code r_extern}) relocations of every section, and the
 * entries of the indirect symbol table ({@code INDIRECT_SYMBOL_LOCAL}/{@code ABS} entries hold no
 * index and stay). Section-relative relocations hold section numbers and stay;
 * {@code LC_LINKER_OPTIMIZATION_HINT} and {@code LC_DATA_IN_CODE} hold addresses and offsets only.
 * An object without {@code LC_DYSYMTAB} has no order to keep: its entries change in place.
 *
 * <p>Fail safe: a request is applied whole or not at all. Symbols that cannot be edited (undefined,
 * common, absolute, indirect, local or private-extern-only when weakening, debugging entries) and
 * objects this class does not rewrite whole are refused with a {@link SymbolEditRefusedException}
 * listing every reason: a file type other than {@code MH_OBJECT}; and, when localizing, a CPU other
 * than x86_64 and arm64 (their relocations are never scattered), a symbol table not laid out as
 * {@code LC_DYSYMTAB} describes, non-empty table of contents, module table, external reference
 * table or dynamic relocations, an old-style {@code __llvm_addrsig} section holding ULEB128 symbol
 * indices in its contents (LLVM 17 and later name the symbols with relocations instead, which are
 * renumbered), and load commands this class does not know (they might hold symbol indices). Edits already in effect (a weak definition
 * weakened, a local one localized) are no-ops, so editing twice equals editing once. A malformed
 * object gives the readers' {@link org.linkdedup.io.InputFormatException}.
 *
 * <p>A universal ("fat") file, {@code FAT_MAGIC} or {@code FAT_MAGIC_64}, has the request applied to
 * every slice, each edited as a thin object in place: the fat header, the slices' offsets and sizes
 * and every byte outside the slices stay as they were. The request is still applied whole or not at
 * all: a refusal in any slice refuses the file, each reason naming its slice ({@code "slice x86_64:
 * ..."}; {@code "slice 1 (arm64)"} when two slices share an architecture name), and the refusals of
 * every slice are listed together. A requested name that one slice does not define is refused too,
 * although the other slices could be edited: the slices of a universal file are usually built from
 * the same sources and define the same names, so a slice without it is one the decision to edit was
 * not made for (the readers present a universal file by its first slice), and leaving that name
 * global in one architecture while it is weak or local in another would make the file link
 * differently per architecture. A slice that is not a thin Mach-O (LLVM bitcode, a universal
 * archive's {@code !<arch>}) is refused with what it is; a universal file without slices is refused.
 * Slices overlapping one another or the fat header, or running past the end of the file, are
 * malformed ({@link org.linkdedup.io.InputFormatException}), and so is a malformed slice, its
 * reason prefixed with {@code "fat slice N (ARCH): "} as the reader words it.
 */
public final class MachOEditor {
    /** Largest file this editor copies into one array. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;
    /** Size of {@code struct relocation_info}. */
    private static final int RELOCATION_SIZE = 8;
    /** Size of {@code struct dysymtab_command}. */
    private static final int DYSYMTAB_SIZE = 80;

    private final ByteView in;
    private final ByteOrder order;
    private final boolean is64;
    private final int entrySize;
    private final EditDecisions decisions = new EditDecisions();
    /** Offsets (in {@code in}) of each section header, in load command order. */
    private final List<Long> sections = new ArrayList<>();
    private long symtabCmd = -1;
    private long dysymtabCmd = -1;
    /** Load commands that may hold symbol indices this class does not rewrite, for the refusal. */
    private final List<String> unknownCommands = new ArrayList<>();
    private ByteView syms;
    private int count;

    private MachOEditor(ByteView in, ByteOrder order, boolean is64) {
        this.in = in;
        this.order = order;
        this.is64 = is64;
        this.entrySize = nlistSize(is64);
    }

    /**
     * The bytes of {@code bytes} with {@code request} applied; {@code bytes} is not modified.
     *
     * @throws SymbolEditRefusedException when any part of the request cannot be applied safely
     * @throws org.linkdedup.io.InputFormatException when the object is malformed
     */
    public static byte[] edit(ByteView bytes, SymbolEdits request) {
        if (FileMagic.of(bytes) == FileMagic.MACHO_UNIVERSAL) {
            return editUniversal(bytes, request);
        }
        return open(bytes).apply(request);
    }

    /**
     * Every slice of a universal file edited in place: all of them or none. The slices are read as
     * {@link MachOReader} reads them ({@link MachOFatHeader}), and must not overlap one another or
     * the fat header.
     */
    private static byte[] editUniversal(ByteView bytes, SymbolEdits request) {
        List<MachOFatHeader.Slice> slices = MachOFatHeader.slices(bytes);
        MachOFatHeader.requireDisjoint(bytes, slices);
        if (bytes.size() > MAX_SIZE) {
            throw bytes.error(0, "universal file of " + bytes.size() + " bytes is too large to rewrite");
        }
        List<Refusal> refusals = new ArrayList<>();
        if (slices.isEmpty()) {
            refusals.add(new Refusal(null, "a universal file without slices: no object to edit"));
        }
        byte[] out = bytes.bytes(0, (int) bytes.size());
        for (MachOFatHeader.Slice s : slices) {
            String label = label(s, slices);
            FileMagic kind = FileMagic.of(s.bytes());
            if (kind != FileMagic.MACHO) {
                refusals.add(new Refusal(null, label + ": " + notMachO(kind, s.arch())));
                continue;
            }
            try {
                byte[] edited = open(s.bytes()).apply(request);
                System.arraycopy(edited, 0, out, (int) s.offset(), edited.length);   // the same size: never moves
            } catch (SymbolEditRefusedException e) {
                for (Refusal r : e.refusals()) {
                    refusals.add(new Refusal(r.symbol(), label + ": " + r.reason()));
                }
            } catch (InputFormatException e) {
                throw new InputFormatException(e.file(), e.member(), e.offset(), s.what() + ": " + e.reason(), e);
            }
        }
        if (!refusals.isEmpty()) {
            // whole-object reasons first, then by symbol; a stable sort keeps the slices' order within each
            refusals.sort(Comparator.comparing((Refusal r) -> r.symbol() != null)
                    .thenComparing(Refusal::symbol, Comparator.nullsFirst(Comparator.naturalOrder())));
            throw new SymbolEditRefusedException(bytes.extent(), refusals);
        }
        return out;
    }

    /** "slice arm64"; "slice 1 (arm64)" when another slice has the same architecture name. */
    private static String label(MachOFatHeader.Slice s, List<MachOFatHeader.Slice> slices) {
        long same = slices.stream().filter(o -> o.arch().equals(s.arch())).count();
        return same > 1 ? "slice " + s.index() + " (" + s.arch() + ")" : "slice " + s.arch();
    }

    /** Why a slice of kind {@code kind} (not a thin Mach-O) is not edited. */
    private static String notMachO(FileMagic kind, String arch) {
        return switch (kind) {
            case BITCODE -> "LLVM bitcode, not a Mach-O object: its symbols are the LTO's, this editor rewrites nlist entries";
            case ARCHIVE -> "an archive, not a Mach-O object (a universal archive): take one architecture with `lipo -thin "
                    + arch + "` and edit its members";
            case MACHO_UNIVERSAL -> "a universal file within a universal file, not a Mach-O object";
            case ELF -> "an ELF object, not a Mach-O object";
            case COFF, COFF_IMPORT -> "a COFF object, not a Mach-O object";
            default -> "not a Mach-O object (unknown magic)";
        };
    }

    /** Reads the magic and byte order, as {@link MachOReader} does. */
    private static MachOEditor open(ByteView bytes) {
        bytes.check(0, 28, "Mach-O header");
        long le = bytes.order(ByteOrder.LITTLE_ENDIAN).u32(0);
        long be = bytes.order(ByteOrder.BIG_ENDIAN).u32(0);
        ByteOrder order;
        if (le == MH_MAGIC || le == MH_MAGIC_64) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (be == MH_MAGIC || be == MH_MAGIC_64) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw bytes.error(0, "bad Mach-O magic 0x" + Long.toHexString(le));
        }
        ByteView in = bytes.order(order);
        boolean is64 = in.u32(0) == MH_MAGIC_64;
        in.check(0, headerSize(is64), "Mach-O header");
        return new MachOEditor(in, order, is64);
    }

    private byte[] apply(SymbolEdits request) {
        if (in.size() > MAX_SIZE) {
            throw in.error(0, "object of " + in.size() + " bytes is too large to rewrite");
        }
        if (in.u32(12) != MH_OBJECT) {
            refuse(null, "not a relocatable object (filetype " + in.u32(12) + ", MH_OBJECT is " + MH_OBJECT + ")");
            refuseIfAny();
        }
        loadCommands();
        locateSymbols();
        refuseIfAny();
        Map<Integer, Integer> newType = new HashMap<>();
        Map<Integer, Integer> newDesc = new HashMap<>();
        decide(request, newType, newDesc);
        refuseIfAny();
        boolean reorder = !newType.isEmpty() && dysymtabCmd >= 0;
        if (reorder) {
            checkRenumberable(newType);
            refuseIfAny();
        }
        checkWritesOverlapNothing(reorder);
        byte[] out = in.bytes(0, (int) in.size());
        ByteBuffer buf = ByteBuffer.wrap(out).order(order);
        int[] newIndex = reorder ? permutation(newType.keySet()) : identity();
        writeSymbols(buf, newType, newDesc, newIndex);
        if (reorder) {
            long moved = newType.size();
            putU32(buf, dysymtabCmd + 12, in.u32(dysymtabCmd + 12) + moved);   // nlocalsym
            putU32(buf, dysymtabCmd + 16, in.u32(dysymtabCmd + 16) + moved);   // iextdefsym
            putU32(buf, dysymtabCmd + 20, in.u32(dysymtabCmd + 20) - moved);   // nextdefsym
            renumberRelocations(buf, newIndex);
            renumberIndirectSymbols(buf, newIndex);
        }
        return out;
    }

    private void refuseIfAny() {
        decisions.throwIfAny(in.extent());
    }

    private void refuse(String symbol, String reason) {
        decisions.refuse(symbol, reason);
    }

    // ------------------------------------------------------------------ load commands

    /** Walks the load commands (checked as {@link MachOReader} checks them) and notes what is where. */
    private void loadCommands() {
        MachOLoadCommands.walk(in, is64, this::command);
    }

    private void command(long at, long i, int cmd, long cmdsize) {
        switch (cmd) {
            case LC_SEGMENT, LC_SEGMENT_64 -> segment(at, i, cmd == LC_SEGMENT_64, cmdsize);
            case LC_SYMTAB -> symtabCmd = single(symtabCmd, at, cmdsize, 24, "LC_SYMTAB");
            case LC_DYSYMTAB -> dysymtabCmd = single(dysymtabCmd, at, cmdsize, DYSYMTAB_SIZE, "LC_DYSYMTAB");
            case LC_UUID, LC_VERSION_MIN_MACOSX, LC_VERSION_MIN_IPHONEOS, LC_VERSION_MIN_TVOS, LC_VERSION_MIN_WATCHOS,
                    LC_BUILD_VERSION, LC_DATA_IN_CODE, LC_LINKER_OPTION, LC_LINKER_OPTIMIZATION_HINT -> {
                // addresses, offsets, versions and strings: no symbol index
            }
            default -> unknownCommands.add("load command " + i + " (cmd 0x" + Integer.toHexString(cmd) + ")");
        }
    }

    private long single(long seen, long at, long cmdsize, int size, String name) {
        if (cmdsize < size) {
            throw in.error(at + 4, name + " has cmdsize " + cmdsize + ", expected " + size);
        }
        if (seen >= 0) {
            throw in.error(at, "more than one " + name);
        }
        return at;
    }

    /** Notes where the section headers of segment load command {@code i} at {@code at} are. */
    private void segment(long at, long i, boolean seg64, long cmdsize) {
        for (long sp : MachOLoadCommands.sectionHeaders(in, at, i, seg64, cmdsize)) {
            sections.add(sp);
        }
    }

    // ------------------------------------------------------------------ the symbol table

    /** Checks the range {@code LC_SYMTAB} gives its entries. */
    private void locateSymbols() {
        if (symtabCmd < 0) {
            refuse(null, "no LC_SYMTAB");
            return;
        }
        long symoff = in.u32(symtabCmd + 8);
        long nsyms = in.u32(symtabCmd + 12);
        if (symoff > in.size() || !in.contains(symoff, nsyms * entrySize)) {
            throw in.error(symtabCmd + 12, "nsyms " + nsyms + " (symbols of " + entrySize + " bytes at offset "
                    + symoff + ") runs past " + in.end());
        }
        syms = in.slice(symoff, nsyms * entrySize);
        count = (int) nsyms;   // the entries fit in the file, which is below 2^31 bytes when edited
    }

    private long entry(int i) {
        return (long) i * entrySize;
    }

    private int type(int i) {
        return syms.u8(entry(i) + 4);
    }

    private int desc(int i) {
        return syms.u16(entry(i) + 6);
    }

    private long value(int i) {
        return syms.word(entry(i) + 8, is64);
    }

    /** For each requested name, the table indices of its entries; debugging ({@code N_STAB}) entries are skipped. */
    private Map<String, List<Integer>> entriesNamed(Set<String> names) {
        long stroff = in.u32(symtabCmd + 16);
        long strsize = in.u32(symtabCmd + 20);
        if (stroff > in.size() || !in.contains(stroff, strsize)) {
            throw in.error(symtabCmd + 20, "strsize " + strsize + " (string table at offset " + stroff + ") runs past " + in.end());
        }
        ByteView strings = in.slice(stroff, strsize);
        Map<String, List<Integer>> found = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if ((type(i) & N_STAB) != 0) {
                continue;
            }
            long strx = syms.u32(entry(i));
            if (strx >= strings.size()) {
                throw syms.error(entry(i), "n_strx " + strx + " of symbol " + i
                        + " is past the end of the string table (" + strings.size() + " bytes)");
            }
            String name = strings.cstring(strx, strings.size(), "symbol name");
            if (names.contains(name)) {
                found.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ what changes

    /** Fills the new {@code n_type} of each localized entry and the new {@code n_desc} of each changed one. */
    private void decide(SymbolEdits request, Map<Integer, Integer> newType, Map<Integer, Integer> newDesc) {
        decisions.decide(request, this::entriesNamed, (i, weaken) -> weaken ? weaken(i, newDesc) : localize(i, newType, newDesc));
    }

    /** Why entry {@code i} is no section definition this editor may edit, or null. */
    private String notEditableDefinition(int i, String verb) {
        int type = type(i);
        switch (type & N_TYPE) {
            case N_SECT -> {
                return null;
            }
            case N_UNDF -> {
                return (type & N_EXT) != 0 && value(i) != 0
                        ? "a common symbol (N_UNDF with n_value " + value(i) + "): the linker merges it, it cannot be " + verb
                        : "undefined here (N_UNDF): only a definition can be " + verb;
            }
            case N_ABS -> {
                return "an absolute symbol (N_ABS): only a section definition can be " + verb;
            }
            case N_INDR -> {
                return "an indirect symbol (N_INDR): it names another symbol, it cannot be " + verb;
            }
            case N_PBUD -> {
                return "a prebound undefined symbol (N_PBUD): only a definition can be " + verb;
            }
            default -> {
                return "n_type 0x" + Integer.toHexString(type) + " is not one this editor knows";
            }
        }
    }

    private String weaken(int i, Map<Integer, Integer> newDesc) {
        String reason = notEditableDefinition(i, "weakened");
        if (reason != null) {
            return reason;
        }
        int type = type(i);
        if ((type & N_EXT) == 0) {
            return (type & N_PEXT) != 0
                    ? "private extern only (N_PEXT without N_EXT): no other object can bind to it, it cannot be weakened"
                    : "a local symbol: only an external one can be weakened";
        }
        if ((desc(i) & N_WEAK_DEF) == 0) {
            newDesc.put(i, desc(i) | N_WEAK_DEF);
        }
        return null;
    }

    private String localize(int i, Map<Integer, Integer> newType, Map<Integer, Integer> newDesc) {
        String reason = notEditableDefinition(i, "localized");
        if (reason != null || (type(i) & N_EXT) == 0) {
            return reason;
        }
        newType.put(i, type(i) & ~(N_EXT | N_PEXT));
        newDesc.put(i, desc(i) & ~N_WEAK_DEF);
        return null;
    }

    // ------------------------------------------------------------------ renumbering

    /** Records a refusal for every reason the symbol indices of this object cannot all be renumbered. */
    private void checkRenumberable(Map<Integer, Integer> newType) {
        int cpu = in.s32(4);
        if (cpu != CPU_TYPE_X86_64 && cpu != CPU_TYPE_ARM64) {
            refuse(null, "localizing is done for x86_64 and arm64 objects only (cputype 0x"
                    + Integer.toHexString(cpu) + ": its relocations may be scattered)");
        }
        for (String command : unknownCommands) {
            refuse(null, command + " is not one this editor knows and may hold symbol indices");
        }
        checkDysymtab(newType);
        for (long section : sections) {
            boolean relocated = in.u32(section + (is64 ? 60 : 52)) != 0;
            if (name(section).equals("__llvm_addrsig") && sectionBytes(section) != 0 && !relocated) {
                refuse(null, "section " + name(section + 16) + "," + name(section)
                        + " holds symbol indices in its contents (LLVM before 17), which are not rewritten");
            }
        }
    }

    /** The ranges of {@code LC_DYSYMTAB} must cover the table in order; its tables that hold indices must be empty. */
    private void checkDysymtab(Map<Integer, Integer> newType) {
        long d = dysymtabCmd;
        long ilocal = in.u32(d + 8);
        long nlocal = in.u32(d + 12);
        long iextdef = in.u32(d + 16);
        long nextdef = in.u32(d + 20);
        long iundef = in.u32(d + 24);
        long nundef = in.u32(d + 28);
        if (ilocal != 0 || iextdef != nlocal || iundef != iextdef + nextdef || iundef + nundef != count) {
            refuse(null, "LC_DYSYMTAB ranges (locals " + ilocal + "+" + nlocal + ", external definitions " + iextdef + "+"
                    + nextdef + ", undefined " + iundef + "+" + nundef + ") do not cover the " + count + " symbols in order");
            return;
        }
        String[] names = {"table of contents", "module table", "external reference table", "external relocations",
                "local relocations"};
        long[] counts = {in.u32(d + 36), in.u32(d + 44), in.u32(d + 52), in.u32(d + 68), in.u32(d + 76)};
        for (int k = 0; k < names.length; k++) {
            if (counts[k] != 0) {
                refuse(null, "LC_DYSYMTAB has a " + names[k] + " (" + counts[k] + " entries), which is not rewritten");
            }
        }
        for (int i : newType.keySet()) {
            if (i < iextdef || i >= iundef) {
                refuse(null, "symbol " + i + " is external but outside LC_DYSYMTAB's external definitions ("
                        + iextdef + "+" + nextdef + ")");
            }
        }
    }

    /**
     * Throws unless every range this edit writes (the symbol table; when entries are renumbered also
     * each section's relocations and the indirect symbol table) overlaps no other range the load
     * commands give: the header and load commands, section contents, relocations, the symbol, string
     * and indirect symbol tables.
     */
    private void checkWritesOverlapNothing(boolean reorder) {
        InPlaceWrites ranges = new InPlaceWrites();
        ranges.add("the header and load commands", 20, 0, headerSize(is64) + in.u32(20), false);
        for (long section : sections) {
            String what = "section " + name(section + 16) + "," + name(section);
            ranges.add(what, section + (is64 ? 48 : 40), in.u32(section + (is64 ? 48 : 40)), sectionBytes(section), false);
            ranges.add("the relocations of " + what, section + (is64 ? 56 : 48), in.u32(section + (is64 ? 56 : 48)),
                    in.u32(section + (is64 ? 60 : 52)) * RELOCATION_SIZE, reorder);
        }
        ranges.add("the symbol table", symtabCmd + 8, in.u32(symtabCmd + 8), (long) count * entrySize, true);
        ranges.add("the string table", symtabCmd + 16, in.u32(symtabCmd + 16), in.u32(symtabCmd + 20), false);
        if (dysymtabCmd >= 0) {
            ranges.add("the indirect symbol table", dysymtabCmd + 56, in.u32(dysymtabCmd + 56), in.u32(dysymtabCmd + 60) * 4, reorder);
        }
        ranges.requireDisjoint(in);
    }

    private String name(long at) {
        String s = in.string(at, 16);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** The file bytes of the section whose header is at {@code header}: none for zero-fill sections. */
    private long sectionBytes(long header) {
        long type = in.u32(header + (is64 ? 64 : 56)) & SECTION_TYPE;
        if (type == S_ZEROFILL || type == S_GB_ZEROFILL || type == S_THREAD_LOCAL_ZEROFILL) {
            return 0;
        }
        return is64 ? in.u64(header + 40) : in.u32(header + 36);
    }

    private int[] identity() {
        int[] newIndex = new int[count];
        for (int i = 0; i < count; i++) {
            newIndex[i] = i;
        }
        return newIndex;
    }

    /** New index of each old one: locals, then the newly localized in table order, then the other externals. */
    private int[] permutation(Set<Integer> localized) {
        int firstExternal = (int) in.u32(dysymtabCmd + 16);
        int[] newIndex = new int[count];
        int next = 0;
        for (int i = 0; i < firstExternal; i++) {
            newIndex[i] = next++;
        }
        for (int i = firstExternal; i < count; i++) {
            if (localized.contains(i)) {
                newIndex[i] = next++;
            }
        }
        for (int i = firstExternal; i < count; i++) {
            if (!localized.contains(i)) {
                newIndex[i] = next++;
            }
        }
        return newIndex;
    }

    /** Writes each entry, with its new {@code n_type} and {@code n_desc}, at its new index. */
    private void writeSymbols(ByteBuffer out, Map<Integer, Integer> newType, Map<Integer, Integer> newDesc, int[] newIndex) {
        long base = in.u32(symtabCmd + 8);
        for (int i = 0; i < count; i++) {
            int at = (int) (base + entry(newIndex[i]));
            syms.copyTo(entry(i), out.array(), at, entrySize);
            Integer type = newType.get(i);
            if (type != null) {
                out.put(at + 4, (byte) (int) type);
            }
            Integer desc = newDesc.get(i);
            if (desc != null) {
                out.putShort(at + 6, (short) (int) desc);
            }
        }
    }

    /**
     * Renumbers {@code r_symbolnum} of the external relocations of every section. x86_64 and arm64
     * (the only CPUs localized) have no scattered relocations; their {@code r_extern} = 0 entries
     * hold a section number, or an addend ({@code ARM64_RELOC_ADDEND}), and stay.
     */
    private void renumberRelocations(ByteBuffer out, int[] newIndex) {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        for (long section : sections) {
            long reloff = in.u32(section + (is64 ? 56 : 48));
            long nreloc = in.u32(section + (is64 ? 60 : 52));
            if (reloff > in.size() || !in.contains(reloff, nreloc * RELOCATION_SIZE)) {
                throw in.error(section + (is64 ? 60 : 52), "nreloc " + nreloc + " (relocations at offset " + reloff + ") runs past " + in.end());
            }
            for (long r = 0; r < nreloc; r++) {
                long at = reloff + r * RELOCATION_SIZE;
                long word = in.u32(at + 4);
                boolean external = little ? (word >>> 27 & 1) != 0 : (word >>> 4 & 1) != 0;
                if (!external) {
                    continue;
                }
                long sym = little ? word & 0xffffff : word >>> 8;
                int renumbered = newIndex[symbolIndex(sym, at + 4, "relocation's r_symbolnum")];
                putU32(out, at + 4, little ? word & ~0xffffffL | renumbered : word & 0xff | (long) renumbered << 8);
            }
        }
    }

    /** Renumbers the entries of the indirect symbol table that name a symbol. */
    private void renumberIndirectSymbols(ByteBuffer out, int[] newIndex) {
        long off = in.u32(dysymtabCmd + 56);
        long n = in.u32(dysymtabCmd + 60);
        if (off > in.size() || !in.contains(off, n * 4)) {
            throw in.error(dysymtabCmd + 60, "nindirectsyms " + n + " (at offset " + off + ") runs past " + in.end());
        }
        for (long k = 0; k < n; k++) {
            long at = off + 4 * k;
            long value = in.u32(at);
            if ((value & (INDIRECT_SYMBOL_LOCAL | INDIRECT_SYMBOL_ABS)) != 0) {
                continue;
            }
            putU32(out, at, newIndex[symbolIndex(value, at, "indirect symbol table entry " + k)]);
        }
    }

    private int symbolIndex(long value, long at, String what) {
        if (value >= count) {
            throw in.error(at, what + " is symbol " + value + " of " + count);
        }
        return (int) value;
    }

    private static void putU32(ByteBuffer out, long at, long value) {
        out.putInt((int) at, (int) value);
    }
}
