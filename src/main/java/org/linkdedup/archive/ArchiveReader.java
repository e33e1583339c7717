package org.linkdedup.archive;

import static org.linkdedup.archive.ArFormat.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.linkdedup.io.ByteView;

/**
 * Opens ar archives and validates their container before anyone uses them.
 *
 * <p>The member headers are walked here, not with Commons Compress: its {@code ArArchiveInputStream}
 * skips a member by reading every byte of its data (through commons-io's {@code IOUtils.skip}), and
 * linkdedup reads headers and symbol tables only (a perry link is hundreds of megabytes of code it
 * never needs). It does not read thin archives or decode indexes either. Commons Compress does serve
 * where it does its job: {@link ArchiveWriter} re-reads every archive it writes with it, an
 * independent parser, before renaming the file into place.
 *
 * <p>The walk resolves GNU {@code /123} long names through the {@code //} table and BSD {@code #1/NN}
 * names stored before the data (stripping their NUL padding), checks every header (terminator, size
 * field, data inside the file), picks out the index members ({@code /}, {@code /SYM64/},
 * {@code __.SYMDEF[_64][ SORTED]}, COFF linker members), decides the flavor and prepares the index
 * decoding ({@link IndexCodec}), done on first use.
 *
 * <p>Decision tree for the flavor, on the raw names: two {@code /} members first: COFF; {@code /},
 * {@code /SYM64/}, {@code //} or names ending in {@code /}: GNU; {@code __.SYMDEF*} or {@code #1/}
 * names: BSD, or DARWIN when the index is {@code __.SYMDEF_64}, a member is a Mach-O file or every
 * member is 8-byte aligned; no special member and plain names: BSD.
 */
public final class ArchiveReader {
    private ArchiveReader() {
    }

    /** Whether {@code bytes} starts with an ar magic (regular or thin). */
    public static boolean isArchive(ByteView bytes) {
        return bytes.startsWith(0, MAGIC) || bytes.startsWith(0, THIN_MAGIC);
    }

    public static Archive open(Path path) throws IOException {
        return read(path, ByteView.map(path));
    }

    public static Archive read(Path path, ByteView bytes) {
        if (bytes.startsWith(0, THIN_MAGIC)) {
            return readThin(path, bytes);
        }
        if (!bytes.startsWith(0, MAGIC)) {
            throw bytes.error(0, bytes.size() < MAGIC_SIZE ? "truncated archive: no ar magic" : "bad magic: not an ar archive");
        }
        return readRegular(path, bytes);
    }

    /** A header as found in the file, before flavor-specific interpretation. */
    private record Raw(String rawName, String name, long headerOffset, long dataOffset, long size,
            String mtime, String uid, String gid, String mode) {
    }

    private static Archive readRegular(Path path, ByteView in) {
        return assemble(path, in, walk(in, false), false);
    }

    private static Archive readThin(Path path, ByteView in) {
        List<Raw> raws = walk(in, true);
        Path dir = path.toAbsolutePath().getParent();
        Archive a = assemble(path, in, raws, true);
        List<ArchiveMember> resolved = new ArrayList<>(a.members().size());
        for (ArchiveMember m : a.members()) {
            Path p = Path.of(m.name());
            Path ext = (p.isAbsolute() || dir == null ? p : dir.resolve(p)).normalize();
            resolved.add(new ArchiveMember(m.position(), m.name(), m.headerOffset(), m.dataOffset(), m.size(),
                    m.mtime(), m.uid(), m.gid(), m.mode(), ext));
        }
        return new Archive(path, in, a.flavor(), true, resolved, a::index);
    }

