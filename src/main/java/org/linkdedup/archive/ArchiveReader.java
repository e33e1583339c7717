package org.linkdedup.archive;

import static org.linkdedup.archive.ArFormat.*;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.NameBudget;

/**
 * Opens ar archives and validates their container before anyone uses them.
 *
 * <p>The member headers are walked here, not with Commons Compress: its {@code ArArchiveInputStream}
 * skips a member by reading every byte of its data (through commons-io's {@code IOUtils.skip}), and
 * linkdedup reads headers and symbol tables only (a perry link is hundreds of megabytes of code it
 * never needs). It does not read thin archives or decode indexes either. Commons Compress does serve
 * where it does its job: {@link ArchiveVerifier} re-reads every archive the writer makes with it, an
 * independent parser, before renaming the file into place.
 *
 * <p>The walk resolves GNU {@code /123} long names through the {@code //} table and BSD {@code #1/NN}
 * names stored before the data (stripping their NUL padding), checks every header (terminator, size
 * field, data inside the file), picks out the index members ({@code /}, {@code /SYM64/},
 * {@code __.SYMDEF[_64][ SORTED]}, COFF linker members), decides the flavor and decodes the index
 * ({@link IndexCodec}; for COFF the second linker member, listed in the first's order when the two
 * agree).
 *
 * <p>Names are decoded ISO-8859-1 from the raw bytes and bounded in total ({@link NameBudget}:
 * members may all name one long name). Thin archives are always GNU.
 *
 * <p>Decision tree for the flavor, on the raw names: two {@code /} members first: COFF; {@code /},
 * {@code /SYM64/}, {@code //} or names ending in {@code /}: GNU; {@code __.SYMDEF*} or {@code #1/}
 * names: BSD, or DARWIN when the index is {@code __.SYMDEF_64}, a member is a Mach-O file or every
 * member is 8-byte aligned; no special member and plain names: BSD. A member name that is empty or
 * holds a NUL byte is malformed.
 */
public final class ArchiveReader {
    private ArchiveReader() {
    }

    /**
     * Whether {@code bytes} is meant to be an ar archive: it starts with {@code !<arch>} or
     * {@code !<thin>}, newline or not. A magic whose newline is missing or altered (a CRLF
     * conversion, a truncated copy) is a broken archive that {@link #read} rejects, not some other file.
     */
    public static boolean isArchive(ByteView bytes) {
        return FileMagic.of(bytes) == FileMagic.ARCHIVE;
    }

    public static Archive open(Path path) throws IOException {
        return read(path, ByteView.map(path));
    }

    public static Archive read(Path path, ByteView bytes) {
        if (bytes.startsWith(0, THIN_MAGIC)) {
            return readThin(path, bytes);
        }
        if (!bytes.startsWith(0, MAGIC)) {
            throw bytes.error(0, bytes.size() < MAGIC_SIZE ? "truncated archive: no ar magic"
                    : "bad magic \"" + bytes.string(0, MAGIC_SIZE) + "\": not an ar archive");
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
            Path p;
            try {
                p = Path.of(m.name());
            } catch (InvalidPathException e) {
                throw in.error(m.headerOffset(), "thin archive member name \"" + InputFormatException.excerpt(m.name()) + "\" is not a valid path: " + e.getReason());
            }
            Path ext = (p.isAbsolute() || dir == null ? p : dir.resolve(p)).normalize();
            resolved.add(new ArchiveMember(m.position(), m.name(), m.headerOffset(), m.dataOffset(), m.size(),
                    m.mtime(), m.uid(), m.gid(), m.mode(), ext));
        }
        return new Archive(path, in, a.flavor(), true, resolved, a.index());
    }

