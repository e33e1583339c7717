package org.linkdedup.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a file or archive member is, from its first bytes: the one place every reader, the archive
 * flavor decision and {@code exec}'s input scan look. Deciding reads at most {@link #PREFIX} bytes.
 */
public enum FileMagic {
    /** {@code !<arch>} or {@code !<thin>}, newline or not (a missing newline is a broken archive, not another file). */
    ARCHIVE,
    /** {@code \x7fELF}. */
    ELF,
    /** A thin Mach-O file: {@code MH_MAGIC} or {@code MH_MAGIC_64}, either byte order. */
    MACHO,
    /**
     * A Mach-O universal (fat) file: big-endian {@code FAT_MAGIC} or {@code FAT_MAGIC_64} with a
     * small architecture count ({@code 0xCAFEBABE} is also a Java class file, whose next word is a
     * version in the tens of thousands).
     */
    MACHO_UNIVERSAL,
    /** LLVM bitcode, raw ({@code BC 0xC0DE}) or in its wrapper ({@code 0x0B17C0DE}). */
    BITCODE,
    /** A COFF object: its first field is a machine linkers know (x86-64, ARM64, ARM64EC, ARM64X, i386, ARMNT). */
    COFF,
    /** A COFF short import or anonymous object ({@code Sig1} 0, {@code Sig2} 0xFFFF). */
    COFF_IMPORT,
    /** A WebAssembly object ({@code \0asm}): an object file no reader here decodes. */
    WASM,
    /** Anything else. */
    OTHER;

    /** How many leading bytes {@link #of(byte[], int)} looks at. */
    public static final int PREFIX = 8;

    private static final long MH_MAGIC = 0xfeedfaceL;
    private static final long MH_MAGIC_64 = 0xfeedfacfL;
    private static final long FAT_MAGIC = 0xcafebabeL;
    private static final long FAT_MAGIC_64 = 0xcafebabfL;
    private static final long BITCODE_WRAPPER = 0x0B17C0DEL;
    /** More architectures than any universal file holds: above it 0xCAFEBABE is a Java class file. */
    private static final long MAX_FAT_ARCHS = 45;
    private static final int IMAGE_FILE_MACHINE_I386 = 0x014c;
    private static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;
    private static final int IMAGE_FILE_MACHINE_ARM64 = 0xaa64;
    private static final int IMAGE_FILE_MACHINE_ARM64EC = 0xa641;
    private static final int IMAGE_FILE_MACHINE_ARM64X = 0xa64e;
    private static final int IMAGE_FILE_MACHINE_ARMNT = 0x01c4;

    /** The kind of {@code bytes}. */
    public static FileMagic of(ByteView bytes) {
        return at(bytes, 0, bytes.size());
    }

    /** The kind of the {@code size} bytes at {@code offset} of {@code bytes} (an archive member's data), without slicing them. */
    public static FileMagic at(ByteView bytes, long offset, long size) {
        int n = (int) Math.min(PREFIX, size);
        byte[] head = new byte[n];
        for (int i = 0; i < n; i++) {
            head[i] = (byte) bytes.u8(offset + i);
        }
        return of(head, n);
    }

    /** The kind of a file from its first {@code length} bytes in {@code head}. */
    public static FileMagic of(byte[] head, int length) {
        if (length >= 7 && startsWith(head, "!<arch>") || length >= 7 && startsWith(head, "!<thin>")) {
            return ARCHIVE;
        }
        if (length < 4) {
            return OTHER;
        }
        int b0 = head[0] & 0xff, b1 = head[1] & 0xff, b2 = head[2] & 0xff, b3 = head[3] & 0xff;
        if (b0 == 0x7f && b1 == 'E' && b2 == 'L' && b3 == 'F') {
            return ELF;
        }
        long le = (long) b3 << 24 | b2 << 16 | b1 << 8 | b0;
        long be = (long) b0 << 24 | b1 << 16 | b2 << 8 | b3;
        if (le == MH_MAGIC || le == MH_MAGIC_64 || be == MH_MAGIC || be == MH_MAGIC_64) {
            return MACHO;
        }
        if (be == FAT_MAGIC || be == FAT_MAGIC_64) {
            if (length < 8) {
                return OTHER;
            }
            long nfat = (long) (head[4] & 0xff) << 24 | (head[5] & 0xff) << 16 | (head[6] & 0xff) << 8 | (head[7] & 0xff);
            return nfat < MAX_FAT_ARCHS ? MACHO_UNIVERSAL : OTHER;
        }
        if (b0 == 'B' && b1 == 'C' && b2 == 0xC0 && b3 == 0xDE || le == BITCODE_WRAPPER) {
            return BITCODE;
        }
        int machine = b1 << 8 | b0;
        if (machine == IMAGE_FILE_MACHINE_AMD64 || machine == IMAGE_FILE_MACHINE_ARM64 || machine == IMAGE_FILE_MACHINE_I386
                || machine == IMAGE_FILE_MACHINE_ARM64EC || machine == IMAGE_FILE_MACHINE_ARM64X || machine == IMAGE_FILE_MACHINE_ARMNT) {
            return COFF;
        }
        if (machine == 0 && (b3 << 8 | b2) == 0xffff) {
            return COFF_IMPORT;
        }
        if (b0 == 0 && b1 == 'a' && b2 == 's' && b3 == 'm') {
            return WASM;
        }
        return OTHER;
    }

    /** The kind of the file at {@code path}, reading only its first bytes. */
    public static FileMagic of(Path path) throws IOException {
        byte[] head = new byte[PREFIX];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return of(head, n);
    }

    /** Mach-O, thin or universal. */
    public boolean isMachO() {
        return this == MACHO || this == MACHO_UNIVERSAL;
    }

    private static boolean startsWith(byte[] head, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (head[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
