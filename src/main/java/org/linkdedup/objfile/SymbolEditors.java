package org.linkdedup.objfile;

import java.util.List;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;

/**
 * The symbol editor for each object format: {@link ElfEditor} for ELF, {@link MachOEditor} for
 * Mach-O (thin and universal), {@link CoffEditor} for COFF objects (localize only). LLVM bitcode,
 * COFF import members and anything else have none: their members are never rewritten.
 */
public final class SymbolEditors {
    private SymbolEditors() {
    }

    /** Why {@code object}'s symbols cannot be rewritten, or null when its format has an editor. */
    public static String cannotEdit(ObjectFile object) {
        if (object instanceof ElfObject || object instanceof MachOObject || object instanceof UniversalObject
                || object instanceof CoffObject) {
            return null;
        }
        return object instanceof BitcodeObject ? "LLVM bitcode (an LTO build): its symbols cannot be rewritten"
                : object.description() + ": its symbols cannot be rewritten";
    }

    /**
     * Whether {@code object}'s format can weaken a definition in place. COFF cannot
     * ({@link CoffEditor}): a planner localizes such a copy instead, as
     * {@link SymbolEdits#unreferenced()}.
     */
    public static boolean weakensInPlace(ObjectFile object) {
        return !(object instanceof CoffObject);
    }

    /**
     * Whether {@code request} can be applied to the object {@code bytes}: throws what {@link #edit}
     * would, without (for ELF weakening and COFF) copying the object.
     */
    public static void check(ByteView bytes, SymbolEdits request) {
        FileMagic m = FileMagic.of(bytes);
        if (m == FileMagic.ELF && request.unreferenced().isEmpty()) {
            ElfEditor.check(bytes, request);
        } else if (m == FileMagic.COFF || m == FileMagic.COFF_IMPORT) {
            CoffEditor.check(bytes, request);
        } else {
            edit(bytes, request);
        }
    }

    /**
     * The bytes of the object {@code bytes} with {@code request} applied, in a new array of the same size.
     *
     * @throws SymbolEditRefusedException when the request cannot be applied safely (nothing is written)
     * @throws org.linkdedup.io.InputFormatException when the object is malformed
     */
    public static byte[] edit(ByteView bytes, SymbolEdits request) {
        FileMagic m = FileMagic.of(bytes);
        if (m == FileMagic.COFF || m == FileMagic.COFF_IMPORT) {
            return CoffEditor.edit(bytes, request);
        }
        if (!request.unreferenced().isEmpty()) {
            throw new SymbolEditRefusedException(bytes.extent(), request.unreferenced().stream().sorted()
                    .map(n -> new SymbolEditRefusedException.Refusal(n,
                            "localizing in place of weakening is for COFF objects only (this format weakens)")).toList());
        }
        return switch (m) {
            case ELF -> ElfEditor.edit(bytes, request);
            case MACHO, MACHO_UNIVERSAL -> MachOEditor.edit(bytes, request);
            default -> throw new SymbolEditRefusedException(bytes.extent(), List.of(new SymbolEditRefusedException.Refusal(null,
                    "not an ELF, Mach-O or COFF object: its symbols cannot be rewritten")));
        };
    }
}
