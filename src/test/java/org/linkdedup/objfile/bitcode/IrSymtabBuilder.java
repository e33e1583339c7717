package org.linkdedup.objfile.bitcode;

import static org.linkdedup.objfile.bitcode.IrSymtab.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only writer of irsymtab storage version 3 blobs: header, modules, comdats, symbols,
 * uncommons and dependent libraries laid out one after the other as LLVM's builder does, and the
 * string table they point into. {@link #patch} overwrites any word afterwards for malformed cases.
 */
public final class IrSymtabBuilder {
    private final ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    private final List<int[]> modules = new ArrayList<>();     // {begin, end, uncBegin}
    private final List<int[]> comdats = new ArrayList<>();     // {nameOff, nameSize, selectionKind}
    private final List<int[]> symbols = new ArrayList<>();     // {name, irName, comdat, flags} as Str pairs
    private final List<int[]> uncommons = new ArrayList<>();   // {size, align, fallback Str, section Str}
    private final List<int[]> libraries = new ArrayList<>();
    private int version = STORAGE_VERSION;
    private String triple = "x86_64-pc-linux-gnu";

    /** The two blobs. */
    public record Blobs(byte[] symtab, byte[] strtab) {
    }

    public IrSymtabBuilder version(int v) {
        version = v;
        return this;
    }

    public IrSymtabBuilder triple(String t) {
        triple = t;
        return this;
    }

    /** Starts a module: the symbols added next belong to it. */
    public IrSymtabBuilder module() {
        modules.add(new int[] {symbols.size(), symbols.size(), uncommons.size()});
        return this;
    }

    public int comdat(String name) {
        int[] s = str(name);
        comdats.add(new int[] {s[0], s[1], 0});
        return comdats.size() - 1;
    }

    public IrSymtabBuilder symbol(String name, int flags) {
        return symbol(name, name, -1, flags);
    }

    public IrSymtabBuilder symbol(String name, String irName, int comdat, int flags) {
        int[] n = str(name);
        int[] ir = str(irName);
        symbols.add(new int[] {n[0], n[1], ir[0], ir[1], comdat, flags});
        modules.get(modules.size() - 1)[1] = symbols.size();
        return this;
    }

    /** Gives the last symbol an uncommon entry. */
    public IrSymtabBuilder uncommon(int commonSize, int commonAlign, String section) {
        int[] sym = symbols.get(symbols.size() - 1);
        sym[5] |= 1 << FB_HAS_UNCOMMON;
        int[] fallback = str("");
        int[] sec = str(section);
        uncommons.add(new int[] {commonSize, commonAlign, fallback[0], fallback[1], sec[0], sec[1]});
        return this;
    }

    public IrSymtabBuilder dependentLibrary(String name) {
        libraries.add(str(name));
        return this;
    }

    /** Byte offset of symbol {@code i} in the symbol table blob. */
    public int symbolOffset(int i) {
        return HEADER_SIZE + modules.size() * MODULE_SIZE + comdats.size() * COMDAT_SIZE + i * SYMBOL_SIZE;
    }

    /** Byte offset of module {@code i} in the symbol table blob. */
    public int moduleOffset(int i) {
        return HEADER_SIZE + i * MODULE_SIZE;
    }

    public Blobs build() {
        int[] producer = str("19.1.7");
        int[] tt = str(triple);
        int[] source = str("t.c");
        int[] opts = str("");
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + modules.size() * MODULE_SIZE + comdats.size() * COMDAT_SIZE
                + symbols.size() * SYMBOL_SIZE + uncommons.size() * UNCOMMON_SIZE + libraries.size() * STR_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(version).putInt(producer[0]).putInt(producer[1]);
        int at = HEADER_SIZE;
        at = range(b, at, modules.size(), MODULE_SIZE);
        at = range(b, at, comdats.size(), COMDAT_SIZE);
        at = range(b, at, symbols.size(), SYMBOL_SIZE);
        at = range(b, at, uncommons.size(), UNCOMMON_SIZE);
        b.putInt(tt[0]).putInt(tt[1]).putInt(source[0]).putInt(source[1]).putInt(opts[0]).putInt(opts[1]);
        range(b, at, libraries.size(), STR_SIZE);
        for (List<int[]> table : List.of(modules, comdats, symbols, uncommons, libraries)) {
            for (int[] entry : table) {
                for (int word : entry) {
                    b.putInt(word);
                }
            }
        }
        return new Blobs(b.array(), strtab.toByteArray());
    }

    /** Overwrites the little-endian word at {@code at}. */
    public static byte[] patch(byte[] blob, int at, long value) {
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
        return blob;
    }

    private static int range(ByteBuffer b, int at, int count, int size) {
        b.putInt(at).putInt(count);
        return at + count * size;
    }

    private int[] str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int offset = strtab.size();
        strtab.writeBytes(bytes);
        return new int[] {offset, bytes.length};
    }
}
