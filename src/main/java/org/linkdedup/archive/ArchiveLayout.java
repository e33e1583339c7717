package org.linkdedup.archive;

import static org.linkdedup.archive.ArFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.InputFormatException;

/**
 * Everything of an archive the writer makes but the member data, computed by one function for
 * every kind ({@link #of}) before a byte is written. Immutable.
 *
 * <p>The archive is the magic, then the index member (when a member has index names or the source
 * had an index; in a BSD-like kind also when the first member is named like an index, which a
 * reader would take for it), then GNU's {@code //} table (when a name needs it), then the members.
 * Each of them is placed the same way: a 60-byte header, in a BSD-like kind the {@code #1/N} name
 * (NUL-padded so the data starts 8-byte aligned), the data, then newlines to the alignment: the
 * kind's for a member ({@link ArchiveKind#padding}), the container's 2 for the index and the table.
 * The index is 32-bit unless a member header then lies past 4 GiB: that is decided once, here, and
 * the whole layout is placed again with a 64-bit index.
 *
 * <p>A COFF {@code .lib} is laid out as {@code llvm-lib} (LLVM 19) writes it: the magic, the first
 * linker member {@code /} (big-endian, each member's names in the order given, header offsets
 * ascending), the second linker member {@code /} (little-endian, every member's offset, the names
 * sorted by byte value with 1-based 16-bit member indexes), both with zero date, uid, gid and mode
 * and NUL padding to 2 counted in their size; a name listed for several members is listed once, for
 * the first (a linker takes one definition from the index); then the {@code //} table, its names
 * ending in NUL and an odd table padded with a newline counted in its size, its header's date, uid,
 * gid and mode blank; then the members, as GNU's. It has no 64-bit form: a member header past 4 GiB,
 * or a member with index names past the 65535th, cannot be written.
 *
 * @param kind    the kind written, with the index width chosen
 * @param prefix  the bytes before the first member: magic, index, {@code //} table (read-only)
 * @param index   the index {@code prefix} holds, as a reader decodes it
 * @param members where each member goes, in order
 */
record ArchiveLayout(ArchiveKind kind, ByteBuffer prefix, SymbolIndex index, List<Placed> members) {

    /**
     * One member's place.
     *
     * @param entry        the member and the names the index gives it
     * @param header       its header and, in a BSD-like kind, its name after it (read-only)
     * @param headerOffset where the header starts in the archive
     * @param sizeRead     the data a reader reads: the member's bytes, and its padding when the
     *                     kind counts that in the member (Darwin)
     * @param pad          the newlines written after the member's bytes
     */
    record Placed(ArchiveWriter.Entry entry, ByteBuffer header, long headerOffset, long sizeRead, int pad) {
        Placed {
            header = header.asReadOnlyBuffer();
        }

        /** The header bytes, positioned at their start. */
        @Override
        public ByteBuffer header() {
            return header.duplicate();
        }
    }

    ArchiveLayout {
        prefix = prefix.asReadOnlyBuffer();
        members = List.copyOf(members);
    }

    /** The prefix bytes, positioned at their start. */
    @Override
    public ByteBuffer prefix() {
        return prefix.duplicate();
    }

    /** Header fields of the index and the {@code //} table (kept members keep their own). */
    private static final Fields INDEX_FIELDS = new Fields("0", "0", "0", "0");
    private static final Fields TABLE_FIELDS = new Fields("0", "0", "0", "644");
    /** The {@code //} table's header fields in a COFF archive, as llvm-lib writes them: blank. */
    private static final Fields COFF_TABLE_FIELDS = new Fields("", "", "", "");

    /** Offsets a 32-bit index holds. */
    private static final long MAX_32_BIT = 0xffffffffL;

