package org.linkdedup.cli;

import picocli.CommandLine.Option;

/** {@code -v} (INFO), {@code -vv} (DEBUG); logs go to stderr, WARN by default. */
public final class LoggingMixin {
    private int verbosity;

    @Option(names = {"-v", "--verbose"}, description = "More logging on stderr: -v info, -vv debug. Also prints stack traces of errors.")
    void setVerbose(boolean[] flags) {
        verbosity = flags.length;
    }

    public int verbosity() {
        return verbosity;
    }
}
