package org.linkdedup.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.NameBudget;

/**
 * Encodes and decodes the symbol index members: GNU {@code /} and {@code /SYM64/} (big-endian counts
 * and member header offsets, then NUL-terminated names), BSD {@code __.SYMDEF} and Darwin
 * {@code __.SYMDEF_64} (ranlib structs of string offset and header offset, then a string table;
 * little-endian as LLVM and cctools write them on every current target, big-endian accepted when
 * that is the only reading that fits) and COFF's two linker members: the first laid out as GNU's
 * {@code /} (the names member by member), the second little-endian (every member's offset, then
 * 1-based 16-bit member indexes and the names sorted by byte value). Every offset must name a member
 * header.
 */
final class IndexCodec {
    private IndexCodec() {
    }

    /**
     * The size of the index member that {@link #encode} makes for {@code entries}: GNU's padded to 2
     * bytes ({@code /SYM64/}'s to 8), a BSD string table padded to the word size.
     */
    static long size(IndexKind kind, List<SymbolIndex.Entry> entries) {
        boolean is64 = kind == IndexKind.GNU64 || kind == IndexKind.BSD64;
        int w = is64 ? 8 : 4;
        long count = entries.size();
        long strings = stringBytes(entries);
        return switch (kind) {
            case GNU, GNU64 -> align(w + count * w + strings, is64 ? 8 : 2);
            case BSD, BSD64 -> w + count * 2 * w + w + align(strings, w);
            default -> throw new IllegalArgumentException("no " + kind + " index is written");
        };
    }

