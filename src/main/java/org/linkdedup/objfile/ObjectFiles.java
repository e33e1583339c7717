package org.linkdedup.objfile;

import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;

/**
 * Reads any member of a link: dispatches on the magic bytes to the ELF, Mach-O (thin or universal),
 * LLVM bitcode or COFF reader (objects, {@code /bigobj} objects, short import members); anything
 * else is an {@link OtherFile}. Readers hold no policy.
 */
public final class ObjectFiles {
    private ObjectFiles() {
    }

    /** The bytes copied for the magic: more than {@link FileMagic} reads, and an ELF64 header. */
    static final int HEAD = 64;

    /**
     * The first {@link #HEAD} bytes of {@code bytes} (fewer when it is shorter), read by position
     * ({@link ByteView#copyThrough}), not through the mapping: the magic and an ELF header from one read.
     */
    static ByteView head(ByteView bytes) {
        return bytes.copyThrough(0, Math.min(bytes.size(), HEAD));
    }

    /** Reads {@code bytes} with every symbol, local ones included; names are shared through {@code names}. */
    public static ObjectFile read(ByteView bytes, NameInterner names) {
        return read(bytes, names, true);
    }

    /**
     * Reads {@code bytes}; without {@code locals}, local symbols are skipped before their names are
     * even read (a link needs only the others, and Rust objects hold many locals).
     */
    public static ObjectFile read(ByteView bytes, NameInterner names, boolean locals) {
        ByteView head = head(bytes);
        return switch (FileMagic.of(head)) {
            case ELF -> ElfReader.read(bytes, head, names, locals);
            case MACHO -> MachOReader.read(bytes, names, locals);
            case MACHO_UNIVERSAL -> MachOReader.readUniversal(bytes, names, locals);
            case BITCODE -> BitcodeReader.read(bytes, names, locals);
            case COFF -> CoffReader.read(bytes, names, locals);
            case COFF_IMPORT -> CoffReader.readAnonymous(bytes, names, locals);
            // an object whose symbols exist but are not read here: names from the index, references unknown
            case WASM -> OtherFile.unreadObject("WebAssembly object (symbols not read)");
            case ARCHIVE, OTHER -> new OtherFile("not an object file");
        };
    }
}
