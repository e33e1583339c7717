package org.linkdedup.objfile;

import static org.linkdedup.objfile.Coff.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;

/**
 * The COFF counterpart of {@link ElfEditor}: localizes defined external symbols of one COFF object
 * (regular or {@code /bigobj}, any machine) in a copy of its bytes, by changing the symbol record's
 * {@code StorageClass} from {@code IMAGE_SYM_CLASS_EXTERNAL} to {@code IMAGE_SYM_CLASS_STATIC}. One
 * byte per symbol changes; the symbol table, its indices and the string table stay, so relocations
 * need no renumbering (COFF symbol tables have no locals-first order). The object's own relocations
 * still reach the symbol; other objects, and the archive index written for it, no longer see it.
 * This is what GNU objcopy {@code --localize-symbol} writes for PE/COFF; llvm-objcopy (19) refuses
 * the option for COFF ("option is not supported for COFF").
 *
 * <p><b>No weakening.</b> COFF has no weak definition bit. A weak definition is a weak external
 * ({@code IMAGE_SYM_CLASS_WEAK_EXTERNAL}, section 0) with an auxiliary record naming a second,
 * defined symbol as its default, under another name ({@code .weak.NAME.default...} from clang,
 * MinGW); writing one needs two more symbol records and a string, so it cannot be done in place,
 * and llvm-objcopy does not do it either. GNU objcopy {@code --weaken-symbol} only stamps
 * {@code WEAK_EXTERNAL} on the defined record without the auxiliary record that class requires:
 * lld-link reads the next record as that auxiliary record (a wrong alias), so that output is not
 * an option. Making the section a COMDAT with {@code IMAGE_COMDAT_SELECT_ANY} would fit in place
 * (a characteristics bit and the selection byte) but lld-link (and link.exe) report a COMDAT copy
 * against the other copy's plain definition as a duplicate, and the first copy loaded would win
 * rather than the one that must stay. So a weaken request is refused, and the planner asks instead
 * for a localization that must leave the link as weakening would ({@link SymbolEdits#unreferenced()}):
 * allowed only when nothing else in the object uses this copy (no relocation outside
 * {@code .debug*} and {@code .pdata}, which describe the copy itself, and no weak external aliasing
 * it), so that every user of the name binds to the copy that stays either way.
 *
 * <p>Fail safe: a request is applied whole or not at all. Refused with every reason in a
 * {@link SymbolEditRefusedException}: an import member or an anonymous object that is not
 * {@code /bigobj} (no symbol table to rewrite); undefined, common and debugging entries; weak
 * externals; storage classes other than external and static; a symbol with auxiliary records (a
 * static record with one is read as a section definition by lld-link and llvm-readobj); a symbol
 * defined in a COMDAT section (its COMDAT symbol decides which copy of the section the linker keeps,
 * and a static name in a discarded copy dangles); a name the object's linker directives
 * ({@code .drectve}: {@code /EXPORT:}, {@code /INCLUDE:}, {@code /ALTERNATENAME:}) use. Static
 * symbols are already local: localizing them is a no-op, so editing twice equals editing once.
 * A malformed object gives the reader's {@link org.linkdedup.io.InputFormatException}, with the byte
 * offset; the symbol table must overlap no other range the headers give ({@link InPlaceWrites}).
 */
public final class CoffEditor {
    /** Largest file this editor copies into one array. */
    private static final long MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final int RELOCATION_SIZE = 10;
    private static final int LINENUMBER_SIZE = 6;
    private static final long IMAGE_SCN_LNK_NRELOC_OVFL = 0x01000000L;

    private final ByteView in;
    private final EditDecisions decisions = new EditDecisions();
    private CoffObject object;
    private boolean bigobj;
    private int symSize;
    private long sectionsAt;
    private long nsec;
    private long symoff;
    private long nsym;
    private long stringsAt;
    private long stringsSize;
    /** {@link #users()}, computed at the first localization that stands in for weakening. */
    private Map<Integer, Map<String, Integer>> users;

    private CoffEditor(ByteView in) {
        this.in = in;
    }

