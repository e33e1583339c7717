package org.linkdedup.objfile;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.io.NameBudget;
import org.linkdedup.objfile.bitcode.IrSymtab;
import org.linkdedup.objfile.bitcode.IrSymtabBuilder;

/**
 * Every symbol naming the same long string: K symbols over a table of L bytes decode K × L name
 * bytes. Past {@link NameBudget} the reader stops with an error instead of filling the heap
 * (80 MB of names from 88 KB here; 2 million such symbols would ask for terabytes).
 */
class NameBudgetTest {
    private static final int SYMBOLS = 2000;
    private static final int NAME = 40_000;
    /** The symbol whose name passes 64 MiB: the 1678th. */
    private static final int OVER = (int) (NameBudget.MINIMUM / NAME) + 1;

    private static String expected(String file, long at, long size) {
        return file + " at byte " + at + ": symbol names add up to more than " + NameBudget.MINIMUM + " bytes, from " + size
                + " bytes of input: symbols point into the same string table bytes over and over";
    }

    private static byte[] longName() {
        byte[] s = new byte[NAME + 2];
        Arrays.fill(s, 1, NAME + 1, (byte) 'a');
        return s;   // "\0" + name + "\0"
    }

    @Test
    void elfSymbolsAllNamingOneLongString() {
        int symtab = 64;
        int strtab = symtab + SYMBOLS * 24;
        byte[] strings = longName();
        int shoff = strtab + strings.length;
        ByteBuffer b = ByteBuffer.allocate(shoff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}).position(16);
        b.putShort((short) 1).putShort((short) 62).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64).putShort((short) 3).putShort((short) 0);
        for (int i = 1; i < SYMBOLS; i++) {   // symbol 0 stays the null symbol
            b.position(symtab + i * 24);
            b.putInt(1).put((byte) 0x12).put((byte) 0).putShort((short) 0xfff1);   // GLOBAL FUNC, SHN_ABS
        }
        b.position(strtab).put(strings);
        b.position(shoff + 64);
        b.putInt(0).putInt(2).putLong(0).putLong(0).putLong(symtab).putLong(SYMBOLS * 24L).putInt(2).putInt(1).putLong(8).putLong(24);
        b.putInt(0).putInt(3).putLong(0).putLong(0).putLong(strtab).putLong(strings.length).putInt(0).putInt(0).putLong(1).putLong(0);
        ByteView v = ByteView.of(b.array(), "x.o");
        InputFormatException e = assertThrows(InputFormatException.class, () -> ObjectFiles.read(v, new NameInterner()));
        assertEquals(expected("x.o", symtab + OVER * 24L, v.size()), e.getMessage());
    }

    @Test
    void machOSymbolsAllNamingOneLongString() {
        int symoff = 32 + 24;
        byte[] strings = longName();
        int stroff = symoff + SYMBOLS * 16;
        ByteBuffer b = ByteBuffer.allocate(stroff + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xfeedfacf).putInt(0x01000007).putInt(3).putInt(1).putInt(1).putInt(24).putInt(0).putInt(0);
        b.putInt(2).putInt(24).putInt(symoff).putInt(SYMBOLS).putInt(stroff).putInt(strings.length);
        for (int i = 0; i < SYMBOLS; i++) {
            b.putInt(1).put((byte) 0x03).put((byte) 0).putShort((short) 0).putLong(0);   // N_ABS | N_EXT
        }
        b.put(strings);
        ByteView v = ByteView.of(b.array(), "x.o");
        InputFormatException e = assertThrows(InputFormatException.class, () -> ObjectFiles.read(v, new NameInterner()));
        assertEquals(expected("x.o", symoff + (OVER - 1) * 16L, v.size()), e.getMessage());
    }

    @Test
    void irsymtabSymbolsAllNamingOneLongString() {
        IrSymtabBuilder builder = new IrSymtabBuilder().module();
        builder.symbol("a".repeat(NAME), 1 << IrSymtab.FB_GLOBAL);
        for (int i = 1; i < SYMBOLS; i++) {
            builder.symbol("s", 1 << IrSymtab.FB_GLOBAL);
        }
        IrSymtabBuilder.Blobs blobs = builder.build();
        ByteBuffer sym = ByteBuffer.wrap(blobs.symtab()).order(ByteOrder.LITTLE_ENDIAN);
        int first = builder.symbolOffset(0);
        for (int i = 1; i < SYMBOLS; i++) {   // every Name and IRName {offset, size} := symbol 0's Name
            int at = builder.symbolOffset(i);
            sym.putLong(at, sym.getLong(first));
            sym.putLong(at + 8, sym.getLong(first));
        }
        ByteView strtab = ByteView.of(blobs.strtab(), "x.bc");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> IrSymtab.read(ByteView.of(blobs.symtab(), "x.bc"), strtab));
        assertTrue(e.getMessage().contains(": symbol names add up to more than " + NameBudget.MINIMUM + " bytes, from "
                + strtab.size() + " bytes of input"), e.getMessage());
    }
}
