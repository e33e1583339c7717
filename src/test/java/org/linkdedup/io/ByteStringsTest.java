package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ByteStringsTest {

    @Test
    void printableEscapesControlCharactersByNameOrAsHex() {
        String s = "a\nb\t\r\0\u001b\u007f\u009b\u00a0\u00e9 ~";
        assertEquals("a\\nb\\t\\r\\0\\x1b\\x7f\\x9b\u00a0\u00e9 ~", ByteStrings.printable(s, true));
        assertEquals("a\\x0ab\\x09\\x0d\\x00\\x1b\\x7f\\x9b\u00a0\u00e9 ~", ByteStrings.printable(s, false));
        assertEquals("plain.o", ByteStrings.printable("plain.o", true));
    }

    /** Bytes written as they are land after the chars written before them, whether they fit the buffer or not. */
    @Test
    void printWriterWritesBytesInOrderWithChars() {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        ByteStrings.BytePrintWriter w = ByteStrings.printWriter(sink, false);
        byte[] big = new byte[(1 << 16) + 3];
        java.util.Arrays.fill(big, (byte) 'b');
        w.write("a\u00e9\u2014");
        w.writeBytes(new byte[] {'x', (byte) 0xe9, 'y'}, 1, 2);
        w.write("c");
        w.writeBytes(big, 0, big.length);
        w.write("d");
        w.flush();
        byte[] out = sink.toByteArray();
        byte[] head = {'a', (byte) 0xe9, (byte) 0xe2, (byte) 0x80, (byte) 0x94, (byte) 0xe9, 'y', 'c'};
        assertArrayEquals(head, java.util.Arrays.copyOf(out, head.length));
        assertEquals(head.length + big.length + 1, out.length);
        assertEquals('b', out[out.length - 2]);
        assertEquals('d', out[out.length - 1]);
        assertFalse(w.checkError());
        w.close();
        w.writeBytes(big, 0, 1);
        assertTrue(w.checkError(), "a write after close is an error, as PrintWriter's own writes are");
    }
}
