package org.linkdedup.objfile;

import static org.linkdedup.objfile.Coff.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.NameBudget;
import org.linkdedup.objfile.CoffObject.Section;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;

/**
 * Reads COFF objects: the regular file header ({@code IMAGE_FILE_HEADER}, any machine) and the
 * {@code /bigobj} one ({@code ANON_OBJECT_HEADER_BIGOBJ}: 32-bit section numbers, 20-byte symbol
 * records), their section headers, symbol table (auxiliary records skipped by their count) and
 * string table; and short import members ({@code IMPORT_OBJECT_HEADER}). Any other anonymous
 * object is an object whose symbols are unknown. Section contents are never read, but for the {@code /INCLUDE:} directives of {@code .drectve}.
 */
final class CoffReader {
    private final ByteView in;
    private final boolean bigobj;
    private final NameInterner names;
    private final boolean locals;
    private final NameBudget budget;
    /** The header field holding NumberOfSections, NumberOfSymbols and PointerToSymbolTable: for messages. */
    private final long nsecAt;
    private final long nsymAt;
    private final long symPtrAt;
    private final int symSize;
    private long nsec;
    private long sectionsAt;
    private long symoff;
    private long nsym;
    /** The string table, its 4-byte size field included (offsets count from it), or an empty view. */
    private ByteView strings;
    private final List<Section> sections = new ArrayList<>();
    private SectionKind[] kinds;

    private CoffReader(ByteView in, boolean bigobj, NameInterner names, boolean locals) {
        this.in = in;
        this.bigobj = bigobj;
        this.names = names;
        this.locals = locals;
        this.budget = new NameBudget(in);
        this.nsecAt = bigobj ? 44 : 2;
        this.symPtrAt = bigobj ? 48 : 8;
        this.nsymAt = bigobj ? 52 : 12;
        this.symSize = bigobj ? BIGOBJ_SYMBOL_SIZE : SYMBOL_SIZE;
    }

    /** A COFF object with a regular file header. */
    static CoffObject read(ByteView bytes, NameInterner names, boolean locals) {
        bytes.check(0, FILE_HEADER_SIZE, "COFF file header");
        CoffReader r = new CoffReader(bytes, false, names, locals);
        r.nsec = bytes.u16(2);
        r.sectionsAt = FILE_HEADER_SIZE + bytes.u16(16);   // SizeOfOptionalHeader
        return r.object(bytes.u16(0));
    }

    /**
     * A member whose header starts {@code Sig1} 0, {@code Sig2} 0xFFFF: a short import member
     * (version 0), a {@code /bigobj} object, or another anonymous object, whose symbols we cannot read.
     */
    static ObjectFile readAnonymous(ByteView bytes, NameInterner names, boolean locals) {
        bytes.check(0, 8, "COFF import or anonymous object header");
        if (bytes.u16(0) != 0 || bytes.u16(2) != 0xffff) {
            throw bytes.error(0, "not a COFF import or anonymous object header (Sig1 0x" + Integer.toHexString(bytes.u16(0))
                    + ", Sig2 0x" + Integer.toHexString(bytes.u16(2)) + ")");
        }
        int version = bytes.u16(4);
        if (version == 0) {
            return readImport(bytes, names);
        }
        bytes.check(0, ANON_HEADER_SIZE, "COFF anonymous object header");
        boolean bigobjClass = true;
        for (int i = 0; i < BIGOBJ_CLASS_ID.length; i++) {
            bigobjClass &= (byte) bytes.u8(12 + i) == BIGOBJ_CLASS_ID[i];
        }
        if (!bigobjClass || version < BIGOBJ_MIN_VERSION) {
            return OtherFile.unreadObject("COFF anonymous object (version " + version + ", " + Coff.machineName(bytes.u16(6))
                    + ", ClassID " + classId(bytes) + "): symbols not read");
        }
        bytes.check(0, BIGOBJ_HEADER_SIZE, "COFF bigobj header");
        CoffReader r = new CoffReader(bytes, true, names, locals);
        r.nsec = bytes.u32(44);
        r.sectionsAt = BIGOBJ_HEADER_SIZE;
        if (r.nsec > Integer.MAX_VALUE) {
            throw bytes.error(44, "NumberOfSections " + r.nsec + " is more than a bigobj section number can name");
        }
        return r.object(bytes.u16(6));
    }