    /**
     * Walks the member headers, reading only headers, the {@code //} table and {@code #1/NN} names:
     * member data is never touched (Commons Compress's stream walk reads every data byte to skip it).
     * A thin archive's regular members have no data here: their header is followed by the next header.
     */
    private static List<Raw> walk(ByteView in, boolean thin) {
        List<Raw> raws = new ArrayList<>();
        ByteView longNames = null;
        long next = MAGIC_SIZE;
        while (next < in.size()) {
            if (next + HEADER_SIZE > in.size()) {
                throw in.error(next, "truncated archive: member header needs " + HEADER_SIZE + " bytes, " + (in.size() - next) + " left");
            }
            checkHeader(in, next);
            String raw = rawName(in, next);
            long size = sizeField(in, next);
            long dataOffset = next + HEADER_SIZE;
            if (raw.equals("//")) {
                longNames = in.slice(dataOffset, checkedEnd(in, next, HEADER_SIZE, size) - dataOffset);
                next = align2(dataOffset + size);
                continue;
            }
            String date = field(in, next + DATE, DATE_LEN);
            if (raw.equals("/") || raw.equals("/SYM64/")) {
                checkedEnd(in, next, HEADER_SIZE, size);
                raws.add(new Raw(raw, raw, next, dataOffset, size, date, "", "", ""));
                next = align2(dataOffset + size);
                continue;
            }
            String name;
            long nameLen = 0;
            if (raw.length() > 1 && raw.charAt(0) == '/' && Character.isDigit(raw.charAt(1))) {
                name = longName(in, next, raw, longNames);
            } else if (raw.startsWith(BSD_NAME_PREFIX) && !thin) {
                nameLen = parseDecimal(in, next + NAME + 3, NAME_LEN - 3, "#1/ name length");
                if (nameLen > size) {
                    throw in.error(next + NAME, "#1/ name of " + nameLen + " bytes is longer than the member (" + size + " bytes)");
                }
                checkedEnd(in, next, HEADER_SIZE, nameLen);
                name = stripNuls(in.string(dataOffset, (int) nameLen));
            } else {
                name = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
            }
            raws.add(new Raw(raw, name, next, dataOffset + nameLen, size - nameLen, date, field(in, next + UID, UID_LEN),
                    field(in, next + GID, GID_LEN), field(in, next + MODE, MODE_LEN)));
            next = thin ? dataOffset : align2(checkedEnd(in, next, HEADER_SIZE, size));
        }
        return raws;
    }

