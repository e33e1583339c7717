package org.linkdedup.error;

/**
 * The one family of failures that linkdedup expects and reports: each carries the exit status it
 * ends the run with, and its message is the one line printed after {@code linkdedup: }. The command
 * line maps every exception to a status in one place ({@code cli.Main}); anything outside this
 * family (and the JDK's file exceptions) is an internal error.
 */
public abstract class LinkdedupException extends RuntimeException {
    private final ExitCode exitCode;

    protected LinkdedupException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public final ExitCode exitCode() {
        return exitCode;
    }
}
