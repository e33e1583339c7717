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
}