    /**
     * The index member holding {@code index}, which names members by position: {@code headerOffsets}
     * gives each member's header offset. Names are written one byte per char, in index order; the
     * padding is NUL bytes.
     */
    static byte[] encode(SymbolIndex index, long[] headerOffsets) {
        IndexKind kind = index.kind();
        boolean is64 = kind == IndexKind.GNU64 || kind == IndexKind.BSD64;
        boolean bsd = kind == IndexKind.BSD || kind == IndexKind.BSD64;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size(kind, index.entries())))
                .order(bsd ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int w = is64 ? 8 : 4;
        if (bsd) {
            putWord(out, index.entries().size() * 2L * w, is64);
            long strx = 0;
            for (SymbolIndex.Entry e : index.entries()) {
                putWord(out, strx, is64);
                putWord(out, headerOffsets[e.member()], is64);
                strx += e.symbol().length() + 1;
            }
            putWord(out, align(strx, w), is64);
        } else {
            putWord(out, index.entries().size(), is64);
            for (SymbolIndex.Entry e : index.entries()) {
                putWord(out, headerOffsets[e.member()], is64);
            }
        }
        for (SymbolIndex.Entry e : index.entries()) {
            out.put(e.symbol().getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
        }
        return out.array();   // the rest is the padding, zero from allocation
    }

    /** The size of COFF's first linker member for {@code index} (its listing, as GNU's {@code /}). */
    static long coffFirstSize(SymbolIndex index) {
        return size(IndexKind.GNU, index.listing());
    }

    /** The size of COFF's second linker member for {@code index} in an archive of {@code members} members. */
    static long coffSecondSize(SymbolIndex index, int members) {
        return align(4 + 4L * members + 4 + 2L * index.entries().size() + stringBytes(index.entries()), 2);
    }

    /**
     * COFF's first linker member: {@code index}'s listing laid out as GNU's {@code /} (big-endian
     * count and header offsets, NUL-terminated names, NUL padding to 2).
     */
    static byte[] encodeCoffFirst(SymbolIndex index, long[] headerOffsets) {
        return encode(new SymbolIndex(IndexKind.GNU, index.listing()), headerOffsets);
    }

    /**
     * COFF's second linker member: little-endian member count and every member's header offset,
     * symbol count, a 1-based 16-bit member index per entry, the names, in {@code index}'s entry
     * order (sorted by the caller), NUL padding to 2.
     * @throws IllegalArgumentException when an entry names a member past what 16 bits hold
     */
    static byte[] encodeCoffSecond(SymbolIndex index, long[] headerOffsets) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(coffSecondSize(index, headerOffsets.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(headerOffsets.length);
        for (long off : headerOffsets) {
            putWord(out, off, false);
        }
        out.putInt(index.entries().size());
        for (SymbolIndex.Entry e : index.entries()) {
            if (e.member() + 1 > MAX_COFF_MEMBER) {
                throw new IllegalArgumentException("a COFF linker member cannot name member " + (e.member() + 1));
            }
            out.putShort((short) (e.member() + 1));
        }
        for (SymbolIndex.Entry e : index.entries()) {
            out.put(e.symbol().getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
        }
        return out.array();
    }

    /** The highest 1-based member index a COFF second linker member holds. */
    static final int MAX_COFF_MEMBER = 0xffff;

    private static long stringBytes(List<SymbolIndex.Entry> entries) {
        long bytes = 0;
        for (SymbolIndex.Entry e : entries) {
            bytes += e.symbol().length() + 1;
        }
        return bytes;
    }

    private static void putWord(ByteBuffer b, long v, boolean is64) {
        if (is64) {
            b.putLong(v);
        } else if (v >>> 32 == 0) {
            b.putInt((int) v);
        } else {
            throw new IllegalArgumentException("a 32-bit index cannot hold " + v);
        }
    }

    private static long align(long x, int a) {
        return (x + a - 1) / a * a;
    }

    static SymbolIndex decodeGnu(ByteView data, boolean is64, Map<Long, Integer> memberAt) {
        ByteView in = data.order(ByteOrder.BIG_ENDIAN);
        int w = is64 ? 8 : 4;
        long count = in.word(0, is64);
        if (count < 0 || count > (in.size() - w) / w) {
            throw in.error(0, "symbol index claims " + Long.toUnsignedString(count) + " entries but holds at most " + (in.size() - w) / w);
        }
        long strings = w + count * w;
        List<SymbolIndex.Entry> entries = new ArrayList<>((int) count);
        if (in.size() <= HEAP_DECODE_MAX) {
            decodeGnuCopy(in, is64, count, memberAt, entries);
        } else {
            long s = strings;
            for (long i = 0; i < count; i++) {
                long off = in.word(w + i * w, is64);
                String name = in.cstring(s, in.size(), "symbol index name " + i);
                s += name.length() + 1;
                entries.add(new SymbolIndex.Entry(name, member(in, w + i * w, off, memberAt, i, name)));
            }
        }
        return new SymbolIndex(is64 ? IndexKind.GNU64 : IndexKind.GNU, entries);
    }

    /** The largest index decoded from one copy of its bytes rather than read field by field. */
    private static final long HEAP_DECODE_MAX = 1 << 28;

    /**
     * {@link #decodeGnu}'s loop over one bulk copy of the index (one mapped read, not two per entry):
     * the same entries, and a name or offset it cannot take read again from {@code in}, which throws
     * what the field-by-field loop throws.
     */
    private static void decodeGnuCopy(ByteView in, boolean is64, long count, Map<Long, Integer> memberAt,
            List<SymbolIndex.Entry> entries) {
        int w = is64 ? 8 : 4;
        byte[] b = in.bytes(0, (int) in.size());
        ByteBuffer words = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        int s = (int) (w + count * w);
        long lastOff = -1;
        int lastMember = -1;
        for (int i = 0; i < count; i++) {
            int at = w + i * w;
            long off = is64 ? words.getLong(at) : Integer.toUnsignedLong(words.getInt(at));
            int end = s;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            if (end >= b.length) {   // outside the table or not NUL-terminated: as the field-by-field read says it
                in.cstring(s, in.size(), "symbol index name " + i);
                throw new IllegalStateException("symbol index name " + i + " read from a copy that differs");
            }
            String name = new String(b, s, end - s, StandardCharsets.ISO_8859_1);
            s = end + 1;
            int m;
            if (off == lastOff) {
                m = lastMember;
            } else {
                m = member(in, at, off, memberAt, i, name);
                lastOff = off;
                lastMember = m;
            }
            entries.add(new SymbolIndex.Entry(name, m));
        }
    }

    static SymbolIndex decodeBsd(ByteView data, boolean is64, Map<Long, Integer> memberAt) {
        ByteView in = data.order(ByteOrder.LITTLE_ENDIAN);
        if (!fitsBsd(in, is64)) {
            ByteView be = data.order(ByteOrder.BIG_ENDIAN);
            in = fitsBsd(be, is64) ? be : in;
        }
        int w = is64 ? 8 : 4;
        long ranlibBytes = in.word(0, is64);
        if (ranlibBytes < 0 || ranlibBytes % (2L * w) != 0 || ranlibBytes > in.size() - 2L * w) {
            throw in.error(0, "__.SYMDEF ranlib size " + Long.toUnsignedString(ranlibBytes) + " does not fit the index (" + in.size() + " bytes)");
        }
        long strOff = w + ranlibBytes + w;
        long strSize = in.word(w + ranlibBytes, is64);
        if (strSize < 0 || strSize > in.size() - strOff) {
            throw in.error(w + ranlibBytes, "__.SYMDEF string table size " + Long.toUnsignedString(strSize)
                    + " runs past the index (" + (in.size() - strOff) + " bytes left)");
        }
        long count = ranlibBytes / (2L * w);
        List<SymbolIndex.Entry> entries = new ArrayList<>((int) count);
        NameBudget budget = new NameBudget(in);   // entries may all name the same string
        for (long i = 0; i < count; i++) {
            long at = w + i * 2 * w;
            long strx = in.word(at, is64);
            long off = in.word(at + w, is64);
            if (strx < 0 || strx >= strSize) {
                throw in.error(at, "__.SYMDEF entry " + i + " names string " + strx + " outside the string table (" + strSize + " bytes)");
            }
            String name = in.cstring(strOff + strx, strOff + strSize, "symbol index name " + i);
            budget.charge(name.length(), at);
            entries.add(new SymbolIndex.Entry(name, member(in, at + w, off, memberAt, i, name)));
        }
        return new SymbolIndex(is64 ? IndexKind.BSD64 : IndexKind.BSD, entries);
    }

    private static boolean fitsBsd(ByteView in, boolean is64) {
        int w = is64 ? 8 : 4;
        if (in.size() < 2L * w) {
            return false;
        }
        long ranlibBytes = in.word(0, is64);
        if (ranlibBytes < 0 || ranlibBytes % (2L * w) != 0 || ranlibBytes > in.size() - 2L * w) {
            return false;
        }
        long strSize = in.word(w + ranlibBytes, is64);
        return strSize >= 0 && strSize <= in.size() - (2L * w + ranlibBytes);
    }

    /**
     * COFF's index: the entries of the second linker member (what a linker searches), listed in the
     * order of the first when that one decodes to the same entries. Linkers read only the second, so
     * a first linker member that does not decode or disagrees does not make the archive unusable: the
     * listing is then the second's entries grouped by member.
     */
    static SymbolIndex decodeCoff(ByteView first, ByteView second, Map<Long, Integer> memberAt) {
        List<SymbolIndex.Entry> entries = decodeCoffSecond(second, memberAt);
        List<SymbolIndex.Entry> listing;
        try {
            listing = decodeGnu(first, false, memberAt).entries();
        } catch (InputFormatException e) {
            listing = null;
        }
        if (listing == null || !sameEntries(listing, entries)) {
            listing = new ArrayList<>(entries);
            listing.sort(Comparator.comparingInt(SymbolIndex.Entry::member));
        }
        return new SymbolIndex(IndexKind.COFF, entries, listing);
    }

    private static boolean sameEntries(List<SymbolIndex.Entry> a, List<SymbolIndex.Entry> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Map<SymbolIndex.Entry, Integer> count = new HashMap<>();
        for (SymbolIndex.Entry e : a) {
            count.merge(e, 1, Integer::sum);
        }
        for (SymbolIndex.Entry e : b) {
            if (count.merge(e, -1, Integer::sum) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The COFF second linker member: member offsets, then 1-based member indexes per sorted symbol. */
    private static List<SymbolIndex.Entry> decodeCoffSecond(ByteView data, Map<Long, Integer> memberAt) {
        ByteView in = data.order(ByteOrder.LITTLE_ENDIAN);
        long m = in.u32(0);
        if (m > Math.max(0, (in.size() - 8) / 4)) {
            throw in.error(0, "second linker member claims " + m + " members but holds at most " + Math.max(0, (in.size() - 8) / 4));
        }
        long nAt = 4 + m * 4;
        long n = in.u32(nAt);
        if (n > (in.size() - nAt - 4) / 2) {
            throw in.error(nAt, "second linker member claims " + n + " symbols but holds at most " + (in.size() - nAt - 4) / 2);
        }
        long strings = nAt + 4 + n * 2;
        List<SymbolIndex.Entry> entries = new ArrayList<>((int) n);
        long s = strings;
        for (long i = 0; i < n; i++) {
            int idx = in.u16(nAt + 4 + i * 2);
            if (idx < 1 || idx > m) {
                throw in.error(nAt + 4 + i * 2, "second linker member index " + idx + " is not a member (1.." + m + ")");
            }
            long off = in.u32(4 + (idx - 1) * 4L);
            String name = in.cstring(s, in.size(), "symbol index name " + i);
            s += name.length() + 1;
            entries.add(new SymbolIndex.Entry(name, member(in, 4 + (idx - 1) * 4L, off, memberAt, i, name)));
        }
        return entries;
    }

    private static int member(ByteView in, long at, long headerOffset, Map<Long, Integer> memberAt, long entry, String name) {
        Integer m = memberAt.get(headerOffset);
        if (m == null) {
            throw in.error(at, "symbol index entry " + entry + " (" + InputFormatException.excerpt(name) + ") points to offset "
                    + Long.toUnsignedString(headerOffset) + ", which is not a member header");
        }
        return m;
    }
}
