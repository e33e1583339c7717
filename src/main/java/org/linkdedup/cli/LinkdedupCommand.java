package org.linkdedup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A linkdedup command: its picocli model, which it builds in code when it is made (see {@link Arg}),
 * and its run. The model's parts every command shares are made here: its name, version, {@code -v}
 * (its first option) and, once a command has declared its own options as fields, its {@code -h} and
 * {@code -V} ({@link #standardHelpOptions}, called from the command's constructor, which runs after
 * the field initializers).
 */
abstract class LinkdedupCommand implements Callable<Integer> {
    /** This command's model, whose parse results this command reads. */
    final CommandSpec spec;
    /** Its {@code -v}. */
    final LoggingMixin logging;

    /** A command named {@code name} whose usage texts its constructor sets. */
    LinkdedupCommand(String name) {
        spec = CommandSpec.wrapWithoutInspection(this).name(name).versionProvider(new Main.Version());
        logging = new LoggingMixin(spec);
    }

    /**
     * A subcommand: its name, the one-line header the command list shows, its description and its
     * examples (the footer); 100 columns wide, options in the order declared.
     */
    LinkdedupCommand(String name, String header, String[] description, String... examples) {
        this(name);
        spec.usageMessage().width(100).header(header).description(description).sortOptions(false)
                .footerHeading("%nExamples:%n").footer(examples);
    }

    /** This command's model. */
    final CommandSpec spec() {
        return spec;
    }

    /** Its {@code -v}. */
    final LoggingMixin logging() {
        return logging;
    }

    /**
     * {@code -h/--help} and {@code -V/--version}, added after all the command's other options, as
     * picocli adds its standard help options, so that --help lists them last.
     */
    final void standardHelpOptions() {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).initialValue(false)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).initialValue(false)
                .description("Print version information and exit.").build());
    }
}
