package org.linkdedup.objfile;

import static org.linkdedup.objfile.MachO.FAT_MAGIC_64;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.linkdedup.io.ByteView;

/**
 * The checked header of a universal ("fat") Mach-O file that {@link MachOReader} and
 * {@link MachOEditor} share: big-endian {@code fat_header}, then {@code nfat_arch} entries of
 * {@code fat_arch} ({@code FAT_MAGIC}) or {@code fat_arch_64} ({@code FAT_MAGIC_64}), every entry
 * within the file and every slice it describes within the file. What a slice holds is the caller's
 * business.
 */
final class MachOFatHeader {
    private MachOFatHeader() {
    }

    /**
     * One {@code fat_arch} entry and the bytes it describes.
     *
     * @param index  its position among the entries
     * @param arch   its architecture's name, from {@code cputype} and {@code cpusubtype}
     * @param entry  the offset of its {@code fat_arch} entry in the file
     * @param offset the offset of the slice in the file
     * @param size   the size of the slice
     * @param bytes  the slice, a view of its own called "fat slice" in messages
     */
    record Slice(long index, String arch, long entry, long offset, long size, ByteView bytes) {
        /** "fat slice 1 (arm64)", as messages name it. */
        String what() {
            return "fat slice " + index + " (" + arch + ")";
        }

        /** The offset in the file of the entry's {@code offset} field. */
        long offsetField() {
            return entry + 8;
        }
    }

    /** The slices of the universal file {@code bytes}, in entry order, each checked to lie within the file. */
    static List<Slice> slices(ByteView bytes) {
        ByteView in = bytes.order(ByteOrder.BIG_ENDIAN);
        in.check(0, 8, "fat header");
        boolean is64 = in.u32(0) == FAT_MAGIC_64;
        long n = in.u32(4);
        int entry = entrySize(is64);
        if (n * entry > in.size() - 8) {
            throw in.error(4, "nfat_arch " + n + " (" + (is64 ? "fat_arch_64" : "fat_arch") + " entries of " + entry
                    + " bytes) runs past " + in.end());
        }
        List<Slice> slices = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long p = 8 + i * entry;
            String arch = MachOObject.archName(in.s32(p), in.s32(p + 4));
            long offAt = p + 8;
            long sizeAt = p + (is64 ? 16 : 12);
            long off = is64 ? in.u64(offAt) : in.u32(offAt);
            long size = is64 ? in.u64(sizeAt) : in.u32(sizeAt);
            if (off < 0 || size < 0 || !in.contains(off, size)) {
                throw in.error(off < 0 || off > in.size() ? offAt : sizeAt, "fat slice " + i + " (" + arch + ") at offset "
                        + Long.toUnsignedString(off) + " of " + Long.toUnsignedString(size) + " bytes runs past " + in.end());
            }
            slices.add(new Slice(i, arch, p, off, size, bytes.part(off, size, "fat slice")));
        }
        return slices;
    }

    /**
     * Throws unless no slice overlaps the fat header (with its entries) or another slice, as
     * {@code lipo} and LLVM's reader require: a writer that rewrites each slice in place needs them
     * apart. Empty slices overlap nothing.
     */
    static void requireDisjoint(ByteView bytes, List<Slice> slices) {
        ByteView in = bytes.order(ByteOrder.BIG_ENDIAN);
        long headers = 8 + slices.size() * (long) entrySize(in.u32(0) == FAT_MAGIC_64);
        List<Slice> byOffset = new ArrayList<>();
        for (Slice s : slices) {
            if (s.size() > 0) {
                byOffset.add(s);
            }
        }
        byOffset.sort(Comparator.comparingLong(Slice::offset).thenComparingLong(Slice::index));
        Slice previous = null;
        for (Slice s : byOffset) {
            if (s.offset() < headers) {
                throw in.error(s.offsetField(), s.what() + " at offset " + s.offset() + " overlaps the fat header and its "
                        + slices.size() + " entries (" + headers + " bytes)");
            }
            if (previous != null && s.offset() < previous.offset() + previous.size()) {
                Slice later = s.index() > previous.index() ? s : previous;
                Slice earlier = later == s ? previous : s;
                throw in.error(later.offsetField(), later.what() + " at offset " + later.offset() + " of " + later.size()
                        + " bytes overlaps " + earlier.what() + " at offset " + earlier.offset() + " of " + earlier.size()
                        + " bytes");
            }
            if (previous == null || s.offset() + s.size() > previous.offset() + previous.size()) {
                previous = s;
            }
        }
    }

    private static int entrySize(boolean is64) {
        return is64 ? 32 : 20;
    }
}
