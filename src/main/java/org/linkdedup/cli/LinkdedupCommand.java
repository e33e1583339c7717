package org.linkdedup.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A linkdedup command: its picocli model, which it builds in code when it is made (see {@link Arg}),
 * and its run. The parts of the model every command shares are made here.
 */
interface LinkdedupCommand extends Callable<Integer> {
    /** This command's model, whose parse results this command reads. */
    CommandSpec spec();

    /** Its {@code -v}. */
    LoggingMixin logging();

    /**
     * The model of a subcommand: its name, the one-line header the command list shows, its
     * description and its examples (the footer); 100 columns wide, options in the order declared.
     */
    static CommandSpec subcommand(LinkdedupCommand command, String name, String header, String[] description, String... examples) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name).versionProvider(new Main.Version());
        spec.usageMessage().width(100).header(header).description(description).sortOptions(false)
                .footerHeading("%nExamples:%n").footer(examples);
        return spec;
    }

    /**
     * {@code -h/--help} and {@code -V/--version} of {@code spec}, added after all its other options,
     * as picocli adds its standard help options, so that --help lists them last.
     */
    static void standardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).initialValue(false)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).initialValue(false)
                .description("Print version information and exit.").build());
    }
}
