package org.linkdedup.objfile;

import static org.linkdedup.objfile.Elf.*;

import java.nio.ByteOrder;
import org.linkdedup.io.ByteView;

/**
 * The section header table of an ELF file, validated once (for {@link ElfReader} and
 * {@link ElfEditor} alike, with the same messages): class, byte order, {@code e_shoff},
 * {@code e_shentsize} and the section count (with the {@code SHN_LORESERVE} escape through section
 * 0's {@code sh_size}). Accessors read one field of one section header; {@link #data} checks a
 * section's range against the file.
 */
final class ElfSectionTable {
    final ByteView in;
    final boolean is64;
    final int shnum;
    final ByteOrder order;
    private final long shoff;
    private final int shentsize;
    /** The ELF header and the section header table, as copies read by position (values only: errors name {@link #in}'s offsets). */
    private final ByteView head;
    private final ByteView table;

    private ElfSectionTable(ByteView in, ByteView head, boolean is64, long shoff, int shentsize, int shnum) {
        this.in = in;
        this.head = head;
        this.is64 = is64;
        this.shoff = shoff;
        this.shentsize = shentsize;
        this.shnum = shnum;
        this.order = head.u8(EI_DATA) == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        this.table = in.copyThrough(shoff, (long) shnum * shentsize);
    }

    /** Reads the identification, header and section table bounds of {@code bytes}. */
    static ElfSectionTable read(ByteView bytes) {
        return read(bytes, ObjectFiles.head(bytes));
    }

    /**
     * {@link #read(ByteView)} given {@code ident}, the first bytes of {@code bytes} as {@link
     * ObjectFiles#head} copied them: header fields are read from there, not through the mapping.
     */
    static ElfSectionTable read(ByteView bytes, ByteView ident) {
        bytes.check(0, 16, "ELF identification");
        int cls = ident.u8(EI_CLASS);
        int data = ident.u8(EI_DATA);
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw bytes.error(EI_CLASS, "bad ELF class " + cls);
        }
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw bytes.error(EI_DATA, "bad ELF data encoding " + data);
        }
        ByteOrder order = data == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteView in = bytes.order(order);
        boolean is64 = cls == ELFCLASS64;
        in.check(0, ehdrSize(is64), "ELF header");
        ByteView head = ident.order(order);
        int shoffAt = is64 ? 40 : 32;
        int shentsizeAt = is64 ? 58 : 46;
        int shnumAt = is64 ? 60 : 48;
        long shoff = head.word(shoffAt, is64);
        int shentsize = head.u16(shentsizeAt);
        if (shoff == 0) {
            return new ElfSectionTable(in, head, is64, 0, shentsize, 0);
        }
        if (shoff < 0 || shoff > in.size()) {
            throw in.error(shoffAt, "e_shoff " + Long.toUnsignedString(shoff) + " is past " + in.end());
        }
        if (shentsize < shdrSize(is64)) {
            throw in.error(shentsizeAt, "e_shentsize " + shentsize + " is smaller than a section header (" + shdrSize(is64) + ")");
        }
        in.check(shoff, shentsize, "section header 0");
        long count = head.u16(shnumAt);
        String what = "e_shnum " + count;
        long countAt = shnumAt;
        if (count == 0) {
            // More than SHN_LORESERVE sections: the real count is section 0's sh_size.
            countAt = shoff + (is64 ? 32 : 20);
            count = in.word(countAt, is64);
            what = "section count " + Long.toUnsignedString(count) + " (section 0's sh_size, as e_shnum is 0)";
        }
        if (count < 0 || count > (in.size() - shoff) / shentsize) {
            throw in.error(countAt, what + ": section header table of " + Long.toUnsignedString(count) + " entries of "
                    + shentsize + " bytes at offset " + shoff + " runs past " + in.end());
        }
        return new ElfSectionTable(in, head, is64, shoff, shentsize, (int) count);
    }

    int elfType() {
        return head.u16(16);
    }

    int machine() {
        return head.u16(18);
    }

    /** A value of the section header table at {@code at}, an offset in {@link #in}. */
    private long tableU32(long at) {
        return table.u32(at - shoff);
    }

    private long tableWord(long at) {
        return table.word(at - shoff, is64);
    }

    long header(int index) {
        return shoff + (long) index * shentsize;
    }

    int type(int index) {
        return (int) tableU32(header(index) + 4);
    }

    long offsetAt(int index) {
        return header(index) + (is64 ? 24 : 16);
    }

    long sizeAt(int index) {
        return header(index) + (is64 ? 32 : 20);
    }

    long linkAt(int index) {
        return header(index) + (is64 ? 40 : 24);
    }

    long infoAt(int index) {
        return header(index) + (is64 ? 44 : 28);
    }

    long entsizeAt(int index) {
        return header(index) + (is64 ? 56 : 36);
    }

    long flags(int index) {
        return tableWord(header(index) + 8);
    }

    long size(int index) {
        return tableWord(sizeAt(index));
    }

    long link(int index) {
        return tableU32(linkAt(index));
    }

    long info(int index) {
        return tableU32(infoAt(index));
    }

    long entsize(int index) {
        return tableWord(entsizeAt(index));
    }

    /** The file offset of section {@code index}'s contents (checked by {@link #data}). */
    long offset(int index) {
        return tableWord(offsetAt(index));
    }

    /** The contents of section {@code index}, checked against the file; an error names sh_offset or sh_size. */
    ByteView data(int index, String what) {
        long off = offset(index);
        long size = size(index);
        if (off < 0 || size < 0 || !in.contains(off, size)) {
            throw in.error(off < 0 || off > in.size() ? offsetAt(index) : sizeAt(index), what + " (section " + index
                    + ") at offset " + Long.toUnsignedString(off) + " of " + Long.toUnsignedString(size) + " bytes runs past " + in.end());
        }
        return in.slice(off, size);
    }
}