    /**
     * The bytes of {@code bytes} with {@code request} applied; {@code bytes} is not modified.
     *
     * @throws SymbolEditRefusedException when any part of the request cannot be applied safely
     * @throws org.linkdedup.io.InputFormatException when the object is malformed
     */
    public static byte[] edit(ByteView bytes, SymbolEdits request) {
        CoffEditor e = new CoffEditor(bytes);
        int[] newClass = e.decide(request);
        if (bytes.size() > MAX_SIZE) {
            throw bytes.error(0, "object of " + bytes.size() + " bytes is too large to rewrite");
        }
        byte[] out = bytes.bytes(0, (int) bytes.size());
        for (int i = 0; i < newClass.length; i++) {
            if (newClass[i] >= 0) {
                out[(int) (e.symbolAt(i) + e.symSize - 2)] = (byte) newClass[i];
            }
        }
        return out;
    }

    /** Whether {@code request} can be applied: throws what {@link #edit} would, without copying the object. */
    public static void check(ByteView bytes, SymbolEdits request) {
        new CoffEditor(bytes).decide(request);
    }

    /** The new storage class of each record, -1 where it stays; throws every refusal. */
    private int[] decide(SymbolEdits request) {
        layout();
        refuseIfAny();
        int[] newClass = new int[(int) nsym];
        java.util.Arrays.fill(newClass, -1);
        Map<Integer, String> nameOf = new HashMap<>();
        decisions.decide(request, names -> entriesNamed(names, nameOf),
                (i, weaken) -> weaken ? weaken(i) : localize(i, nameOf.get(i), request.unreferenced().contains(nameOf.get(i)), newClass));
        refuseIfAny();
        checkWritesOverlapNothing();
        return newClass;
    }

    private void refuseIfAny() {
        decisions.throwIfAny(in.extent());
    }

    // ------------------------------------------------------------------ layout

    /** Reads the object with the COFF reader (which checks every range it reads), then takes the offsets. */
    private void layout() {
        ObjectFile read = ObjectFiles.read(in, new NameInterner(), true);
        if (!(read instanceof CoffObject o)) {
            decisions.refuse(null, read.description() + ": no symbol table to rewrite");
            return;
        }
        object = o;
        bigobj = o.bigobj();
        symSize = bigobj ? BIGOBJ_SYMBOL_SIZE : SYMBOL_SIZE;
        if (bigobj) {
            sectionsAt = BIGOBJ_HEADER_SIZE;
            nsec = in.u32(44);
            symoff = in.u32(48);
            nsym = in.u32(52);
        } else {
            sectionsAt = FILE_HEADER_SIZE + in.u16(16);
            nsec = in.u16(2);
            symoff = in.u32(8);
            nsym = in.u32(12);
        }
        if (nsym > Integer.MAX_VALUE) {
            throw in.error(bigobj ? 52 : 12, "NumberOfSymbols " + nsym + " is too many to rewrite");
        }
        stringsAt = symoff + nsym * symSize;
        stringsSize = nsym == 0 && symoff == 0 ? 0 : Math.max(4, in.u32(stringsAt));
    }

    private long symbolAt(long i) {
        return symoff + i * symSize;
    }

    private int aux(long i) {
        return in.u8(symbolAt(i) + symSize - 1);
    }

    private int storageClass(long i) {
        return in.u8(symbolAt(i) + symSize - 2);
    }

    private int sectionNumber(long i) {
        return Coff.sectionNumber(in, symbolAt(i), bigobj);
    }

    private long value(long i) {
        return in.u32(symbolAt(i) + 8);
    }

    private boolean isSectionDefinition(long i) {
        return storageClass(i) == IMAGE_SYM_CLASS_STATIC && sectionNumber(i) > 0 && value(i) == 0 && aux(i) > 0;
    }

