package org.linkdedup.io;

/**
 * The one error type every reader throws for input it cannot accept: it names the file, the archive
 * member (or {@code null} for a plain file), the absolute byte offset in the file and the reason.
 * Its message is exactly the line the CLI prints: {@code FILE(MEMBER) at byte N: REASON}.
 */
public final class InputFormatException extends RuntimeException {
    private final String file;
    private final String member;
    private final long offset;
    private final String reason;

    public InputFormatException(String file, String member, long offset, String reason) {
        this(file, member, offset, reason, null);
    }

    public InputFormatException(String file, String member, long offset, String reason, Throwable cause) {
        super(format(file, member, offset, reason), cause);
        this.file = file;
        this.member = member;
        this.offset = offset;
        this.reason = reason;
    }

    private static String format(String file, String member, long offset, String reason) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (member != null) {
            sb.append('(').append(member).append(')');
        }
        return sb.append(" at byte ").append(offset).append(": ").append(reason).toString();
    }

    public String file() {
        return file;
    }

    /** The archive member the error is in, or {@code null} for a plain file or the archive container. */
    public String member() {
        return member;
    }

    /** Absolute byte offset in {@link #file()}. */
    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
