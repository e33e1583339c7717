package org.linkdedup.objfile.bitcode;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.NameBudget;

/**
 * The symbol table LLVM writes into a bitcode file's {@code SYMTAB_BLOCK} (namespace
 * {@code irsymtab::storage} of {@code llvm/Object/IRSymtab.h}), decoded from its blob and the
 * {@code STRTAB_BLOCK} blob its strings point into. Storage version 3 only: every field is a
 * little-endian 32-bit word, with no padding. (Version 4, in LLVM after 22, widens
 * {@code Uncommon.CommonSize} to 64 bits; other versions are refused, not guessed at.)
 * Every range and string reference is checked against the blob it points into before it is read.
 *
 * @param producer       the LLVM version that wrote the table (e.g. "19.1.7")
 * @param targetTriple   the first module's target triple
 * @param sourceFileName the first module's source file name
 * @param moduleCount    how many modules the table describes
 * @param symbols        every module's symbols, module after module, in table order
 */
public record IrSymtab(String producer, String targetTriple, String sourceFileName, int moduleCount,
        List<IrSymbol> symbols) {

    /** The only storage version this reader decodes: {@code Header::kCurrentVersion} as LLVM 14, 19 and 22 write it. */
    public static final int STORAGE_VERSION = 3;

    // storage::Symbol::FlagBits
    public static final int FB_VISIBILITY = 0;  // 2 bits: GlobalValue::VisibilityTypes
    public static final int FB_HAS_UNCOMMON = FB_VISIBILITY + 2;
    public static final int FB_UNDEFINED = 3;
    public static final int FB_WEAK = 4;
    public static final int FB_COMMON = 5;
    public static final int FB_INDIRECT = 6;
    public static final int FB_USED = 7;
    public static final int FB_TLS = 8;
    public static final int FB_MAY_OMIT = 9;
    public static final int FB_GLOBAL = 10;
    public static final int FB_FORMAT_SPECIFIC = 11;
    public static final int FB_UNNAMED_ADDR = 12;
    public static final int FB_EXECUTABLE = 13;

    // GlobalValue::VisibilityTypes
    public static final int DEFAULT_VISIBILITY = 0;
    public static final int HIDDEN_VISIBILITY = 1;
    public static final int PROTECTED_VISIBILITY = 2;

    // Sizes of the storage structs, in bytes.
    static final int STR_SIZE = 8;           // Str {Offset, Size}
    static final int RANGE_SIZE = 8;         // Range<T> {Offset, Size}
    static final int MODULE_SIZE = 12;       // Module {Begin, End, UncBegin}
    static final int COMDAT_SIZE = 12;       // Comdat {Name, SelectionKind}
    static final int SYMBOL_SIZE = 24;       // Symbol {Name, IRName, ComdatIndex, Flags}
    static final int UNCOMMON_SIZE = 24;     // Uncommon {CommonSize, CommonAlign, COFFWeakExternFallbackName, SectionName}

    // storage::Header field offsets.
    static final int H_VERSION = 0;
    static final int H_PRODUCER = 4;
    static final int H_MODULES = 12;
    static final int H_COMDATS = 20;
    static final int H_SYMBOLS = 28;
    static final int H_UNCOMMONS = 36;
    static final int H_TARGET_TRIPLE = 44;
    static final int H_SOURCE_FILE_NAME = 52;
    static final int H_COFF_LINKER_OPTS = 60;
    static final int H_DEPENDENT_LIBRARIES = 68;
    static final int HEADER_SIZE = 76;

    private static final int NO_COMDAT = -1;

    public IrSymtab {
        symbols = List.copyOf(symbols);
    }

    /**
     * One {@code storage::Symbol}, with its {@code Uncommon} fields when it has one.
     *
     * @param name        the linker-visible (mangled) name, with the target's global prefix
     * @param irName      the IR name, empty for a symbol defined by module-level asm
     * @param comdat      the name of its comdat, or null
     * @param flags       the {@code FB_*} flag word
     * @param commonSize  the size of a common symbol, else 0
     * @param commonAlign the alignment of a common symbol, else 0
     * @param coffWeakExternFallbackName COFF: the fallback of a weak external, else empty
     * @param sectionName the explicit section, else empty
     */
    public record IrSymbol(String name, String irName, String comdat, int flags, long commonSize, long commonAlign,
            String coffWeakExternFallbackName, String sectionName) {

        public boolean has(int flagBit) {
            return (flags >>> flagBit & 1) != 0;
        }

        /** {@code GlobalValue::VisibilityTypes}: 0 default, 1 hidden, 2 protected. */
        public int visibility() {
            return flags >>> FB_VISIBILITY & 3;
        }
    }

    /** The storage version word at the start of a symbol table blob. */
    public static long storageVersion(ByteView symtab) {
        symtab.check(H_VERSION, 4, "irsymtab version word");
        return symtab.order(ByteOrder.LITTLE_ENDIAN).u32(H_VERSION);
    }

    /** Decodes {@code symtab} (storage version {@value #STORAGE_VERSION}) against {@code strtab}. */
    public static IrSymtab read(ByteView symtab, ByteView strtab) {
        long version = storageVersion(symtab);
        if (version != STORAGE_VERSION) {
            throw symtab.error(H_VERSION, "irsymtab storage version " + version + ", expected " + STORAGE_VERSION);
        }
        return new Decoder(symtab.order(ByteOrder.LITTLE_ENDIAN), strtab).decode();
    }

    /** Reads one symbol table; holds the two blobs and the checked ranges. */
    private static final class Decoder {
        private final ByteView symtab;
        private final ByteView strtab;
        private final NameBudget budget;

        Decoder(ByteView symtab, ByteView strtab) {
            this.symtab = symtab;
            this.strtab = strtab;
            this.budget = new NameBudget(strtab);
        }

        IrSymtab decode() {
            if (symtab.size() < HEADER_SIZE) {
                throw symtab.error(0, "irsymtab header of " + HEADER_SIZE + " bytes runs past the end of the symbol table ("
                        + symtab.size() + " bytes)");
            }
            String producer = str(H_PRODUCER, "producer");
            String triple = str(H_TARGET_TRIPLE, "target triple");
            String source = str(H_SOURCE_FILE_NAME, "source file name");
            str(H_COFF_LINKER_OPTS, "COFF linker options");
            Range modules = range(H_MODULES, MODULE_SIZE, "module");
            Range comdats = range(H_COMDATS, COMDAT_SIZE, "comdat");
            Range symbols = range(H_SYMBOLS, SYMBOL_SIZE, "symbol");
            Range uncommons = range(H_UNCOMMONS, UNCOMMON_SIZE, "uncommon");
            Range libraries = range(H_DEPENDENT_LIBRARIES, STR_SIZE, "dependent library");
            for (long i = 0; i < libraries.count(); i++) {
                str(libraries.at(i), "dependent library " + i);
            }
            String[] comdatNames = new String[(int) comdats.count()];
            for (int i = 0; i < comdatNames.length; i++) {
                comdatNames[i] = str(comdats.at(i), "comdat " + i + " name");
            }
            List<IrSymbol> out = new ArrayList<>((int) symbols.count());
            long previousEnd = 0;
            for (long m = 0; m < modules.count(); m++) {  // modules are in order and disjoint: each symbol is read once
                long at = modules.at(m);
                long begin = symtab.u32(at);
                long end = symtab.u32(at + 4);
                long uncommon = symtab.u32(at + 8);
                if (begin < previousEnd || begin > end || end > symbols.count()) {
                    throw symtab.error(at, "module " + m + " symbols [" + begin + ", " + end + ") are not inside [" + previousEnd
                            + ", " + symbols.count() + ") (after the previous module, inside the symbol range)");
                }
                previousEnd = end;
                for (long s = begin; s < end; s++) {
                    IrSymbol sym = symbol(symbols.at(s), s, comdatNames, uncommons, uncommon);
                    if (sym.has(FB_HAS_UNCOMMON)) {
                        uncommon++;
                    }
                    out.add(sym);
                }
            }
            return new IrSymtab(producer, triple, source, (int) modules.count(), out);
        }

        private IrSymbol symbol(long at, long index, String[] comdatNames, Range uncommons, long uncommon) {
            String name = str(at, "symbol " + index + " name");
            String irName = str(at + 8, "symbol " + index + " IR name");
            int comdatIndex = symtab.s32(at + 16);
            int flags = symtab.s32(at + 20);
            String comdat = null;
            if (comdatIndex != NO_COMDAT) {
                if (comdatIndex < 0 || comdatIndex >= comdatNames.length) {
                    throw symtab.error(at + 16, "symbol " + index + " names comdat " + Integer.toUnsignedString(comdatIndex)
                            + " of " + comdatNames.length);
                }
                comdat = comdatNames[comdatIndex];
            }
            if ((flags >>> FB_VISIBILITY & 3) > PROTECTED_VISIBILITY) {
                throw symtab.error(at + 20, "symbol " + index + " has visibility 3 (0 to 2 defined)");
            }
            if ((flags >>> FB_HAS_UNCOMMON & 1) == 0) {
                return new IrSymbol(name, irName, comdat, flags, 0, 0, "", "");
            }
            if (uncommon >= uncommons.count()) {
                throw symtab.error(at + 20, "symbol " + index + " has an uncommon entry, but the uncommon range ("
                        + uncommons.count() + " entries) has none left");
            }
            long u = uncommons.at(uncommon);
            return new IrSymbol(name, irName, comdat, flags, symtab.u32(u), symtab.u32(u + 4),
                    str(u + 8, "uncommon " + uncommon + " COFF weak external fallback name"),
                    str(u + 16, "uncommon " + uncommon + " section name"));
        }

        /** The string a {@code Str} at {@code at} in the symbol table points to in the string table. */
        private String str(long at, String what) {
            long offset = symtab.u32(at);
            long size = symtab.u32(at + 4);
            if (!strtab.contains(offset, size)) {
                throw symtab.error(at, what + " of " + size + " bytes at string table offset " + offset
                        + " runs past the end of the string table (" + strtab.size() + " bytes)");
            }
            budget.charge(size, symtab.fileOffset(at) - strtab.fileOffset(0));
            return strtab.string(offset, (int) size);
        }

        /** The {@code Range} at {@code at}, checked to lie inside the symbol table. */
        private Range range(long at, int size, String what) {
            long offset = symtab.u32(at);
            long count = symtab.u32(at + 4);
            if (!symtab.contains(offset, count * size)) {
                throw symtab.error(at, what + " range of " + count + " entries of " + size + " bytes at offset " + offset
                        + " runs past the end of the symbol table (" + symtab.size() + " bytes)");
            }
            return new Range(offset, count, size);
        }
    }

    /** A checked array of {@code count} structs of {@code size} bytes at {@code offset} in the symbol table. */
    private record Range(long offset, long count, int size) {
        long at(long index) {
            return offset + index * size;
        }
    }
}