    /** A {@code /N} name: the {@code //} table entry at N, up to its newline (or NUL), without the trailing {@code /}. */
    private static String longName(ByteView in, long header, String raw, ByteView longNames) {
        long off = parseDecimal(in, header + 1, NAME_LEN - 1, "long name offset");
        if (longNames == null) {
            throw in.error(header, "long name reference " + raw + " but the archive has no // table");
        }
        if (off >= longNames.size()) {
            throw in.error(header, "long name offset " + off + " is outside the // table (" + longNames.size() + " bytes)");
        }
        // GNU ends a long name with "/\n", Microsoft's .lib with a NUL.
        long nl = longNames.indexOf((byte) '\n', off, longNames.size());
        long nul = longNames.indexOf((byte) 0, off, nl < 0 ? longNames.size() : nl);
        long end = nul >= 0 ? nul : nl;
        if (end < 0) {
            throw longNames.error(off, "long name at offset " + off + " is not terminated");
        }
        String name = longNames.string(off, (int) (end - off));
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    /** Sorts raw headers into index members and regular members, decides the flavor, decodes the index. */
    private static Archive assemble(Path path, ByteView in, List<Raw> raws, boolean thin) {
        Raw gnuIndex = null, gnu64Index = null, bsdIndex = null, coffSecond = null;
        boolean bsdNames = false, gnuNames = false, bsd64 = false;
        List<ArchiveMember> members = new ArrayList<>(raws.size());
        Map<Long, Integer> memberAt = new HashMap<>(raws.size() * 2);
        for (int i = 0; i < raws.size(); i++) {
            Raw r = raws.get(i);
            boolean first = i == 0;
            if (r.rawName().equals("/")) {
                if (gnuIndex == null && (first || i == 1 && gnu64Index != null)) {
                    gnuIndex = r;
                } else if (coffSecond == null && i == 1 && gnuIndex != null) {
                    coffSecond = r;
                } else {
                    throw in.error(r.headerOffset(), "unexpected symbol index member \"/\" at member " + i);
                }
                continue;
            }
            if (r.rawName().equals("/SYM64/")) {
                if (!first && !(i == 1 && gnuIndex != null)) {
                    throw in.error(r.headerOffset(), "unexpected /SYM64/ index at member " + i);
                }
                gnu64Index = r;
                continue;
            }
            if (first && isBsdIndexName(r.name())) {
                bsdIndex = r;
                bsd64 = r.name().startsWith("__.SYMDEF_64");
                bsdNames |= r.rawName().startsWith(BSD_NAME_PREFIX) || !r.rawName().endsWith("/");
                continue;
            }
            if (r.rawName().startsWith(BSD_NAME_PREFIX)) {
                bsdNames = true;
            } else if (r.rawName().endsWith("/") || r.rawName().startsWith("/")) {
                gnuNames = true;
            }
            memberAt.put(r.headerOffset(), members.size());
            members.add(new ArchiveMember(members.size(), r.name(), r.headerOffset(), r.dataOffset(), r.size(),
                    r.mtime(), r.uid(), r.gid(), r.mode(), null));
        }
        ArchiveFlavor flavor;
        if (coffSecond != null) {
            flavor = ArchiveFlavor.COFF;
        } else if (gnuIndex != null || gnu64Index != null || gnuNames) {
            flavor = ArchiveFlavor.GNU;
        } else if (bsd64 || (!thin && (hasMachO(in, members) || darwinAligned(members)))) {
            flavor = ArchiveFlavor.DARWIN;
        } else {
            flavor = ArchiveFlavor.BSD;
        }
        if (bsdNames && flavor == ArchiveFlavor.GNU) {
            Raw r = raws.stream().filter(x -> x.rawName().startsWith(BSD_NAME_PREFIX)).findFirst().orElseThrow();
            throw in.error(r.headerOffset(), "BSD #1/ name in a GNU-style archive");
        }
        Supplier<SymbolIndex> index = SymbolIndex::none;
        if (coffSecond != null) {
            Raw r = coffSecond;
            index = () -> IndexCodec.decodeCoffSecond(indexData(in, r), memberAt);
        } else if (gnu64Index != null) {
            Raw r = gnu64Index;
            index = () -> IndexCodec.decodeGnu(indexData(in, r), true, memberAt);
        } else if (gnuIndex != null) {
            Raw r = gnuIndex;
            index = () -> IndexCodec.decodeGnu(indexData(in, r), false, memberAt);
        } else if (bsdIndex != null) {
            Raw r = bsdIndex;
            boolean is64 = bsd64;
            index = () -> IndexCodec.decodeBsd(indexData(in, r), is64, memberAt);
        }
        return new Archive(path, in, flavor, thin, members, index);
    }

    private static ByteView indexData(ByteView in, Raw r) {
        return in.member(r.rawName().startsWith("/") ? r.rawName() : r.name(), r.dataOffset(), r.size());
    }

    /** Whether a member starts with a Mach-O magic (thin, either byte order, or universal). */
    private static boolean hasMachO(ByteView in, List<ArchiveMember> members) {
        for (ArchiveMember m : members) {
            if (m.size() >= 4) {
                long le = in.order(java.nio.ByteOrder.LITTLE_ENDIAN).u32(m.dataOffset());
                long be = Long.reverseBytes(le) >>> 32;
                if (le == 0xfeedfaceL || le == 0xfeedfacfL || be == 0xfeedfaceL || be == 0xfeedfacfL || be == 0xcafebabeL) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Apple's writer pads every member (name included) to 8 bytes; a plain BSD writer pads to 2. */
    private static boolean darwinAligned(List<ArchiveMember> members) {
        if (members.isEmpty()) {
            return false;
        }
        for (ArchiveMember m : members) {
            if ((m.headerOffset() & 7) != 0 || (m.dataOffset() + m.size()) % 8 != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBsdIndexName(String name) {
        return name.equals("__.SYMDEF") || name.equals("__.SYMDEF SORTED")
                || name.equals("__.SYMDEF_64") || name.equals("__.SYMDEF_64 SORTED");
    }

    private static void checkHeader(ByteView in, long at) {
        if (!in.startsWith(at + FMAG, FMAG_BYTES)) {
            throw in.error(at + FMAG, "bad member header terminator (expected \"`\\n\")");
        }
    }

    /** The end offset of a member whose data of {@code size} starts {@code skip} bytes after its header; checked. */
    private static long checkedEnd(ByteView in, long header, long skip, long size) {
        long start = header + skip;
        if (size < 0 || start > in.size() || size > in.size() - start) {
            throw in.error(header + SIZE, "member size " + size + " runs past the end of the file ("
                    + Math.max(0, in.size() - start) + " bytes left)");
        }
        return start + size;
    }

    private static long sizeField(ByteView in, long header) {
        return parseDecimal(in, header + SIZE, SIZE_LEN, "member size");
    }

    private static long parseDecimal(ByteView in, long at, int len, String what) {
        String s = in.string(at, len).trim();
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            throw in.error(at, "bad " + what + " field \"" + s + "\"");
        }
        return Long.parseLong(s);
    }

    private static String rawName(ByteView in, long header) {
        return field(in, header + NAME, NAME_LEN);
    }

    private static String field(ByteView in, long at, int len) {
        String s = in.string(at, len);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String stripNuls(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '\0') {
            end--;
        }
        return name.substring(0, end);
    }

    private static long align2(long x) {
        return (x + 1) & ~1L;
    }
}
