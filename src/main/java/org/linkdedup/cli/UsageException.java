package org.linkdedup.cli;

/** A command line that makes sense to picocli but not to us: exits with {@link ExitCode#USAGE}. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