    /** The ClassID GUID in its usual text form. */
    private static String classId(ByteView b) {
        HexFormat h = HexFormat.of().withUpperCase();
        return "{" + h.toHexDigits((int) b.u32(12)) + "-" + h.toHexDigits((short) b.u16(16)) + "-"
                + h.toHexDigits((short) b.u16(18)) + "-" + h.formatHex(b.bytes(20, 2)) + "-" + h.formatHex(b.bytes(22, 6)) + "}";
    }

    private CoffObject object(int machine) {
        if (!in.contains(sectionsAt, nsec * SECTION_HEADER_SIZE)) {
            throw in.error(sectionsAt > in.size() ? (bigobj ? 0 : 16) : nsecAt, "NumberOfSections " + nsec + " (headers of "
                    + SECTION_HEADER_SIZE + " bytes at offset " + sectionsAt + ") runs past " + in.end());
        }
        symoff = in.u32(symPtrAt);
        nsym = in.u32(nsymAt);
        locateStrings();
        for (long i = 0; i < nsec; i++) {
            long at = sectionsAt + i * SECTION_HEADER_SIZE;
            sections.add(new Section(sectionName(at, i + 1), in.u32(at + 36), in.u32(at + 16), 0));
        }
        Map<String, Integer> selections = new HashMap<>();
        String[] keys = comdats(selections);
        List<Symbol> out = new ArrayList<>((int) Math.min(nsym, 1 << 20));
        for (long i = 0; i < nsym; i += 1 + aux(i)) {
            Symbol s = entry(i, keys);
            if (s != null) {
                out.add(s);
            }
        }
        List<String> includes = new ArrayList<>();
        List<CoffObject.Alias> aliases = new ArrayList<>();
        directives(includes, aliases);
        return new CoffObject(machine, bigobj, sections, out, selections, includes, aliases);
    }

    /**
     * What the object's linker directives ({@code .drectve} sections: {@code IMAGE_SCN_LNK_INFO},
     * that name) say with {@code /INCLUDE:NAME} and {@code /ALTERNATENAME:FROM=TO} (either with
     * {@code -}, any case), in order. The text is split at blanks outside double quotes, as lld-link
     * splits it; a UTF-8 byte order mark is skipped.
     */
    private void directives(List<String> out, List<CoffObject.Alias> aliases) {
        for (int s = 0; s < sections.size(); s++) {
            Section sec = sections.get(s);
            if (!sec.name().equals(".drectve") || (sec.characteristics() & IMAGE_SCN_LNK_INFO) == 0 || sec.size() == 0) {
                continue;
            }
            long h = sectionsAt + (long) s * SECTION_HEADER_SIZE;
            long at = in.u32(h + 20);
            if (!in.contains(at, sec.size()) || sec.size() > Integer.MAX_VALUE) {
                throw in.error(h + 20, ".drectve section " + (s + 1) + " (" + sec.size() + " bytes at offset " + at
                        + ") runs past " + in.end());
            }
            String text = in.string(at, (int) sec.size());
            if (text.startsWith("\u00ef\u00bb\u00bf")) {
                text = text.substring(3);
            }
            for (String arg : directiveArguments(text)) {
                if (arg.length() > 9 && (arg.charAt(0) == '/' || arg.charAt(0) == '-')
                        && arg.regionMatches(true, 1, "include:", 0, 8)) {
                    budget.charge(arg.length() - 9, at);
                    out.add(names.intern(arg.substring(9)));
                } else if (arg.length() > 15 && (arg.charAt(0) == '/' || arg.charAt(0) == '-')
                        && arg.regionMatches(true, 1, "alternatename:", 0, 14)) {
                    int eq = arg.indexOf('=', 15);
                    if (eq < 0 || eq == arg.length() - 1) {
                        throw in.error(at, ".drectve section " + (s + 1) + ": " + arg + " is not FROM=TO");
                    }
                    budget.charge(arg.length() - 16, at);
                    aliases.add(new CoffObject.Alias(names.intern(arg.substring(15, eq)), names.intern(arg.substring(eq + 1))));
                }
            }
        }
    }

