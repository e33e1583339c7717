package org.linkdedup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Range;

/** {@code -v} (INFO), {@code -vv} (DEBUG); logs go to stderr, WARN by default. */
public final class LoggingMixin {
    private final Arg<boolean[]> verbose;

    LoggingMixin(CommandSpec cmd) {
        // a flag that may be repeated: arity 0, as picocli infers for a boolean[] it reflects on
        verbose = Arg.option(cmd, boolean[].class, OptionSpec.builder("-v", "--verbose").arity(Range.valueOf("0").unspecified(true))
                .description("More logging on stderr: -v info, -vv debug. Also prints stack traces of errors."));
    }

    public int verbosity() {
        boolean[] flags = verbose.get();
        return flags == null ? 0 : flags.length;
    }
}
