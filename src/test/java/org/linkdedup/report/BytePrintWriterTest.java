package org.linkdedup.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BytePrintWriterTest {

    /** Bytes written as they are land after the chars written before them, whether they fit the buffer or not. */
    @Test
    void printWriterWritesBytesInOrderWithChars() {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        BytePrintWriter w = new BytePrintWriter(sink, false);
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
