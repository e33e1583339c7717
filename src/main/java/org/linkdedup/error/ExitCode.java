package org.linkdedup.error;

/** The exit statuses every subcommand uses (exec returns the linker's own status when it ran). */
public enum ExitCode {
    OK(0),
    /** A gate of {@code check} failed (too many duplicates, growth over the baseline, a split runtime). */
    GATE_FAILED(1),
    /** Bad command line: unknown option, missing input file, no provider, refusing to overwrite an input. */
    USAGE(2),
    /** Malformed or unreadable input, or an output that failed verification. */
    BAD_INPUT(3),
    /** A bug: an exception nobody expected. */
    INTERNAL_ERROR(4),
    /**
     * {@code plan}, {@code apply}, {@code exec}: the verified result would still hold a split runtime
     * or a duplicate that cannot be resolved safely; nothing was written or linked ({@code --allow-split}
     * accepts it).
     */
    UNSAFE_RESULT(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