    private String name(long i) {
        long at = symbolAt(i);
        if (in.u32(at) == 0) {
            return in.cstring(stringsAt + in.u32(at + 4), stringsAt + stringsSize, "symbol name");   // the reader checked the offset
        }
        String s = in.string(at, 8);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    private long header(long section) {
        return sectionsAt + (section - 1) * SECTION_HEADER_SIZE;
    }

    /** Each requested name's records: not section definitions, file or {@code .bf}/{@code .ef} records, debugging entries. */
    private Map<String, List<Integer>> entriesNamed(Set<String> names, Map<Integer, String> nameOf) {
        Map<String, List<Integer>> found = new HashMap<>();
        for (long i = 0; i < nsym; i += 1 + aux(i)) {
            int cls = storageClass(i);
            if (cls == IMAGE_SYM_CLASS_FILE || cls == IMAGE_SYM_CLASS_FUNCTION || sectionNumber(i) == IMAGE_SYM_DEBUG
                    || isSectionDefinition(i)) {
                continue;
            }
            String name = name(i);
            if (names.contains(name)) {
                found.computeIfAbsent(name, k -> new ArrayList<>()).add((int) i);
                nameOf.put((int) i, name);
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ what changes

    private String weaken(int i) {
        if (storageClass(i) == IMAGE_SYM_CLASS_WEAK_EXTERNAL) {
            return null;   // already a weak external
        }
        return "COFF has no weak definition that fits in place (a weak external needs an added default symbol and its name)";
    }

    private String localize(int i, String name, boolean unreferenced, int[] newClass) {
        int cls = storageClass(i);
        int sec = sectionNumber(i);
        if (cls == IMAGE_SYM_CLASS_STATIC || cls == IMAGE_SYM_CLASS_LABEL) {
            return null;   // already local
        }
        if (cls == IMAGE_SYM_CLASS_WEAK_EXTERNAL) {
            return "a weak external (a name resolved through an alias record): it is not rewritten";
        }
        if (cls != IMAGE_SYM_CLASS_EXTERNAL) {
            return "storage class " + cls + " is not one this editor rewrites";
        }
        if (sec == IMAGE_SYM_UNDEFINED) {
            return value(i) == 0 ? "undefined here (SectionNumber 0): only a definition can be localized"
                    : "a common symbol (SectionNumber 0, " + value(i) + " bytes): the linker merges it, it cannot be localized";
        }
        if (sec < IMAGE_SYM_ABSOLUTE) {
            return "SectionNumber " + sec + " is no section this editor rewrites";
        }
        if (aux(i) > 0) {
            return "it has " + aux(i) + " auxiliary record(s), which a static symbol would turn into a section definition";
        }
        if (sec > 0) {
            CoffObject.Section s = object.sections().get(sec - 1);
            if ((s.characteristics() & IMAGE_SCN_LNK_COMDAT) != 0) {
                return "defined in COMDAT section " + sec + " (" + s.name() + "): its COMDAT symbol decides which copy of the"
                        + " section the linker keeps, and a static name in a discarded copy dangles";
            }
        }
        String directive = directiveNaming(name);
        if (directive != null) {
            return "named by the object's linker directive " + directive + " (.drectve), which would then name another copy";
        }
        if (unreferenced) {
            String uses = uses(i);
            if (uses != null) {
                return "COFF has no weak definition that fits in place, and localizing instead would bind " + uses
                        + " to this copy while the rest of the link uses the copy that stays";
            }
        }
        newClass[i] = IMAGE_SYM_CLASS_STATIC;
        return null;
    }

    /**
     * What in this object uses record {@code i}, in words, or null: relocations naming it outside the
     * sections that only describe it ({@code .debug*}, {@code .pdata}), weak externals aliasing it.
     */
    private String uses(int i) {
        if (users == null) {
            users = users();
        }
        Map<String, Integer> bySection = users.get(i);
        if (bySection == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        bySection.forEach((s, n) -> parts.add(n + (s.isEmpty() ? " weak external(s) aliasing it" : " relocation(s) in " + s)));
        return "its " + String.join(", ", parts);
    }

    /** For each symbol index some relocation or weak external uses: by section name ("" for weak externals), how many. */
    private Map<Integer, Map<String, Integer>> users() {
        Map<Integer, Map<String, Integer>> out = new HashMap<>();
        for (long s = 1; s <= nsec; s++) {
            CoffObject.Section sec = object.sections().get((int) s - 1);
            if (sec.name().startsWith(".debug") || sec.name().equals(".pdata")) {
                continue;
            }
            long h = header(s);
            long relocs = in.u32(h + 24);
            long count = in.u16(h + 32);
            long first = 0;
            if ((sec.characteristics() & IMAGE_SCN_LNK_NRELOC_OVFL) != 0 && count == 0xffff) {
                in.check(relocs, RELOCATION_SIZE, "section " + s + "'s extended relocation count");
                count = in.u32(relocs);
                first = 1;
            }
            if (!in.contains(relocs, count * RELOCATION_SIZE)) {
                throw in.error(h + 24, "relocations of section " + s + " (" + count + " at offset " + relocs + ") run past " + in.end());
            }
            for (long r = first; r < count; r++) {
                long sym = in.u32(relocs + r * RELOCATION_SIZE + 4);
                if (sym < nsym) {
                    out.computeIfAbsent((int) sym, k -> new java.util.TreeMap<>()).merge(sec.name(), 1, Integer::sum);
                }
            }
        }
        for (long k = 0; k < nsym; k += 1 + aux(k)) {
            if (storageClass(k) == IMAGE_SYM_CLASS_WEAK_EXTERNAL && aux(k) > 0) {
                long tag = in.u32(symbolAt(k + 1));
                if (tag < nsym) {
                    out.computeIfAbsent((int) tag, x -> new java.util.TreeMap<>()).merge("", 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** The first {@code .drectve} argument that names {@code name} ({@code /EXPORT:name,DATA}, {@code /INCLUDE:name}, {@code /ALTERNATENAME:a=name}), or null. */
    private String directiveNaming(String name) {
        for (long s = 1; s <= nsec; s++) {
            CoffObject.Section sec = object.sections().get((int) s - 1);
            if (!sec.name().equals(".drectve") || (sec.characteristics() & IMAGE_SCN_LNK_INFO) == 0) {
                continue;
            }
            long h = header(s);
            long size = in.u32(h + 16);
            long at = in.u32(h + 20);
            if (size == 0) {
                continue;
            }
            if (!in.contains(at, size) || size > Integer.MAX_VALUE) {
                throw in.error(h + 20, ".drectve section " + s + " (" + size + " bytes at offset " + at + ") runs past " + in.end());
            }
            String text = in.string(at, (int) size).replace('"', ' ');
            for (String arg : text.split("[\\s\\u0000]+")) {
                int colon = arg.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                for (String part : arg.substring(colon + 1).split("[,=]")) {
                    if (part.equals(name)) {
                        return arg;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Throws unless the symbol table (written) overlaps no other range: the file header, the section
     * headers, any section's raw data, relocations and line numbers, the string table.
     */
    private void checkWritesOverlapNothing() {
        InPlaceWrites ranges = new InPlaceWrites();
        ranges.add("the file header", 0, 0, bigobj ? BIGOBJ_HEADER_SIZE : FILE_HEADER_SIZE, false);
        ranges.add("the section headers", bigobj ? 44 : 2, sectionsAt, nsec * SECTION_HEADER_SIZE, false);
        for (long s = 1; s <= nsec; s++) {
            long h = header(s);
            CoffObject.Section sec = object.sections().get((int) s - 1);
            long n = s;   // the names are worded only for an error
            if ((sec.characteristics() & IMAGE_SCN_CNT_UNINITIALIZED_DATA) == 0) {
                ranges.add(() -> "section " + n + " (" + sec.name() + ")", h + 20, in.u32(h + 20), in.u32(h + 16), false);
            }
            ranges.add(() -> "relocations of section " + n, h + 24, in.u32(h + 24), in.u16(h + 32) * (long) RELOCATION_SIZE, false);
            ranges.add(() -> "line numbers of section " + n, h + 28, in.u32(h + 28), in.u16(h + 34) * (long) LINENUMBER_SIZE, false);
        }
        ranges.add("the symbol table", bigobj ? 48 : 8, symoff, nsym * symSize, true);
        ranges.add("the string table", bigobj ? 48 : 8, stringsAt, stringsSize, false);
        ranges.requireDisjoint(in);
    }

    /** Whether {@code bytes} is a COFF object or anonymous member (what this editor is for). */
    static boolean handles(ByteView bytes) {
        FileMagic m = FileMagic.of(bytes);
        return m == FileMagic.COFF || m == FileMagic.COFF_IMPORT;
    }
}
