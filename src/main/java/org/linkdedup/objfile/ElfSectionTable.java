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

    private ElfSectionTable(ByteView in, boolean is64, long shoff, int shentsize, int shnum) {
        this.in = in;
        this.is64 = is64;
        this.shoff = shoff;
        this.shentsize = shentsize;
        this.shnum = shnum;
        this.order = in.u8(EI_DATA) == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Reads the identification, header and section table bounds of {@code bytes}. */
    static ElfSectionTable read(ByteView bytes) {
        bytes.check(0, 16, "ELF identification");
        int cls = bytes.u8(EI_CLASS);
        int data = bytes.u8(EI_DATA);
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw bytes.error(EI_CLASS, "bad ELF class " + cls);
        }
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw bytes.error(EI_DATA, "bad ELF data encoding " + data);
        }
        ByteView in = bytes.order(data == ELFDATA2MSB ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean is64 = cls == ELFCLASS64;
        in.check(0, ehdrSize(is64), "ELF header");
        int shoffAt = is64 ? 40 : 32;
        int shentsizeAt = is64 ? 58 : 46;
        int shnumAt = is64 ? 60 : 48;
        long shoff = in.word(shoffAt, is64);
        int shentsize = in.u16(shentsizeAt);
        if (shoff == 0) {
            return new ElfSectionTable(in, is64, 0, shentsize, 0);
        }
        if (shoff < 0 || shoff > in.size()) {
            throw in.error(shoffAt, "e_shoff " + Long.toUnsignedString(shoff) + " is past " + in.end());
        }
        if (shentsize < shdrSize(is64)) {
            throw in.error(shentsizeAt, "e_shentsize " + shentsize + " is smaller than a section header (" + shdrSize(is64) + ")");
        }
        in.check(shoff, shentsize, "section header 0");
        long count = in.u16(shnumAt);
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
        return new ElfSectionTable(in, is64, shoff, shentsize, (int) count);
    }

    int elfType() {
        return in.u16(16);
    }

    int machine() {
        return in.u16(18);
    }

    long header(int index) {
        return shoff + (long) index * shentsize;
    }

    int type(int index) {
        return (int) in.u32(header(index) + 4);
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
        return in.word(header(index) + 8, is64);
    }

    long size(int index) {
        return in.word(sizeAt(index), is64);
    }

    long link(int index) {
        return in.u32(linkAt(index));
    }

    long info(int index) {
        return in.u32(infoAt(index));
    }

    long entsize(int index) {
        return in.word(entsizeAt(index), is64);
    }

    /** The file offset of section {@code index}'s contents (checked by {@link #data}). */
    long offset(int index) {
        return in.word(offsetAt(index), is64);
    }

    /** The contents of section {@code index}, checked against the file; an error names sh_offset or sh_size. */
    ByteView data(int index, String what) {
        long off = offset(index);
        long size = in.word(sizeAt(index), is64);
        if (off < 0 || size < 0 || !in.contains(off, size)) {
            throw in.error(off < 0 || off > in.size() ? offsetAt(index) : sizeAt(index), what + " (section " + index
                    + ") at offset " + Long.toUnsignedString(off) + " of " + Long.toUnsignedString(size) + " bytes runs past " + in.end());
        }
        return in.slice(off, size);
    }
}
