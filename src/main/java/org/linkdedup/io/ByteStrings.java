package org.linkdedup.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * linkdedup's text convention. Everything that comes from outside — symbol and member names, file
 * paths — is a byte string, held in a {@code String} one char per byte (ISO-8859-1), so that no byte
 * sequence is lost. Only linkdedup's own words may contain characters past U+00FF (the report's
 * "—"). {@link #writer} writes chars up to U+00FF as the byte they stand for and anything else as
 * UTF-8, so names and paths come out byte-exact and the report's punctuation as UTF-8.
 */
public final class ByteStrings {
    private ByteStrings() {
    }

    /** The bytes of a path as the file system holds them (UTF-8 on Linux and macOS), one char per byte. */
    public static String of(Path path) {
        return new String(path.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code s} as one line of printable text: C0 and C1 control characters and DEL escaped as
     * {@code \xNN}; with {@code named}, a newline, tab, carriage return and NUL as {@code \n}, {@code \t},
     * {@code \r} and {@code \0}. Every other character, 0xA0 and up included, stays as it is.
     */
    public static String printable(String s, boolean named) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f || c >= 0xa0) {
                sb.append(c);
            } else {
                String name = !named ? null : switch (c) {
                    case '\n' -> "\\n";
                    case '\t' -> "\\t";
                    case '\r' -> "\\r";
                    case 0 -> "\\0";
                    default -> null;
                };
                sb.append(name != null ? name : "\\x" + HexFormat.of().toHexDigits((byte) c));
            }
        }
        return sb.toString();
    }

    public static ByteWriter writer(OutputStream out) {
        return new ByteWriter(out);
    }

    /**
     * {@link #writer}'s encoder: chars up to U+00FF as one byte, others as UTF-8, buffered 64 KiB; it
     * also takes bytes already encoded so ({@link #writeBytes}), for a listing rendered apart.
     */
    public static final class ByteWriter extends Writer {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        private ByteWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (n + 4 > buf.length) {
                    drain();
                }
                if (c < 0x100) {
                    buf[n++] = (byte) c;
                } else if (Character.isHighSurrogate(c) && i + 1 < off + len && Character.isLowSurrogate(cbuf[i + 1])) {
                    int cp = Character.toCodePoint(c, cbuf[++i]);
                    buf[n++] = (byte) (0xf0 | cp >> 18);
                    buf[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    buf[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    buf[n++] = (byte) (0x80 | cp & 0x3f);
                } else if (c < 0x800) {
                    buf[n++] = (byte) (0xc0 | c >> 6);
                    buf[n++] = (byte) (0x80 | c & 0x3f);
                } else {
                    buf[n++] = (byte) (0xe0 | c >> 12);
                    buf[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                    buf[n++] = (byte) (0x80 | c & 0x3f);
                }
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            int end = off + len;
            int i = off;
            while (i < end) {
                if (n + 4 > buf.length) {
                    drain();
                }
                // Fast path: a run of chars up to U+00FF, one byte each.
                int room = Math.min(end - i, buf.length - n);
                int k = 0;
                char c;
                while (k < room && (c = str.charAt(i + k)) < 0x100) {
                    buf[n + k] = (byte) c;
                    k++;
                }
                n += k;
                i += k;
                if (i < end && k < room) {
                    // One char past U+00FF (or a surrogate pair): the general path.
                    int cp = str.codePointAt(i);
                    int width = Character.charCount(cp);
                    write(str.substring(i, i + width).toCharArray(), 0, width);
                    i += width;
                }
            }
        }

        /** Bytes as they are, after what is buffered: copied into the buffer when they fit, else written through. */
        public void writeBytes(byte[] b, int off, int len) throws IOException {
            if (len <= buf.length - n) {
                System.arraycopy(b, off, buf, n, len);
                n += len;
                return;
            }
            drain();
            if (len < buf.length) {
                System.arraycopy(b, off, buf, 0, len);
                n = len;
            } else {
                out.write(b, off, len);
            }
        }

        private void drain() throws IOException {
            out.write(buf, 0, n);
            n = 0;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }
    }
}