    /**
     * Walks the member headers, reading only headers, the {@code //} table and {@code #1/NN} names:
     * member data is never touched (Commons Compress's stream walk reads every data byte to skip it).
     * A thin archive's regular members have no data here: their header is followed by the next header.
     */
    private static List<Raw> walk(ByteView in, boolean thin) {
        List<Raw> raws = new ArrayList<>();
        ByteView longNames = null;
        NameBudget budget = new NameBudget(in);   // members may all name the same long name
        long next = MAGIC_SIZE;
        // Each header is read as a copy through the file (ByteView.Direct), not through the mapping:
        // a header is 60 bytes on a page of its own, and a first touch of a mapped page costs several
        // times a positional read. The copy reports the file's offsets in errors.
        try (ByteView.Direct direct = in.direct()) {
            while (next < in.size()) {
                if (next + HEADER_SIZE > in.size()) {
                    throw in.error(next, "truncated archive: member header needs " + HEADER_SIZE + " bytes, " + (in.size() - next) + " left");
                }
                ByteView h = direct.copy(next, HEADER_SIZE);
                checkHeader(h, 0);
                String raw = rawName(h, 0);
                long size = sizeField(h, 0);
                long dataOffset = next + HEADER_SIZE;
                if (raw.equals("//")) {
                    longNames = in.slice(dataOffset, checkedEnd(in, next, HEADER_SIZE, size) - dataOffset);
                    next = align2(dataOffset + size);
                    continue;
                }
                String date = field(h, DATE, DATE_LEN);
                if (raw.equals("/") || raw.equals("/SYM64/")) {
                    checkedEnd(in, next, HEADER_SIZE, size);
                    raws.add(new Raw(raw, raw, next, dataOffset, size, date, "", "", ""));
                    next = align2(dataOffset + size);
                    continue;
                }
                long nameLen = !thin && raw.startsWith(BSD_NAME_PREFIX) ? parseDecimal(h, NAME + 3, NAME_LEN - 3, "#1/ name length") : 0;
                String name = memberName(in, h, next, size, longNames, budget, thin);
                raws.add(new Raw(raw, name, next, dataOffset + nameLen, size - nameLen, date, field(h, UID, UID_LEN),
                        field(h, GID, GID_LEN), field(h, MODE, MODE_LEN)));
                next = thin ? dataOffset : align2(checkedEnd(in, next, HEADER_SIZE, size));
            }
        }
        return raws;
    }

