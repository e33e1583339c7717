package org.linkdedup.io;

import org.linkdedup.error.ExitCode;
import org.linkdedup.error.LinkdedupException;

/**
 * An input file changed while linkdedup read it (a concurrent build rewriting it): it shrank, grew,
 * was rewritten, replaced or deleted between being opened and the end of the reading. Exits with
 * {@link ExitCode#BAD_INPUT}; the message is one line naming the file and how it changed:
 * {@code in/libfoo.a: changed while being read (was 224528 bytes, now 51112); rerun when the build
 * that writes it has finished}.
 *
 * <p>A mapped file that shrinks under its mapping makes the next read of a page past its new end
 * fault: HotSpot reports that as an {@link InternalError} ("a fault occurred in a recent unsafe
 * memory access operation"), in the read or later (see {@link InputFiles#surfaceFault}). {@link
 * #isFault} and {@link #ofFault} recognise such a failure (also wrapped, as thread pools wrap it)
 * and name the file from the mappings this run made.
 */
public final class InputChangedException extends LinkdedupException {
    private static final String RERUN = "; rerun when the build that writes it has finished";

    private final String file;

    /** {@code file} (as printed) changed; {@code change} says how: {@code was 224528 bytes, now 51112}. */
    InputChangedException(String file, String change, Throwable cause) {
        super(ExitCode.BAD_INPUT, message(file, change), cause);
        this.file = file;
    }

    private static String message(String file, String change) {
        StringBuilder sb = new StringBuilder();
        if (file == null) {
            sb.append("an input changed while being read (").append(change).append(')');
        } else {
            sb.append(ByteStrings.printable(file, true));
            sb.append(": changed while being read (").append(change).append(')');
        }
        return sb.append(RERUN).toString();
    }

    /** The file that changed, as printed; {@code null} when a mapped file faulted and none could be named. */
    public String file() {
        return file;
    }

    /**
     * Whether {@code t}, or one of its causes, is an {@code InputChangedException} or the
     * {@link InternalError} of a read from a mapped file that shrank. Looks at no file.
     */
    public static boolean isFault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InputChangedException || isMappingFault(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /**
     * {@code t} as the input change it is: the {@code InputChangedException} in its causes, or, for
     * the fault of a read from a mapped file, the first file mapped by this run that changed since
     * it was mapped (an exception naming no file when none has); {@code null} when {@link #isFault}
     * is not.
     */
    public static InputChangedException ofFault(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InputChangedException ice) {
                return ice;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (!isFault(t)) {
            return null;
        }
        InputChangedException named = Mappings.firstChanged(t);
        return named != null ? named : new InputChangedException(null, "a mapped file was truncated", t);
    }

    /** The error HotSpot throws for a fault in a memory access through {@code Unsafe} (mapped buffers read that way). */
    static boolean isMappingFault(Throwable t) {
        return t instanceof InternalError && t.getMessage() != null && t.getMessage().contains("unsafe memory access");
    }
}
