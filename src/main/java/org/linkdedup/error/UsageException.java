package org.linkdedup.error;

/**
 * A request that cannot be carried out as asked: a command line that makes sense to picocli but
 * not to us, no provider, an output that would replace an input. Exits with {@link ExitCode#USAGE}.
 */
public final class UsageException extends LinkdedupException {
    public UsageException(String message) {
        super(ExitCode.USAGE, message, null);
    }
}
