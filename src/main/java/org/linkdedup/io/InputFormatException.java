package org.linkdedup.io;

import org.linkdedup.error.ExitCode;
import org.linkdedup.error.LinkdedupException;

/**
 * The one error type every reader throws for input it cannot accept: it names the file, the archive
 * member (or {@code null} for a plain file), the absolute byte offset in the file and the reason.
 * Its message is exactly the line the CLI prints: {@code FILE(MEMBER) at byte N: REASON}, always one
 * line of printable text: control characters that names and quoted fields bring from the input
 * are escaped ({@code \n}, {@code \t}, {@code \r}, {@code \0}, else {@code \xNN}).
 */
public final class InputFormatException extends LinkdedupException {
    private final String file;
    private final String member;
    private final long offset;
    private final String reason;

    public InputFormatException(String file, String member, long offset, String reason) {
        this(file, member, offset, reason, null);
    }

    public InputFormatException(String file, String member, long offset, String reason, Throwable cause) {
        super(ExitCode.BAD_INPUT, format(file, member, offset, reason), cause);
        this.file = file;
        this.member = member;
        this.offset = offset;
        this.reason = reason;
    }

    private static String format(String file, String member, long offset, String reason) {
        StringBuilder sb = new StringBuilder();
        printable(sb, file == null ? "<input>" : file);
        if (member != null) {
            sb.append('(');
            printable(sb, member);
            sb.append(')');
        }
        sb.append(" at byte ").append(offset).append(": ");
        printable(sb, reason);
        return sb.toString();
    }

    /** Appends {@code s} with C0 and C1 control characters (and DEL) escaped. */
    static void printable(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f || c >= 0xa0) {
                sb.append(c);
            } else {
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    case 0 -> sb.append("\\0");
                    default -> sb.append(String.format("\\x%02x", (int) c));
                }
            }
        }
    }

    /**
     * {@code s} for quoting in a reason: as is up to 80 characters, else its first 60 and how long it
     * is, so that a name of megabytes cannot swamp the one-line message.
     */
    public static String excerpt(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "... (" + s.length() + " bytes)";
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
