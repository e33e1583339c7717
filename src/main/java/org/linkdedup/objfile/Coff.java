package org.linkdedup.objfile;

import org.linkdedup.io.ByteView;

/** COFF on-disk constants, with the names of the Microsoft PE/COFF specification. */
final class Coff {
    private Coff() {
    }

    static final int IMAGE_FILE_MACHINE_I386 = 0x014c;
    static final int IMAGE_FILE_MACHINE_ARMNT = 0x01c4;
    static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;
    static final int IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
    static final int IMAGE_FILE_MACHINE_ARM64EC = 0xa641;
    static final int IMAGE_FILE_MACHINE_ARM64X = 0xa64e;

    /** IMAGE_FILE_HEADER. */
    static final int FILE_HEADER_SIZE = 20;
    /** ANON_OBJECT_HEADER_BIGOBJ. */
    static final int BIGOBJ_HEADER_SIZE = 56;
    /** IMPORT_OBJECT_HEADER. */
    static final int IMPORT_HEADER_SIZE = 20;
    /** ANON_OBJECT_HEADER (version 1): Sig1, Sig2, Version, Machine, TimeDateStamp, ClassID, SizeOfData. */
    static final int ANON_HEADER_SIZE = 32;
    static final int SECTION_HEADER_SIZE = 40;
    /** IMAGE_SYMBOL; an auxiliary record has the same size. */
    static final int SYMBOL_SIZE = 18;
    /** IMAGE_SYMBOL_EX of a /bigobj file. */
    static final int BIGOBJ_SYMBOL_SIZE = 20;
    /** A regular header's section count: IMAGE_SYM_* values from 0xFF00 up are reserved. */
    static final int MAX_SECTIONS_16 = 0xfeff;

    /** The ClassID of ANON_OBJECT_HEADER_BIGOBJ, {D1BAA1C7-BAEE-4ba9-AF20-FAF66AA4DCB8}, as laid out in the file. */
    static final byte[] BIGOBJ_CLASS_ID = {
        (byte) 0xc7, (byte) 0xa1, (byte) 0xba, (byte) 0xd1, (byte) 0xee, (byte) 0xba, (byte) 0xa9, 0x4b,
        (byte) 0xaf, 0x20, (byte) 0xfa, (byte) 0xf6, 0x6a, (byte) 0xa4, (byte) 0xdc, (byte) 0xb8};
    static final int BIGOBJ_MIN_VERSION = 2;

    static final int IMAGE_SYM_UNDEFINED = 0;
    static final int IMAGE_SYM_ABSOLUTE = -1;
    static final int IMAGE_SYM_DEBUG = -2;

    /** The complex part of a symbol's Type (bits 4-5) for a function. */
    static final int IMAGE_SYM_DTYPE_FUNCTION = 2;

    static final int IMAGE_SYM_CLASS_EXTERNAL = 2;
    static final int IMAGE_SYM_CLASS_STATIC = 3;
    static final int IMAGE_SYM_CLASS_LABEL = 6;
    static final int IMAGE_SYM_CLASS_FUNCTION = 101;
    static final int IMAGE_SYM_CLASS_FILE = 103;
    static final int IMAGE_SYM_CLASS_SECTION = 104;
    static final int IMAGE_SYM_CLASS_WEAK_EXTERNAL = 105;

    static final int IMAGE_WEAK_EXTERN_SEARCH_ALIAS = 3;

    static final long IMAGE_SCN_CNT_CODE = 0x20;
    static final long IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;
    static final long IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x80;
    static final long IMAGE_SCN_LNK_INFO = 0x200;
    static final long IMAGE_SCN_LNK_COMDAT = 0x1000;
    static final long IMAGE_SCN_MEM_DISCARDABLE = 0x02000000;
    static final long IMAGE_SCN_MEM_EXECUTE = 0x20000000;
    static final long IMAGE_SCN_MEM_WRITE = 0x80000000L;

    static final int IMAGE_COMDAT_SELECT_NODUPLICATES = 1;
    static final int IMAGE_COMDAT_SELECT_ANY = 2;
    static final int IMAGE_COMDAT_SELECT_SAME_SIZE = 3;
    static final int IMAGE_COMDAT_SELECT_EXACT_MATCH = 4;
    static final int IMAGE_COMDAT_SELECT_ASSOCIATIVE = 5;
    static final int IMAGE_COMDAT_SELECT_LARGEST = 6;

    /** IMPORT_OBJECT_HEADER Type. */
    static final int IMPORT_OBJECT_CODE = 0;
    static final int IMPORT_OBJECT_DATA = 1;
    static final int IMPORT_OBJECT_CONST = 2;

    static String machineName(int machine) {
        return switch (machine) {
            case IMAGE_FILE_MACHINE_I386 -> "i386";
            case IMAGE_FILE_MACHINE_ARMNT -> "ARMNT";
            case IMAGE_FILE_MACHINE_AMD64 -> "x86-64";
            case IMAGE_FILE_MACHINE_ARM64 -> "ARM64";
            case IMAGE_FILE_MACHINE_ARM64EC -> "ARM64EC";
            case IMAGE_FILE_MACHINE_ARM64X -> "ARM64X";
            default -> "machine 0x" + Integer.toHexString(machine);
        };
    }

    /**
     * SectionNumber of the symbol record at {@code record}: 32-bit in a bigobj, else 16-bit with 0xFF00
     * and up the reserved negative values.
     */
    static int sectionNumber(ByteView in, long record, boolean bigobj) {
        if (bigobj) {
            return in.s32(record + 12);
        }
        int n = in.u16(record + 12);
        return n <= MAX_SECTIONS_16 ? n : (short) n;
    }
}