    /** A header's date, uid, gid and mode fields, as written. */
    private record Fields(String date, String uid, String gid, String mode) {
        /**
         * A kept member's fields: its own when they are numbers; a field that is not (readers
         * tolerate it, but not every reader) is written as ar writes a fresh one.
         */
        static Fields of(ArchiveMember m) {
            return new Fields(digits(m.mtime(), 10) ? m.mtime() : "0", digits(m.uid(), 10) ? m.uid() : "0",
                    digits(m.gid(), 10) ? m.gid() : "0", digits(m.mode(), 8) ? m.mode() : "644");
        }
    }

    /**
     * A member to place: {@code name} is the GNU header field, or the name a {@code #1/N} header
     * carries; {@code size} is the size field without that name; {@code stored} the bytes after
     * the header and name (data and padding; none for a thin archive's member).
     */
    private record Part(String name, Fields fields, long size, long stored) {
    }

    /**
     * The layout of {@code entries} (members of {@code source}, in that order) written in the
     * source's kind to a file in {@code destDir} (thin member paths are written relative to it).
     * @throws IOException for a GNU or COFF name that no name table can hold, or a COFF archive
     *         that needs more than 32-bit offsets or 16-bit member indexes
     */
    static ArchiveLayout of(Archive source, List<ArchiveWriter.Entry> entries, Path destDir) throws IOException {
        ArchiveKind kind = ArchiveKind.of(source);
        Names names = Names.of(kind, source, entries, destDir);
        List<SymbolIndex.Entry> symbols = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            for (String s : entries.get(i).indexNames()) {
                if (!kind.coff() || listed.add(s)) {
                    symbols.add(new SymbolIndex.Entry(s, i));
                }
            }
        }
        boolean hasIndex = kind.coff() || !symbols.isEmpty() || source.index().isPresent() || kind.bsdLike() && !entries.isEmpty()
                && ArchiveReader.isBsdIndexName(entries.get(0).member().name());
        if (kind.coff() && !symbols.isEmpty() && symbols.get(symbols.size() - 1).member() >= IndexCodec.MAX_COFF_MEMBER) {
            throw new IOException(source.path() + ": member " + symbols.get(symbols.size() - 1).member()
                    + " has index names, but a COFF linker member names at most " + IndexCodec.MAX_COFF_MEMBER + " members");
        }
        Placement p = Placement.of(kind, names, entries, hasIndex, symbols);
        if (!kind.index64() && p.lastHeader() > MAX_32_BIT) {
            if (kind.coff()) {
                throw new IOException(source.path() + ": a member header would lie at " + p.lastHeader()
                        + ", past the 4 GiB a COFF archive's linker members can point to");
            }
            p = Placement.of(kind.with64BitIndex(), names, entries, hasIndex, symbols);
        }
        return build(p, names.table(), entries);
    }

    /** The COFF index of {@code listing} (the names in member order): its entries sorted by byte value. */
    private static SymbolIndex coffIndex(List<SymbolIndex.Entry> listing) {
        List<SymbolIndex.Entry> sorted = new ArrayList<>(listing);
        // One char per byte (ISO-8859-1): String order is byte order.
        sorted.sort(Comparator.comparing(SymbolIndex.Entry::symbol));
        return new SymbolIndex(IndexKind.COFF, sorted, listing);
    }

    /**
     * Where everything goes in {@code kind}: the parts in archive order (the index, the {@code //}
     * table, then the members from part {@code first} on), each part's header offset and, last in
     * {@code at}, the end of the archive.
     */
    private record Placement(ArchiveKind kind, SymbolIndex index, List<Part> parts, int first, long[] at) {
        static Placement of(ArchiveKind kind, Names names, List<ArchiveWriter.Entry> entries, boolean hasIndex,
                List<SymbolIndex.Entry> symbols) {
            List<Part> parts = new ArrayList<>(entries.size() + 3);
            SymbolIndex index = !hasIndex ? new SymbolIndex(IndexKind.NONE, symbols)
                    : kind.coff() ? coffIndex(symbols) : new SymbolIndex(kind.indexKind(), symbols);
            if (kind.coff()) {
                long first = IndexCodec.coffFirstSize(index);
                long second = IndexCodec.coffSecondSize(index, entries.size());
                parts.add(new Part("/", INDEX_FIELDS, first, first));
                parts.add(new Part("/", INDEX_FIELDS, second, second));
            } else if (hasIndex) {
                long size = IndexCodec.size(kind.indexKind(), symbols);
                parts.add(new Part(kind.indexKind().memberName(), INDEX_FIELDS, size, size + (size & 1)));
            }
            if (names.table().length > 0) {
                parts.add(new Part("//", kind.coff() ? COFF_TABLE_FIELDS : TABLE_FIELDS, names.table().length, names.table().length));
            }
            for (int i = 0; i < entries.size(); i++) {
                ArchiveMember m = entries.get(i).member();
                int pad = kind.padding(m.size());
                parts.add(new Part(names.fields().get(i), Fields.of(m),
                        m.size() + (kind.paddingInMember() ? pad : 0), kind.thin() ? 0 : m.size() + pad));
            }
            long[] at = new long[parts.size() + 1];
            at[0] = MAGIC_SIZE;
            for (int k = 0; k < parts.size(); k++) {
                at[k + 1] = at[k] + HEADER_SIZE + nameBytes(kind, parts.get(k).name(), at[k]).length + parts.get(k).stored();
            }
            return new Placement(kind, index, parts, parts.size() - entries.size(), at);
        }

        /** The header offset of the last member, 0 when there is none. */
        long lastHeader() {
            return first < parts.size() ? at[parts.size() - 1] : 0;
        }
    }

    /** The bytes of {@code p}: the prefix with the index and {@code table} in it, each member's header. */
    private static ArchiveLayout build(Placement p, byte[] table, List<ArchiveWriter.Entry> entries) {
        int first = p.first();
        long[] at = p.at();
        List<byte[]> special = new ArrayList<>(3);
        long[] headerOffsets = Arrays.copyOfRange(at, first, p.parts().size());
        if (p.kind().coff()) {
            special.add(IndexCodec.encodeCoffFirst(p.index(), headerOffsets));
            special.add(IndexCodec.encodeCoffSecond(p.index(), headerOffsets));
        } else if (p.index().isPresent()) {
            special.add(IndexCodec.encode(p.index(), headerOffsets));
        }
        if (table.length > 0) {
            special.add(table);
        }
        ByteBuffer prefix = ByteBuffer.allocate(Math.toIntExact(at[first])).put(p.kind().magic());
        for (int k = 0; k < first; k++) {
            prefix.put(header(p.kind(), p.parts().get(k), at[k])).put(special.get(k));
            while (prefix.position() < at[k + 1]) {
                prefix.put((byte) '\n');
            }
        }
        List<Placed> placed = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Part part = p.parts().get(first + i);
            byte[] header = header(p.kind(), part, at[first + i]);
            placed.add(new Placed(entries.get(i), ByteBuffer.wrap(header), at[first + i], part.size(),
                    p.kind().padding(entries.get(i).member().size())));
        }
        return new ArchiveLayout(p.kind(), prefix.flip(), p.index(), placed);
    }

    /** A part's header, and in a BSD-like kind its {@code #1/N} name after it. */
    private static byte[] header(ArchiveKind kind, Part p, long headerOffset) {
        byte[] name = nameBytes(kind, p.name(), headerOffset);
        String field = kind.bsdLike() ? BSD_NAME_PREFIX + name.length : p.name();
        Fields f = p.fields();
        StringBuilder sb = new StringBuilder(HEADER_SIZE + name.length);
        pad(sb, field, NAME_LEN);
        pad(sb, f.date(), DATE_LEN);
        pad(sb, f.uid(), UID_LEN);
        pad(sb, f.gid(), GID_LEN);
        pad(sb, f.mode(), MODE_LEN);
        pad(sb, Long.toString(name.length + p.size()), SIZE_LEN);
        sb.append("`\n").append(new String(name, StandardCharsets.ISO_8859_1));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The {@code #1/N} name stored after a header at {@code headerOffset} in a BSD-like kind: the
     * name and at least one NUL, padded with NULs so the data after it starts 8-byte aligned. GNU
     * stores none.
     */
    private static byte[] nameBytes(ArchiveKind kind, String name, long headerOffset) {
        if (!kind.bsdLike()) {
            return new byte[0];
        }
        long dataStart = headerOffset + HEADER_SIZE + name.length() + 1;
        byte[] out = new byte[(int) (align(dataStart, 8) - headerOffset - HEADER_SIZE)];
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(n, 0, out, 0, n.length);
        return out;
    }

    /** A non-empty run of digits of {@code radix} (8 or 10). */
    private static boolean digits(String s, int radix) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static void pad(StringBuilder sb, String s, int width) {
        if (s.length() > width) {
            throw new IllegalArgumentException("ar header field \"" + s + "\" is wider than " + width);
        }
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
    }

    private static long align(long x, int a) {
        return (x + a - 1) / a * a;
    }

    /**
     * The names members are written under. GNU: each header field ({@code name/}, or {@code /N} into
     * the {@code //} table for a thin archive's paths, relative to the destination, and for names a
     * header field cannot hold back), and the table, padded to even with a newline. COFF: the same,
     * each name in the table ending in NUL instead of {@code /\n}, as llvm-lib writes it. BSD-like:
     * each member's own name (stored after its header), no table.
     */
    private record Names(List<String> fields, byte[] table) {
        static Names of(ArchiveKind kind, Archive source, List<ArchiveWriter.Entry> entries, Path destDir) throws IOException {
            if (kind.bsdLike()) {
                return new Names(entries.stream().map(e -> e.member().name()).toList(), new byte[0]);
            }
            StringBuilder table = new StringBuilder();
            List<String> fields = new ArrayList<>(entries.size());
            for (ArchiveWriter.Entry e : entries) {
                String name = kind.thin() ? thinPath(e.member(), destDir) : e.member().name();
                if (kind.thin() || !fitsGnuHeader(name)) {
                    // A newline or NUL ends a name in the table. LLVM and lib.exe read a COFF table name up
                    // to its NUL, slash included; GNU tools and Commons Compress (the verifier's second
                    // reader) drop a last slash, or read nothing for "/": no archive says that name to all.
                    String why = name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0 ? "it needs the // table, where a newline or NUL ends a name"
                            : kind.coff() && name.endsWith("/") ? "in its // table a name ending in '/' reads back without it in GNU tools"
                            : null;
                    if (why != null) {
                        throw new IOException(source.path() + ": member " + e.member().position() + " name \""
                                + ByteStrings.printable(InputFormatException.excerpt(name), false)
                                + "\" cannot be written in a " + (kind.coff() ? "COFF" : "GNU") + " archive: " + why);
                    }
                    fields.add("/" + table.length());
                    table.append(name).append(kind.coff() ? "\0" : "/\n");
                } else {
                    fields.add(name + "/");
                }
            }
            if (table.length() % 2 != 0) {
                table.append('\n');
            }
            return new Names(fields, table.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        private static String thinPath(ArchiveMember m, Path destDir) {
            Path abs = m.external();
            String name = destDir == null ? abs.toString() : destDir.relativize(abs).toString();
            return name.isEmpty() ? "." : name;   // the destination's own directory: "" would be an empty name
        }
    }

    /**
     * Whether {@code name} reads back from a GNU header field as {@code name/}, for our reader, GNU
     * ar and LLVM alike: 1 to 15 bytes, no {@code /} (a name ends at the first one), not starting
     * with a blank or control byte (older readers trim the field), and when it starts with
     * {@code #} no space (such a field ends at a space) and not {@code #1/} once its {@code /} is
     * added (a BSD name). Every other name goes to the {@code //} table, which holds it exactly.
     */
    static boolean fitsGnuHeader(String name) {
        return !name.isEmpty() && name.length() <= 15 && name.indexOf('/') < 0 && name.charAt(0) > ' '
                && !(name.charAt(0) == '#' && (name.indexOf(' ') >= 0 || (name + "/").startsWith(BSD_NAME_PREFIX)));
    }
}
