package org.linkdedup.error;

/**
 * The verified result would still hold a split runtime or a duplicate that cannot be resolved
 * safely, and {@code --allow-split} was not given: nothing is written or linked. Exits with
 * {@link ExitCode#UNSAFE_RESULT}.
 */
public final class UnsafeResultException extends LinkdedupException {
    public UnsafeResultException(String message) {
        super(ExitCode.UNSAFE_RESULT, message, null);
    }
}
