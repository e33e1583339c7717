package org.linkdedup.objfile.bitcode;

/**
 * On-disk constants of the LLVM bitstream container ({@code llvm/Bitstream/BitCodeEnums.h}) and the
 * few block and record ids of LLVM IR files ({@code llvm/Bitcode/LLVMBitCodes.h}) that this reader
 * looks at, with LLVM's names.
 */
public final class BitCodes {
    private BitCodes() {
    }

    /** {@code 'B' 'C' 0xC0DE}, the first four bytes of a raw bitcode stream, read as a little-endian word. */
    public static final long BITCODE_MAGIC = 0xDEC04342L;
    /** The first word of the bitcode wrapper header. */
    public static final long WRAPPER_MAGIC = 0x0B17C0DEL;
    /** Magic, version, offset, size, cputype: five little-endian words. */
    public static final int WRAPPER_HEADER_SIZE = 20;

    // Standard abbreviation ids (bitc::FixedAbbrevIDs).
    public static final int END_BLOCK = 0;
    public static final int ENTER_SUBBLOCK = 1;
    public static final int DEFINE_ABBREV = 2;
    public static final int UNABBREV_RECORD = 3;
    public static final int FIRST_APPLICATION_ABBREV = 4;

    /** The abbreviation id width at the top level of a stream. */
    public static final int TOP_LEVEL_ABBREV_WIDTH = 2;

    // Abbreviation operand encodings (BitCodeAbbrevOp::Encoding).
    public static final int ENCODING_FIXED = 1;
    public static final int ENCODING_VBR = 2;
    public static final int ENCODING_ARRAY = 3;
    public static final int ENCODING_CHAR6 = 4;
    public static final int ENCODING_BLOB = 5;

    // Standard block ids and BLOCKINFO record codes.
    public static final int BLOCKINFO_BLOCK_ID = 0;
    public static final int BLOCKINFO_CODE_SETBID = 1;

    // LLVM IR block ids (bitc::BlockIDs) and the record codes read here.
    public static final int MODULE_BLOCK_ID = 8;
    public static final int IDENTIFICATION_BLOCK_ID = 13;
    public static final int STRTAB_BLOCK_ID = 23;
    public static final int SYMTAB_BLOCK_ID = 25;

    public static final int IDENTIFICATION_CODE_STRING = 1;
    public static final int STRTAB_BLOB = 1;
    public static final int SYMTAB_BLOB = 1;
}
