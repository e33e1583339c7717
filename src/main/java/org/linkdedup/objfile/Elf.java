package org.linkdedup.objfile;

/** ELF on-disk constants, with the names of the System V gABI. */
final class Elf {
    private Elf() {
    }

    static final int EI_CLASS = 4;
    static final int EI_DATA = 5;
    static final int ELFCLASS32 = 1;
    static final int ELFCLASS64 = 2;
    static final int ELFDATA2LSB = 1;
    static final int ELFDATA2MSB = 2;

    static final int ET_REL = 1;
    static final int ET_DYN = 3;

    static final int EM_MIPS = 8;

    static final int SHN_UNDEF = 0;
    static final int SHN_LORESERVE = 0xff00;
    static final int SHN_ABS = 0xfff1;
    static final int SHN_COMMON = 0xfff2;
    static final int SHN_XINDEX = 0xffff;

    static final int SHT_NOBITS = 8;
    static final int SHT_SYMTAB = 2;
    static final int SHT_DYNSYM = 11;
    static final int SHT_GROUP = 17;
    static final int SHT_SYMTAB_SHNDX = 18;
    static final int SHT_RELA = 4;
    static final int SHT_REL = 9;
    /** Compressed relocations (LLVM 19 and later); not rewritten. */
    static final int SHT_CREL = 0x40000014;
    /** LLVM's address-significance table: a sequence of ULEB128 symbol indices. */
    static final int SHT_LLVM_ADDRSIG = 0x6fff4c03;

    static final long SHF_WRITE = 0x1;
    static final long SHF_ALLOC = 0x2;
    static final long SHF_EXECINSTR = 0x4;
    static final long SHF_TLS = 0x400;

    static final int GRP_COMDAT = 0x1;

    static final int STB_LOCAL = 0;
    static final int STB_GLOBAL = 1;
    static final int STB_WEAK = 2;
    static final int STB_GNU_UNIQUE = 10;

    static final int STT_NOTYPE = 0;
    static final int STT_OBJECT = 1;
    static final int STT_FUNC = 2;
    static final int STT_SECTION = 3;
    static final int STT_FILE = 4;
    static final int STT_COMMON = 5;
    static final int STT_TLS = 6;
    static final int STT_GNU_IFUNC = 10;

    /** Sizes of the header, a section header and a symbol, by class. */
    static int ehdrSize(boolean is64) {
        return is64 ? 64 : 52;
    }

    static int shdrSize(boolean is64) {
        return is64 ? 64 : 40;
    }

    static int symSize(boolean is64) {
        return is64 ? 24 : 16;
    }
}
