package org.linkdedup.objfile;

import org.linkdedup.io.ByteView;

/**
 * Reads any member of a link: dispatches on the magic bytes to the ELF, Mach-O (thin or universal)
 * or LLVM bitcode reader; anything else is an {@link OtherFile}. Readers hold no policy.
 */
public final class ObjectFiles {
    private ObjectFiles() {
    }

    /** The format of {@code bytes} guessed from its magic, without reading further. */
    public static Format detect(ByteView bytes) {
        if (bytes.size() < 4) {
            return Format.OTHER;
        }
        int b0 = bytes.u8(0), b1 = bytes.u8(1), b2 = bytes.u8(2), b3 = bytes.u8(3);
        if (b0 == 0x7f && b1 == 'E' && b2 == 'L' && b3 == 'F') {
            return Format.ELF;
        }
        long le = (long) b3 << 24 | b2 << 16 | b1 << 8 | b0;
        long be = (long) b0 << 24 | b1 << 16 | b2 << 8 | b3;
        if (le == MachO.MH_MAGIC || le == MachO.MH_MAGIC_64 || be == MachO.MH_MAGIC || be == MachO.MH_MAGIC_64) {
            return Format.MACHO;
        }
        if (be == MachO.FAT_MAGIC || be == MachO.FAT_MAGIC_64) {
            // 0xCAFEBABE is also a Java class file; a fat header has a small architecture count.
            return bytes.size() >= 8 && Integer.toUnsignedLong(bytes.order(java.nio.ByteOrder.BIG_ENDIAN).s32(4)) < 45
                    ? Format.MACHO_UNIVERSAL : Format.OTHER;
        }
        if (b0 == 'B' && b1 == 'C' && b2 == 0xC0 && b3 == 0xDE) {
            return Format.BITCODE;
        }
        if (le == 0x0B17C0DEL) {
            return Format.BITCODE;
        }
        return Format.OTHER;
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
        return switch (detect(bytes)) {
            case ELF -> ElfReader.read(bytes, names, locals);
            case MACHO -> MachOReader.read(bytes, names, locals);
            case MACHO_UNIVERSAL -> MachOReader.readUniversal(bytes, names, locals);
            case BITCODE -> BitcodeReader.read(bytes, names, locals);
            case OTHER -> new OtherFile(describeOther(bytes));
        };
    }

    private static String describeOther(ByteView bytes) {
        if (bytes.size() >= 2 && bytes.u16(0) == 0x8664 || bytes.size() >= 2 && bytes.u16(0) == 0xAA64
                || bytes.size() >= 2 && bytes.u16(0) == 0x014c) {
            return "COFF object (symbols not read)";
        }
        if (bytes.size() >= 4 && bytes.u16(0) == 0 && bytes.u16(2) == 0xffff) {
            return "COFF import/anonymous object (symbols not read)";
        }
        return "not an object file";
    }

    /** Member formats by magic. */
    public enum Format { ELF, MACHO, MACHO_UNIVERSAL, BITCODE, OTHER }
}