    /** {@code text} split at blanks (and NULs) outside double quotes, the quotes removed. */
    static List<String> directiveArguments(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Checks the symbol table's range and finds the string table right after it. */
    private void locateStrings() {
        if (symoff == 0 && nsym == 0) {
            strings = in.slice(0, 0);
            return;
        }
        if (symoff > in.size()) {
            throw in.error(symPtrAt, "PointerToSymbolTable " + symoff + " is past " + in.end());
        }
        if (!in.contains(symoff, nsym * symSize)) {
            throw in.error(nsymAt, "NumberOfSymbols " + nsym + " (records of " + symSize + " bytes at offset " + symoff
                    + ") runs past " + in.end());
        }
        long at = symoff + nsym * symSize;
        if (at == in.size()) {
            strings = in.slice(at, 0);   // no string table at all: no long name may point into it
            return;
        }
        if (!in.contains(at, 4)) {
            throw in.error(at, "string table size field runs past " + in.end());
        }
        long size = Math.max(4, in.u32(at));
        if (!in.contains(at, size)) {
            throw in.error(at, "string table size " + size + " (at offset " + at + ") runs past " + in.end());
        }
        strings = in.slice(at, size);
    }

    private long symbolAt(long i) {
        return symoff + i * symSize;
    }

    /** NumberOfAuxSymbols of record {@code i}, checked to stay inside the table. */
    private int aux(long i) {
        long at = symbolAt(i) + symSize - 1;
        int n = in.u8(at);
        if (i + n >= nsym) {
            throw in.error(at, "symbol " + i + " has " + n + " auxiliary records, past the end of the symbol table ("
                    + nsym + " records)");
        }
        return n;
    }

    /** SectionNumber of record {@code i}: 32-bit in a bigobj, else 16-bit with 0xFF00 up the reserved negative values. */
    private int sectionNumber(long i) {
        return Coff.sectionNumber(in, symbolAt(i), bigobj);
    }

    private int storageClass(long i) {
        return in.u8(symbolAt(i) + symSize - 2);
    }

    private long value(long i) {
        return in.u32(symbolAt(i) + 8);
    }

    /** Whether record {@code i} defines a section (its aux record holds the section's length and COMDAT selection). */
    private boolean isSectionDefinition(long i, int sec) {
        return storageClass(i) == IMAGE_SYM_CLASS_STATIC && sec > 0 && value(i) == 0 && aux(i) > 0;
    }

    /** The section symbol {@code i} is in, checked; its 1-based number. */
    private int section(long i, int sec) {
        if (sec > nsec) {
            throw in.error(symbolAt(i) + 12, "SectionNumber " + sec + " of symbol " + i + " is not a section (there are "
                    + nsec + ")");
        }
        return sec;
    }

    /**
     * The COMDAT key of each section (by number), from the section definition records of the
     * {@code IMAGE_SCN_LNK_COMDAT} sections and their COMDAT symbols; null when there are none.
     * Records each COMDAT symbol's selection in {@code selections}.
     */
    private String[] comdats(Map<String, Integer> selections) {
        boolean any = false;
        for (Section s : sections) {
            any |= (s.characteristics() & IMAGE_SCN_LNK_COMDAT) != 0;
        }
        if (!any) {
            return null;
        }
        int n = (int) nsec;
        int[] selection = new int[n + 1];
        long[] associated = new long[n + 1];
        long[] leader = new long[n + 1];
        java.util.Arrays.fill(leader, -1);
        for (long i = 0; i < nsym; i += 1 + aux(i)) {
            int sec = sectionNumber(i);
            if (sec <= 0 || sec > n || (sections.get(sec - 1).characteristics() & IMAGE_SCN_LNK_COMDAT) == 0) {
                continue;
            }
            if (selection[sec] == 0 && isSectionDefinition(i, sec)) {
                long a = symbolAt(i + 1);
                selection[sec] = in.u8(a + 14);
                Section h = sections.get(sec - 1);
                sections.set(sec - 1, new Section(h.name(), h.characteristics(), h.size(), in.u32(a + 8)));
                associated[sec] = in.u16(a + 12) | (bigobj ? (long) in.u16(a + 16) << 16 : 0);
                if (selection[sec] == 0) {
                    selection[sec] = -1;   // a COMDAT section without a selection: no key
                }
            } else if (selection[sec] != 0 && leader[sec] < 0) {
                leader[sec] = i;
            }
        }
        String[] keys = new String[n + 1];
        for (int sec = 1; sec <= n; sec++) {
            if (leader[sec] >= 0 && selection[sec] > 0 && selection[sec] != IMAGE_COMDAT_SELECT_ASSOCIATIVE) {
                String name = name(leader[sec]);
                selections.put(name, selection[sec]);
                if (selection[sec] != IMAGE_COMDAT_SELECT_NODUPLICATES) {
                    keys[sec] = name;
                }
            }
        }
        for (int sec = 1; sec <= n; sec++) {
            int at = sec;
            for (int hops = 0; hops <= n && selection[at] == IMAGE_COMDAT_SELECT_ASSOCIATIVE; hops++) {
                long next = associated[at];
                if (next < 1 || next > n) {
                    break;
                }
                at = (int) next;
            }
            if (at != sec && selection[at] != IMAGE_COMDAT_SELECT_ASSOCIATIVE) {
                keys[sec] = keys[at];
            }
        }
        return keys;
    }

    /**
     * Decodes record {@code i}; null for section definitions, file records, {@code .bf}/{@code .ef}
     * records, debugging entries, other local names in no section (nothing a linker resolves) and
     * local ones nobody asked for, whose name is then not even read.
     */
    private Symbol entry(long i, String[] keys) {
        int sec = sectionNumber(i);
        int cls = storageClass(i);
        if (cls == IMAGE_SYM_CLASS_FILE || cls == IMAGE_SYM_CLASS_FUNCTION || sec == IMAGE_SYM_DEBUG
                || isSectionDefinition(i, sec)) {
            return null;
        }
        Binding binding = cls == IMAGE_SYM_CLASS_EXTERNAL ? Binding.GLOBAL
                : cls == IMAGE_SYM_CLASS_WEAK_EXTERNAL ? Binding.WEAK : Binding.LOCAL;
        if (binding == Binding.LOCAL && (!locals || sec == IMAGE_SYM_UNDEFINED)) {
            return null;
        }
        int symType = in.u16(symbolAt(i) + (bigobj ? 16 : 14));
        boolean function = (symType >> 4 & 3) == IMAGE_SYM_DTYPE_FUNCTION;
        long value = value(i);
        Definition def;
        int section;
        long size = 0;
        if (sec == IMAGE_SYM_UNDEFINED && binding == Binding.WEAK) {
            // A weak external: a reference with a default, its alias (TagIndex). llvm-nm counts one
            // whose Characteristics are IMAGE_WEAK_EXTERN_SEARCH_ALIAS as defined (clang writes weak
            // definitions and weak references so), any other (binutils' weak definitions) as undefined.
            long alias = weakAlias(i);
            int aliasSec = alias < 0 ? IMAGE_SYM_UNDEFINED : sectionNumber(alias);
            if (alias < 0) {
                def = Definition.UNDEFINED;
                section = Symbol.NO_SECTION;
            } else if (aliasSec > 0 && aliasSec <= nsec) {
                def = Definition.DEFINED;
                section = aliasSec;
            } else if (aliasSec == IMAGE_SYM_ABSOLUTE) {
                def = Definition.ABSOLUTE;
                section = Symbol.ABSOLUTE_SECTION;
            } else {
                def = Definition.DEFINED;
                section = Symbol.NO_SECTION;
            }
        } else if (sec == IMAGE_SYM_UNDEFINED) {
            def = value == 0 ? Definition.UNDEFINED : Definition.COMMON;   // a common symbol's Value is its size
            section = value == 0 ? Symbol.NO_SECTION : Symbol.COMMON_SECTION;
            size = value;
        } else if (sec == IMAGE_SYM_ABSOLUTE) {
            def = Definition.ABSOLUTE;
            section = Symbol.ABSOLUTE_SECTION;
        } else if (sec < 0) {
            def = Definition.DEFINED;
            section = Symbol.RESERVED_SECTION;
        } else {
            def = Definition.DEFINED;
            section = section(i, sec);
        }
        SectionKind kind = section > 0 ? sectionKind(section) : SectionKind.NONE;
        Type type = function ? Type.FUNCTION
                : def == Definition.COMMON || kind == SectionKind.DATA || kind == SectionKind.BSS
                        || kind == SectionKind.READONLY ? Type.OBJECT : Type.NOTYPE;
        String comdat = keys != null && sec > 0 && section == sec ? keys[sec] : null;
        return new Symbol(name(i), def, binding, type, size, section, kind, Visibility.DEFAULT, comdat);
    }

    /**
     * The alias of weak external {@code i} when its Characteristics are
     * {@code IMAGE_WEAK_EXTERN_SEARCH_ALIAS}, else -1 (also when it has no auxiliary record).
     */
    private long weakAlias(long i) {
        if (aux(i) == 0) {
            return -1;
        }
        long a = symbolAt(i + 1);
        if (in.u32(a + 4) != IMAGE_WEAK_EXTERN_SEARCH_ALIAS) {
            return -1;
        }
        long tag = in.u32(a);
        if (tag >= nsym) {
            throw in.error(a, "weak external " + i + " names alias " + tag + " of " + nsym + " symbols");
        }
        return tag;
    }

    /** The name of record {@code i}: inline (8 bytes, NUL-padded) or, when its first 4 bytes are 0, in the string table. */
    private String name(long i) {
        long at = symbolAt(i);
        String raw;
        if (in.u32(at) == 0) {
            long off = in.u32(at + 4);
            if (off >= strings.size()) {
                throw in.error(at + 4, "name offset " + off + " of symbol " + i + " is past the end of the string table ("
                        + strings.size() + " bytes)");
            }
            raw = strings.cstring(off, strings.size(), "symbol name");
        } else {
            raw = shortName(at);
        }
        budget.charge(raw.length(), at);
        return names.intern(raw);
    }

    private String shortName(long at) {
        String s = in.string(at, 8);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** Section {@code number}'s name: inline, or {@code /OFFSET} (decimal) or {@code //OFFSET} (base64) into the string table. */
    private String sectionName(long at, long number) {
        String s = shortName(at);
        if (!s.startsWith("/") || s.length() < 2) {
            return s;
        }
        long off = 0;
        if (s.startsWith("//")) {
            for (int k = 2; k < s.length(); k++) {
                int d = BASE64.indexOf(s.charAt(k));
                if (d < 0) {
                    throw in.error(at, "section " + number + " name " + s + " is not a base64 string table offset");
                }
                off = off << 6 | d;
            }
        } else {
            for (int k = 1; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c < '0' || c > '9') {
                    throw in.error(at, "section " + number + " name " + s + " is not a decimal string table offset");
                }
                off = off * 10 + (c - '0');
            }
        }
        if (off >= strings.size()) {
            throw in.error(at, "section " + number + " name offset " + off + " is past the end of the string table ("
                    + strings.size() + " bytes)");
        }
        String name = strings.cstring(off, strings.size(), "section name");
        budget.charge(name.length(), at);
        return names.intern(name);
    }

    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private SectionKind sectionKind(int sec) {
        if (kinds == null) {
            kinds = new SectionKind[sections.size()];
        }
        SectionKind k = kinds[sec - 1];
        if (k == null) {
            k = classify(sections.get(sec - 1).characteristics());
            kinds[sec - 1] = k;
        }
        return k;
    }

    /** What a section holds, from its characteristics, in the order llvm-nm tests them. */
    private static SectionKind classify(long c) {
        if ((c & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE)) != 0) {
            return SectionKind.CODE;
        }
        if ((c & IMAGE_SCN_CNT_INITIALIZED_DATA) != 0) {
            if ((c & IMAGE_SCN_MEM_DISCARDABLE) != 0 && (c & IMAGE_SCN_MEM_WRITE) == 0) {
                return SectionKind.DEBUG;   // .debug$S, .debug$T: discarded from the image
            }
            return (c & IMAGE_SCN_MEM_WRITE) != 0 ? SectionKind.DATA : SectionKind.READONLY;
        }
        if ((c & IMAGE_SCN_CNT_UNINITIALIZED_DATA) != 0) {
            return SectionKind.BSS;
        }
        return SectionKind.OTHER;
    }

