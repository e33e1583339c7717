package org.linkdedup.objfile;

import static org.linkdedup.objfile.MachO.headerSize;
import static org.linkdedup.objfile.MachO.sectionSize;
import static org.linkdedup.objfile.MachO.segmentHeaderSize;

import org.linkdedup.io.ByteView;

/**
 * The checked walk over a Mach-O file's load commands that {@link MachOReader} and
 * {@link MachOEditor} share: {@code sizeofcmds} within the file, {@code ncmds} able to fit, and each
 * command's {@code cmdsize} at least 8 bytes and within what is left; each command is then handed to
 * the caller. Also the checked section headers of a segment command.
 */
final class MachOLoadCommands {
    private MachOLoadCommands() {
    }

    /** Takes one load command: where it is, its number, its {@code cmd} and {@code cmdsize}. */
    @FunctionalInterface
    interface Visitor {
        void command(long at, long index, int cmd, long cmdsize);
    }

    static void walk(ByteView in, boolean is64, Visitor visitor) {
        int hdr = headerSize(is64);
        long ncmds = in.u32(16);
        long sizeofcmds = in.u32(20);
        if (sizeofcmds > in.size() - hdr) {
            throw in.error(20, "sizeofcmds " + sizeofcmds + " runs past " + in.end());
        }
        if (ncmds > sizeofcmds / 8) {
            throw in.error(16, "ncmds " + ncmds + " cannot fit in sizeofcmds " + sizeofcmds);
        }
        long at = hdr;
        long end = hdr + sizeofcmds;
        for (long i = 0; i < ncmds; i++) {
            if (at + 8 > end) {
                throw in.error(at, "load command " + i + " runs past sizeofcmds");
            }
            long cmdsize = in.u32(at + 4);
            if (cmdsize < 8 || cmdsize > end - at) {
                throw in.error(at + 4, "load command " + i + " has cmdsize " + cmdsize + " (" + (end - at) + " bytes of load commands left)");
            }
            visitor.command(at, i, (int) in.u32(at), cmdsize);
            at += cmdsize;
        }
    }

    /**
     * The file offsets of the section headers of segment load command {@code index} at {@code at}
     * ({@code LC_SEGMENT_64} when {@code seg64}), checked against its {@code cmdsize}.
     */
    static long[] sectionHeaders(ByteView in, long at, long index, boolean seg64, long cmdsize) {
        int segHdr = segmentHeaderSize(seg64);
        if (cmdsize < segHdr) {
            throw in.error(at + 4, "segment load command " + index + " is too small (" + cmdsize + " bytes)");
        }
        long nsects = in.u32(at + (seg64 ? 64 : 48));
        int sz = sectionSize(seg64);
        if (nsects > (cmdsize - segHdr) / sz) {
            throw in.error(at + (seg64 ? 64 : 48), "segment load command " + index + " has " + nsects
                    + " sections, more than its cmdsize " + cmdsize + " holds");
        }
        long[] out = new long[(int) nsects];   // fewer than cmdsize / 68
        for (int s = 0; s < out.length; s++) {
            out[s] = at + segHdr + (long) s * sz;
        }
        return out;
    }
}
