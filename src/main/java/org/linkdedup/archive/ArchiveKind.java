package org.linkdedup.archive;

import static org.linkdedup.archive.ArFormat.*;

/**
 * What kind of archive the writer makes, described by the few facts its layout depends on, as
 * LLVM's writer tells its kinds apart ({@code isBSDLike}, {@code is64BitKind}, {@code isDarwin}):
 * {@link ArchiveLayout} asks these and nothing else.
 *
 * @param bsdLike     {@code #1/N} names stored before the data (padded so the data starts 8-byte
 *                    aligned) and a little-endian {@code __.SYMDEF} index; else GNU's names in the
 *                    header field, {@code //} table and big-endian {@code /} index
 * @param index64     the index holds 64-bit offsets ({@code /SYM64/}, {@code __.SYMDEF_64})
 * @param memberAlign what each member's data is padded to with newlines: 2, the container's own
 *                    alignment (the padding is outside the member), or 8 for Darwin (the padding
 *                    belongs to the member: its size field counts it, as Apple's tools and llvm-ar
 *                    write it)
 * @param thin        a GNU thin archive: member data stays in the member files, named by path
 * @param coff        a Windows {@code .lib}: GNU's names, but two linker members for the index (the
 *                    first as GNU's {@code /}, the second little-endian and sorted, each name once),
 *                    a {@code //} table of NUL-terminated names with blank header fields; 32-bit only
 */
record ArchiveKind(boolean bsdLike, boolean index64, int memberAlign, boolean thin, boolean coff) {

    /** The kind {@code source} is written as: its own flavor, with a 32-bit index until offsets need more. */
    static ArchiveKind of(Archive source) {
        return switch (source.flavor()) {
            case GNU -> new ArchiveKind(false, false, 2, source.isThin(), false);
            case BSD -> new ArchiveKind(true, false, 2, false, false);
            case DARWIN -> new ArchiveKind(true, false, 8, false, false);
            case COFF -> new ArchiveKind(false, false, 2, false, true);
        };
    }

    ArchiveKind with64BitIndex() {
        if (coff) {
            throw new IllegalStateException("a COFF archive has no 64-bit index");
        }
        return new ArchiveKind(bsdLike, true, memberAlign, thin, false);
    }

    /** The index this kind writes. */
    IndexKind indexKind() {
        if (coff) {
            return IndexKind.COFF;
        }
        return bsdLike ? (index64 ? IndexKind.BSD64 : IndexKind.BSD) : (index64 ? IndexKind.GNU64 : IndexKind.GNU);
    }

    byte[] magic() {
        return thin ? THIN_MAGIC : MAGIC;
    }

    /** Whether a member's padding is part of it (its size field and what a reader reads count it). */
    boolean paddingInMember() {
        return memberAlign > 2;
    }

    /** The newlines after a member's {@code size} bytes of data (none in a thin archive: no data either). */
    int padding(long size) {
        return thin ? 0 : (int) (-size & (memberAlign - 1));
    }
}
