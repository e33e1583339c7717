package org.linkdedup.objfile;

import java.nio.ByteOrder;
import org.linkdedup.io.ByteView;

/**
 * LLVM bitcode members, raw ({@code BC 0xC0DE}) or in the wrapper header ({@code 0x0B17C0DE}).
 * This first version recognises the container and checks the wrapper's bounds; symbols come from
 * the archive index (index-only).
 */
final class BitcodeReader {
    private BitcodeReader() {
    }

    static BitcodeObject read(ByteView bytes, NameInterner names) {
        ByteView le = bytes.order(ByteOrder.LITTLE_ENDIAN);
        if (le.u32(0) == 0x0B17C0DEL) {
            le.check(0, 20, "bitcode wrapper header");
            long off = le.u32(8);
            long size = le.u32(12);
            if (!le.contains(off, size)) {
                throw le.error(8, "bitcode wrapper says " + size + " bytes at offset " + off
                        + ", past the end of the member (size " + le.size() + ")");
            }
        }
        return BitcodeObject.indexOnly(null, null, "bitcode symbol table not read");
    }
}
