package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteViewTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 'a', 'b', 0, 'c'};

    @Test
    void readsBothByteOrders() {
        ByteView le = ByteView.of(DATA, "f");
        assertEquals(0x0201, le.u16(0));
        assertEquals(0x04030201L, le.u32(0));
        assertEquals(0x0807060504030201L, le.u64(0));
        ByteView be = le.order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x0102, be.u16(0));
        assertEquals(0x01020304L, be.u32(0));
        assertEquals(0x0102030405060708L, be.u64(0));
        assertEquals(0xffffffffL, ByteView.of(new byte[] {-1, -1, -1, -1}, "f").u32(0), "u32 is unsigned");
    }

    @Test
    void sliceIsCheckedAndKeepsAbsoluteOffsetsInErrors() {
        ByteView v = ByteView.of(DATA, "lib.a").member("m.o", 4, 8);
        assertEquals(8, v.size());
        assertEquals(5, v.u8(0));
        InputFormatException e = assertThrows(InputFormatException.class, () -> v.u32(6));
        assertEquals("lib.a(m.o) at byte 10: 32-bit field of 4 bytes runs past the end (2 bytes left)", e.getMessage());
        assertEquals(10, e.offset());
        assertThrows(InputFormatException.class, () -> v.slice(2, 7));
        assertThrows(InputFormatException.class, () -> v.slice(-1, 1));
        assertThrows(InputFormatException.class, () -> v.slice(9, 0));
        assertEquals(0, v.slice(8, 0).size(), "an empty slice at the end is fine");
    }

    @Test
    void hugeOffsetsNeverOverflow() {
        ByteView v = ByteView.of(DATA, "f");
        assertFalse(v.contains(Long.MAX_VALUE, 1));
        assertFalse(v.contains(4, Long.MAX_VALUE));
        assertThrows(InputFormatException.class, () -> v.slice(4, Long.MAX_VALUE));
        assertThrows(InputFormatException.class, () -> v.u8(Long.MIN_VALUE));
    }

    @Test
    void cstringNeedsATerminatorInsideItsTable() {
        ByteView v = ByteView.of(DATA, "f");
        assertEquals("ab", v.cstring(12, 16, "name"));
        assertEquals("", v.cstring(14, 16, "name"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> v.cstring(15, 16, "name"));
        assertEquals("f at byte 15: name at offset 15 is not NUL-terminated", e.getMessage());
        assertThrows(InputFormatException.class, () -> v.cstring(16, 16, "name"));
        assertThrows(InputFormatException.class, () -> v.cstring(12, 14, "name"), "NUL lies beyond the limit");
    }

    @Test
    void cstringReadsNamesLongerThanItsFirstPiece(@TempDir Path dir) throws Exception {
        // names around and far past the first piece cstring copies out (256 bytes), over mapped
        // windows of 8 bytes and over an array
        StringBuilder table = new StringBuilder("\0");
        int[] lengths = {0, 1, 255, 256, 257, 511, 512, 513, 5000};
        int[] offsets = new int[lengths.length];
        for (int k = 0; k < lengths.length; k++) {
            offsets[k] = table.length();
            for (int i = 0; i < lengths[k]; i++) {
                table.append((char) (0x21 + (i * 7 + k) % 0xde));   // every byte value from '!' to 0xfe
            }
            table.append('\0');
        }
        byte[] data = table.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = dir.resolve("strtab.bin");
        Files.write(f, data);
        for (ByteView v : List.of(ByteView.of(data, "t"), ByteView.map(f, 3))) {
            for (int k = 0; k < lengths.length; k++) {
                String want = table.substring(offsets[k], offsets[k] + lengths[k]);
                assertEquals(want, v.cstring(offsets[k], data.length, "name"), "length " + lengths[k]);
            }
            // the last name without its terminator: the table ends 5000 bytes after the name starts
            int last = offsets[lengths.length - 1];
            InputFormatException e = assertThrows(InputFormatException.class, () -> v.cstring(last, data.length - 1, "name"));
            assertEquals("name at offset " + last + " is not NUL-terminated", e.reason());
        }
    }

    @Test
    void valuesStraddlingMappedWindowsAreAssembled(@TempDir Path dir) throws Exception {
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Path f = dir.resolve("w.bin");
        Files.write(f, data);
        ByteView small = ByteView.map(f, 3);   // windows of 8 bytes
        ByteView whole = ByteView.of(data, "w");
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteView a = small.order(order);
            ByteView b = whole.order(order);
            for (int off = 0; off + 8 <= data.length; off++) {
                assertEquals(b.u16(off), a.u16(off), "u16 at " + off);
                assertEquals(b.u32(off), a.u32(off), "u32 at " + off);
                assertEquals(b.u64(off), a.u64(off), "u64 at " + off);
            }
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 5, 30), small.bytes(5, 25));
        assertEquals(64, small.size());
    }
}
