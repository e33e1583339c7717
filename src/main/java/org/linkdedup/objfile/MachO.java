package org.linkdedup.objfile;

/** Mach-O on-disk constants, with the names of {@code <mach-o/loader.h>}, {@code nlist.h} and {@code fat.h}. */
final class MachO {
    private MachO() {
    }

    static final long MH_MAGIC = 0xfeedfaceL;
    static final long MH_MAGIC_64 = 0xfeedfacfL;
    static final long FAT_MAGIC = 0xcafebabeL;
    static final long FAT_MAGIC_64 = 0xcafebabfL;

    static final int LC_SEGMENT = 0x1;
    static final int LC_SYMTAB = 0x2;
    static final int LC_SEGMENT_64 = 0x19;
    static final int LC_DYSYMTAB = 0xb;
    static final int LC_UUID = 0x1b;
    static final int LC_VERSION_MIN_MACOSX = 0x24;
    static final int LC_VERSION_MIN_IPHONEOS = 0x25;
    static final int LC_DATA_IN_CODE = 0x29;
    static final int LC_LINKER_OPTION = 0x2d;
    static final int LC_LINKER_OPTIMIZATION_HINT = 0x2e;
    static final int LC_VERSION_MIN_TVOS = 0x2f;
    static final int LC_VERSION_MIN_WATCHOS = 0x30;
    static final int LC_BUILD_VERSION = 0x32;

    static final int MH_OBJECT = 0x1;

    static final int CPU_TYPE_X86_64 = 0x01000007;
    static final int CPU_TYPE_ARM64 = 0x0100000c;

    static final long INDIRECT_SYMBOL_LOCAL = 0x80000000L;
    static final long INDIRECT_SYMBOL_ABS = 0x40000000L;

    static final int N_STAB = 0xe0;
    static final int N_PEXT = 0x10;
    static final int N_TYPE = 0x0e;
    static final int N_EXT = 0x01;

    static final int N_UNDF = 0x0;
    static final int N_ABS = 0x2;
    static final int N_INDR = 0xa;
    static final int N_PBUD = 0xc;
    static final int N_SECT = 0xe;

    static final int NO_SECT = 0;

    static final int N_WEAK_REF = 0x40;
    static final int N_WEAK_DEF = 0x80;

    static final int SECTION_TYPE = 0xff;
    static final int S_ZEROFILL = 0x1;
    static final int S_GB_ZEROFILL = 0xc;
    static final int S_THREAD_LOCAL_REGULAR = 0x11;
    static final int S_THREAD_LOCAL_ZEROFILL = 0x12;
    static final int S_THREAD_LOCAL_VARIABLES = 0x13;
    static final int S_THREAD_LOCAL_VARIABLE_POINTERS = 0x14;
    static final int S_THREAD_LOCAL_INIT_FUNCTION_POINTERS = 0x15;
    static final long S_ATTR_PURE_INSTRUCTIONS = 0x80000000L;
    static final long S_ATTR_SOME_INSTRUCTIONS = 0x00000400L;
    static final long S_ATTR_DEBUG = 0x02000000L;

    static int headerSize(boolean is64) {
        return is64 ? 32 : 28;
    }

    static int nlistSize(boolean is64) {
        return is64 ? 16 : 12;
    }

    static int segmentHeaderSize(boolean is64) {
        return is64 ? 72 : 56;
    }

    static int sectionSize(boolean is64) {
        return is64 ? 80 : 68;
    }
}
