package org.linkdedup.objfile;

import static org.linkdedup.objfile.bitcode.IrSymtab.*;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.Symbol.Binding;
import org.linkdedup.objfile.Symbol.Definition;
import org.linkdedup.objfile.Symbol.SectionKind;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.Symbol.Visibility;
import org.linkdedup.objfile.bitcode.BitCodes;
import org.linkdedup.objfile.bitcode.BitcodeContents;
import org.linkdedup.objfile.bitcode.IrSymtab;
import org.linkdedup.objfile.bitcode.IrSymtab.IrSymbol;

/**
 * LLVM bitcode members, raw ({@code BC 0xC0DE}) or in the wrapper header ({@code 0x0B17C0DE}): their
 * symbols come from the file's own irsymtab, which any LLVM version reads without understanding the
 * IR. A file without one, or with another storage version, or whose table does not cover its
 * modules, is index-only: LLVM would rebuild the table from the IR, which this reader never parses.
 */
final class BitcodeReader {
    private BitcodeReader() {
    }

    static BitcodeObject read(ByteView bytes, NameInterner names, boolean locals) {
        ByteView stream = unwrap(bytes.order(ByteOrder.LITTLE_ENDIAN));
        BitcodeContents contents = BitcodeContents.scan(stream);
        String producer = contents.producer();
        if (contents.symtab() == null) {
            return BitcodeObject.indexOnly(producer, null,
                    "no symbol table block (producer " + (producer == null ? "unknown" : producer) + ")");
        }
        long version = IrSymtab.storageVersion(contents.symtab());
        if (version != STORAGE_VERSION) {
            return BitcodeObject.indexOnly(producer, null,
                    "irsymtab storage version " + version + ", expected " + STORAGE_VERSION);
        }
        if (contents.strtab() == null) {
            return BitcodeObject.indexOnly(producer, null, "no string table block after the symbol table block");
        }
        IrSymtab table = IrSymtab.read(contents.symtab(), contents.strtab());
        if (table.moduleCount() != contents.moduleCount()) {
            return BitcodeObject.indexOnly(producer, table.targetTriple(), "irsymtab describes " + table.moduleCount()
                    + " modules but the file has " + contents.moduleCount());
        }
        List<Symbol> symbols = new ArrayList<>(table.symbols().size());
        for (IrSymbol s : table.symbols()) {
            if (!s.has(FB_FORMAT_SPECIFIC) && (locals || s.has(FB_GLOBAL))) {  // llvm.* globals, private symbols: never in a linker's table
                symbols.add(symbol(s, names));
            }
        }
        return new BitcodeObject(producer, table.targetTriple(), symbols, SymbolSource.BITCODE, null);
    }

    /** The bitcode stream: the whole view, or the range a wrapper header names. */
    private static ByteView unwrap(ByteView in) {
        if (in.size() < 4 || in.u32(0) != BitCodes.WRAPPER_MAGIC) {
            return in;
        }
        in.check(0, BitCodes.WRAPPER_HEADER_SIZE, "bitcode wrapper header");
        long offset = in.u32(8);
        long size = in.u32(12);
        if (offset > in.size()) {
            throw in.error(8, "bitcode wrapper offset " + offset + " is past " + in.end());
        }
        if (!in.contains(offset, size)) {
            throw in.error(12, "bitcode wrapper size " + size + " (at offset " + offset + ") runs past " + in.end());
        }
        return in.slice(offset, size);
    }

    /**
     * Maps irsymtab flags as a linker reads them. An alias ({@code FB_indirect}) defines its own name,
     * as llvm-nm shows it ('T'/'D'), and so does an ifunc, which irsymtab marks executable only.
     * Bitcode has no sections: every symbol is in {@link Symbol#NO_SECTION} but a common one.
     */
    private static Symbol symbol(IrSymbol s, NameInterner names) {
        Definition definition = s.has(FB_UNDEFINED) ? Definition.UNDEFINED
                : s.has(FB_COMMON) ? Definition.COMMON : Definition.DEFINED;
        Type type = s.has(FB_EXECUTABLE) ? Type.FUNCTION : s.has(FB_TLS) ? Type.TLS : Type.OBJECT;
        Binding binding = !s.has(FB_GLOBAL) ? Binding.LOCAL : s.has(FB_WEAK) ? Binding.WEAK : Binding.GLOBAL;
        Visibility visibility = switch (s.visibility()) {
            case HIDDEN_VISIBILITY -> Visibility.HIDDEN;
            case PROTECTED_VISIBILITY -> Visibility.PROTECTED;
            default -> Visibility.DEFAULT;
        };
        boolean common = definition == Definition.COMMON;
        return new Symbol(names.intern(s.name()), definition, binding, type, common ? s.commonSize() : 0,
                common ? Symbol.COMMON_SECTION : Symbol.NO_SECTION, SectionKind.NONE, visibility,
                s.comdat() == null ? null : names.intern(s.comdat()));
    }
}
