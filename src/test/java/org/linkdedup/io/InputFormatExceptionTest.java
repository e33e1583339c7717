package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class InputFormatExceptionTest {

    @Test
    void messageIsFileMemberOffsetReason() {
        assertEquals("lib.a(a.o) at byte 12: bad", new InputFormatException("lib.a", "a.o", 12, "bad").getMessage());
        assertEquals("a.o at byte 0: bad", new InputFormatException("a.o", null, 0, "bad").getMessage());
    }

    @Test
    void controlCharactersFromTheInputAreEscapedSoTheMessageIsOneLine() {
        // Fuzzing: a size field quoted in the reason carried a NUL; names can hold newlines and terminal escapes.
        InputFormatException e = new InputFormatException("lib.a", "a\nb\u001b[2J", 3, "bad field \"1\0\t\r\u007f\u009b\u00e9\"");
        assertEquals("lib.a(a\\nb\\x1b[2J) at byte 3: bad field \"1\\0\\t\\r\\x7f\\x9b\u00e9\"", e.getMessage());
        assertEquals("bad field \"1\0\t\r\u007f\u009b\u00e9\"", e.reason());
        assertEquals("a\nb\u001b[2J", e.member());
    }

    @Test
    void excerptKeepsQuotedNamesShort() {
        assertEquals("short_name", InputFormatException.excerpt("short_name"));
        assertEquals("a".repeat(60) + "... (40000 bytes)", InputFormatException.excerpt("a".repeat(40_000)));
    }
}