    /**
     * A short import member: the header, then {@code SizeOfData} bytes holding the symbol name and
     * the DLL name, each NUL-terminated.
     */
    private static CoffImport readImport(ByteView bytes, NameInterner names) {
        bytes.check(0, IMPORT_HEADER_SIZE, "COFF import header");
        int machine = bytes.u16(6);
        long sizeOfData = bytes.u32(12);
        if (!bytes.contains(IMPORT_HEADER_SIZE, sizeOfData)) {
            throw bytes.error(12, "SizeOfData " + sizeOfData + " (at offset " + IMPORT_HEADER_SIZE + ") runs past " + bytes.end());
        }
        int flags = bytes.u16(18);
        int importType = flags & 3;
        int nameType = flags >> 2 & 7;
        long end = IMPORT_HEADER_SIZE + sizeOfData;
        String name = bytes.cstring(IMPORT_HEADER_SIZE, end, "import symbol name");
        long dllAt = IMPORT_HEADER_SIZE + name.length() + 1;
        if (dllAt >= end) {
            throw bytes.error(Math.min(dllAt, end), "import member has no DLL name after its symbol name");
        }
        String dll = bytes.cstring(dllAt, end, "import DLL name");
        if (importType > IMPORT_OBJECT_CONST) {
            throw bytes.error(18, "import type " + importType + " is not code, data or const");
        }
        SectionKind kind = importType == IMPORT_OBJECT_CODE ? SectionKind.CODE
                : importType == IMPORT_OBJECT_DATA ? SectionKind.DATA : SectionKind.READONLY;
        List<Symbol> symbols = new ArrayList<>(2);
        symbols.add(new Symbol(names.intern("__imp_" + name), Definition.DEFINED, Binding.GLOBAL, Type.OBJECT, 0,
                Symbol.NO_SECTION, kind, Visibility.DEFAULT, null));
        if (importType != IMPORT_OBJECT_DATA) {   // the thunk of code; the constant itself (lld-link and llvm-nm define it too)
            symbols.add(new Symbol(names.intern(name), Definition.DEFINED, Binding.GLOBAL,
                    importType == IMPORT_OBJECT_CODE ? Type.FUNCTION : Type.OBJECT, 0,
                    Symbol.NO_SECTION, kind, Visibility.DEFAULT, null));
        }
        return new CoffImport(machine, dll, names.intern(name), importType, nameType, symbols);
    }
}
