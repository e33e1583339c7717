package org.linkdedup.objfile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small COFF objects byte by byte, regular or /bigobj, for the reader's edge cases. */
final class CoffBytes {
    private final boolean bigobj;
    private final List<byte[]> sections = new ArrayList<>();
    private final List<byte[]> records = new ArrayList<>();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();

    CoffBytes(boolean bigobj) {
        this.bigobj = bigobj;
    }

    int symSize() {
        return bigobj ? 20 : 18;
    }

    int headerSize() {
        return bigobj ? 56 : 20;
    }

    /** Adds a section; returns its 1-based number. */
    int section(String name, long characteristics) {
        ByteBuffer b = le(40);
        b.put(name8(name));
        b.putInt(36, (int) characteristics);
        sections.add(b.array());
        return sections.size();
    }

    /** Adds a symbol record (names over 8 bytes go to the string table); returns its index. */
    int symbol(String name, long value, int section, int type, int storageClass, int aux) {
        ByteBuffer b = le(symSize());
        if (name.length() > 8) {
            b.putInt(0, 0);
            b.putInt(4, 4 + strings.size());
            strings.writeBytes((name + "\0").getBytes(StandardCharsets.ISO_8859_1));
        } else {
            b.put(0, name8(name));
        }
        b.putInt(8, (int) value);
        if (bigobj) {
            b.putInt(12, section);
            b.putShort(16, (short) type);
            b.put(18, (byte) storageClass);
            b.put(19, (byte) aux);
        } else {
            b.putShort(12, (short) section);
            b.putShort(14, (short) type);
            b.put(16, (byte) storageClass);
            b.put(17, (byte) aux);
        }
        records.add(b.array());
        return records.size() - 1;
    }

    /** A section definition aux record with a COMDAT selection and an associated section number. */
    void sectionAux(int selection, int associated) {
        ByteBuffer b = le(symSize());
        b.putShort(12, (short) associated);
        b.put(14, (byte) selection);
        if (bigobj) {
            b.putShort(16, (short) (associated >>> 16));
        }
        records.add(b.array());
    }

    /** A weak external aux record. */
    void weakAux(int tagIndex, int characteristics) {
        ByteBuffer b = le(symSize());
        b.putInt(0, tagIndex);
        b.putInt(4, characteristics);
        records.add(b.array());
    }

    /** The section definition symbol of section {@code sec} and its aux record. */
    void sectionSymbol(String name, int sec, int selection, int associated) {
        symbol(name, 0, sec, 0, 3, 1);
        sectionAux(selection, associated);
    }

    /** Where the symbol table starts. */
    int symbolTableOffset() {
        return headerSize() + 40 * sections.size();
    }

    /** Where symbol record {@code i} is. */
    int symbolOffset(int i) {
        return symbolTableOffset() + i * symSize();
    }

    /** Where the string table starts. */
    int stringTableOffset() {
        return symbolOffset(records.size());
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = le(headerSize());
        if (bigobj) {
            h.putShort(0, (short) 0).putShort(2, (short) 0xffff).putShort(4, (short) 2).putShort(6, (short) 0x8664);
            h.put(12, new byte[] {(byte) 0xc7, (byte) 0xa1, (byte) 0xba, (byte) 0xd1, (byte) 0xee, (byte) 0xba, (byte) 0xa9,
                0x4b, (byte) 0xaf, 0x20, (byte) 0xfa, (byte) 0xf6, 0x6a, (byte) 0xa4, (byte) 0xdc, (byte) 0xb8});
            h.putInt(44, sections.size()).putInt(48, symbolTableOffset()).putInt(52, records.size());
        } else {
            h.putShort(0, (short) 0x8664).putShort(2, (short) sections.size()).putInt(8, symbolTableOffset())
                    .putInt(12, records.size());
        }
        out.writeBytes(h.array());
        sections.forEach(out::writeBytes);
        records.forEach(out::writeBytes);
        out.writeBytes(le(4).putInt(0, 4 + strings.size()).array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] name8(String name) {
        byte[] b = new byte[8];
        byte[] s = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(s, 0, b, 0, Math.min(8, s.length));
        return b;
    }
}