    /** Sorts raw headers into index members and regular members, decides the flavor, decodes the index. */
    private static Archive assemble(Path path, ByteView in, List<Raw> raws, boolean thin) {
        Raw gnuIndex = null, gnu64Index = null, bsdIndex = null, coffSecond = null;
        Raw bsdMarker = null;   // the first header only a BSD archive has: a #1/ name or a __.SYMDEF index
        boolean gnuNames = false, bsd64 = false;
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
            // As LLVM reads it: the raw name, or a #1/ name, is __.SYMDEF...; "__.SYMDEF/" is a GNU member.
            // Thin archives are GNU's: their index is "/".
            if (!thin && first && isBsdIndexName(r.name())
                    && (r.rawName().startsWith(BSD_NAME_PREFIX) || r.rawName().equals(r.name()))) {
                bsdIndex = r;
                bsdMarker = r;
                bsd64 = r.name().startsWith("__.SYMDEF_64");
                continue;
            }
            if (r.rawName().startsWith(BSD_NAME_PREFIX)) {
                bsdMarker = bsdMarker == null ? r : bsdMarker;
            } else if (r.rawName().endsWith("/") || r.rawName().startsWith("/")) {
                gnuNames = true;
            }
            if (r.name().isEmpty()) {
                throw in.error(r.headerOffset(), "member " + members.size() + " has an empty name");
            }
            if (r.name().indexOf('\0') >= 0) {   // no file system has such a name, and a BSD writer cannot keep a trailing one
                throw in.error(r.headerOffset(), "member " + members.size() + " name \"" + InputFormatException.excerpt(r.name())
                        + "\" holds a NUL byte");
            }
            memberAt.put(r.headerOffset(), members.size());
            members.add(new ArchiveMember(members.size(), r.name(), r.headerOffset(), r.dataOffset(), r.size(),
                    r.mtime(), r.uid(), r.gid(), r.mode(), null));
        }
        ArchiveFlavor flavor;
        if (coffSecond != null) {
            flavor = ArchiveFlavor.COFF;
        } else if (thin || gnuIndex != null || gnu64Index != null || gnuNames) {  // thin archives are GNU's
            flavor = ArchiveFlavor.GNU;
        } else if (bsd64 || (!thin && (hasMachO(in, members) || darwinAligned(members)))) {
            flavor = ArchiveFlavor.DARWIN;
        } else {
            flavor = ArchiveFlavor.BSD;
        }
        if (bsdMarker != null && flavor == ArchiveFlavor.GNU) {
            throw in.error(bsdMarker.headerOffset(), bsdMarker == bsdIndex
                    ? "BSD symbol index " + bsdIndex.name() + " in a GNU-style archive" : "BSD #1/ name in a GNU-style archive");
        }
        SymbolIndex index = SymbolIndex.none();
        if (coffSecond != null) {
            index = IndexCodec.decodeCoff(indexData(in, gnuIndex), indexData(in, coffSecond), memberAt);
        } else if (gnu64Index != null) {
            index = IndexCodec.decodeGnu(indexData(in, gnu64Index), true, memberAt);
        } else if (gnuIndex != null) {
            index = IndexCodec.decodeGnu(indexData(in, gnuIndex), false, memberAt);
        } else if (bsdIndex != null) {
            index = IndexCodec.decodeBsd(indexData(in, bsdIndex), bsd64, memberAt);
        }
        // Decoded and checked at open, like every header: a broken index is a broken archive whoever reads it.
        return new Archive(path, in, flavor, thin, members, index);
    }

    private static ByteView indexData(ByteView in, Raw r) {
        return in.member(r.rawName().startsWith("/") ? r.rawName() : r.name(), r.dataOffset(), r.size());
    }

    /** Whether a member starts with a Mach-O magic (thin, either byte order, or universal). */
    private static boolean hasMachO(ByteView in, List<ArchiveMember> members) {
        for (ArchiveMember m : members) {
            if (FileMagic.at(in, m.dataOffset(), m.size()).isMachO()) {
                return true;
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

    static boolean isBsdIndexName(String name) {
        return name.equals("__.SYMDEF") || name.equals("__.SYMDEF SORTED")
                || name.equals("__.SYMDEF_64") || name.equals("__.SYMDEF_64 SORTED");
    }

    /**
     * The name of the member whose header is at {@code header}, decoded ISO-8859-1 from the raw bytes
     * (Commons Compress decodes names as US-ASCII and turns every byte past 0x7F into U+FFFD), read
     * as GNU ar and LLVM read it, so that a name is never changed by a read and a write:
     * <ul>
     * <li>a field starting with {@code /} or {@code #} ends at its first space: {@code /123} is a name
     *     in the {@code //} table, up to a newline or NUL, without its {@code /} (what follows the
     *     number is ignored); a BSD {@code #1/N} name is the N bytes after the header, NUL padding
     *     removed; special members ({@code /}, {@code //}, {@code /SYM64/}) keep their field;</li>
     * <li>any other field is a GNU name up to its first {@code /}, leading blanks and control bytes
     *     kept ({@code " a.o/"} is {@code " a.o"}, {@code "1 2/"} is {@code "1 2"}), or, without a
     *     {@code /}, a BSD short name, its space padding removed.</li>
     * </ul>
     */
    private static String memberName(ByteView in, ByteView h, long header, long size, ByteView longNames, NameBudget budget,
            boolean thin) {
        String raw = h.string(NAME, NAME_LEN);
        char first = raw.charAt(0);
        if (first == '/' || first == '#') {
            int space = raw.indexOf(' ');
            String token = space < 0 ? raw : raw.substring(0, space);
            if (first == '/' && token.length() > 1 && allDigits(token, 1)) {
                return longName(in, header, parseDecimal(h, NAME + 1, token.length() - 1, "long name offset"),
                        token, longNames, budget);
            }
            if (!thin && token.startsWith(BSD_NAME_PREFIX)) {
                long n = parseDecimal(h, NAME + 3, NAME_LEN - 3, "#1/ name length");
                if (n > size) {
                    throw in.error(header + NAME, "#1/ name of " + n + " bytes is longer than the member (size field " + size + ")");
                }
                checkedEnd(in, header, HEADER_SIZE, n);
                return stripNuls(in.string(header + HEADER_SIZE, (int) n));
            }
            if (first == '/') {
                return token;
            }
            return token.endsWith("/") ? token.substring(0, token.length() - 1) : token;
        }
        int slash = raw.indexOf('/');
        return slash >= 0 ? raw.substring(0, slash) : field(h, NAME, NAME_LEN);
    }

    /** The name at {@code off} in the {@code //} table, for the header at {@code header} whose field says {@code ref}. */
    private static String longName(ByteView in, long header, long off, String ref, ByteView longNames, NameBudget budget) {
        if (longNames == null) {
            throw in.error(header, "long name reference " + ref + " but the archive has no // table");
        }
        if (off >= longNames.size()) {
            throw in.error(header, "long name offset " + off + " is outside the // table (" + longNames.size() + " bytes)");
        }
        long end = off;
        while (end < longNames.size() && longNames.u8(end) != '\n' && longNames.u8(end) != 0) {
            end++;
        }
        if (end == longNames.size()) {
            throw longNames.error(off, "long name at offset " + off + " of the // table is not terminated");
        }
        // GNU ends a name with "/\n"; COFF (llvm-lib, lib.exe) with a NUL alone, and a '/' before
        // that NUL belongs to the name, as LLVM's reader takes it (a member named "/" round-trips)
        long nameEnd = end > off && longNames.u8(end) == '\n' && longNames.u8(end - 1) == '/' ? end - 1 : end;
        if (nameEnd == off) {
            throw longNames.error(off, "long name at offset " + off + " of the // table is empty");
        }
        budget.charge(nameEnd - off, header);
        return longNames.string(off, (int) (nameEnd - off));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
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
        if (s.isEmpty() || s.length() > 18 || !allDigits(s, 0)) {
            throw in.error(at, "bad " + what + " field \"" + s + "\"");
        }
        return Long.parseLong(s);
    }

    /**
     * Whether every char of {@code s} from {@code from} on is an ASCII digit (a header's bytes are read
     * as ISO-8859-1, in which no other char is a digit). A loop, not a stream: it runs twice a member
     * header, while the walk of an archive's headers is still interpreted, where a stream pipeline
     * costs microseconds.
     */
    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
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
