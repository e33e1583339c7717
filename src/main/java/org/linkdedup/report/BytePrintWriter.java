package org.linkdedup.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import org.linkdedup.io.ByteStrings;

/**
 * A {@link PrintWriter} over {@link ByteStrings#writer} that also writes bytes as they are
 * ({@link #writeBytes}), for a listing rendered to bytes apart from the writer (chars up to U+00FF one
 * byte each, as that writer writes them): what {@code Main} prints to stdout with. Like every write
 * of a {@code PrintWriter}, a failed one sets {@link #checkError()} instead of throwing.
 */
public final class BytePrintWriter extends PrintWriter {
    public BytePrintWriter(OutputStream out, boolean autoFlush) {
        super(ByteStrings.writer(out), autoFlush);
    }

    /** Writes {@code len} bytes of {@code b} from {@code off}, after every char written before. */
    public void writeBytes(byte[] b, int off, int len) {
        synchronized (lock) {
            if (out == null) {   // closed
                setError();
                return;
            }
            try {
                ((ByteStrings.ByteWriter) out).writeBytes(b, off, len);
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                setError();
            }
        }
    }
}
