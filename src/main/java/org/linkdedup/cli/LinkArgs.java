package org.linkdedup.cli;

import org.linkdedup.error.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The link order (paths, with the linker's {@code --start-group}/{@code --end-group} and
 * {@code --whole-archive}/{@code --no-whole-archive} markers after {@code --}) and the linker model
 * options shared by {@code check}, {@code plan}, {@code apply}.
 */
final class LinkArgs {
    private final Arg<LinkerModel> linker;
    private final Arg<Boolean> deadStrip;
    private final Arg<List<String>> tokens;

    LinkArgs(CommandSpec cmd) {
        linker = Arg.option(cmd, LinkerModel.class, OptionSpec.builder("--linker").paramLabel("MODEL").converters(new ModelConverter())
                .description("Linker to imitate: gnu (GNU ld, gold), lld (ld.lld, mold), lld-macho (ld64.lld), ld64 (Apple's ld64), lld-link (LLVM's COFF linker). Default: gnu for ELF inputs, ld64 for Mach-O, lld-link for COFF."));
        deadStrip = Arg.flag(cmd, "--dead-strip", "The link uses -dead_strip (ld64: lazily loaded duplicates become warnings).");
        tokens = Arg.positionals(cmd, String.class, PositionalParamSpec.builder().arity("1..*").paramLabel("INPUT")
                .description("The link order: objects and archives, as given to the linker (after --, also --start-group/--end-group and --whole-archive/--no-whole-archive)."));
    }

    /** The link order given on the command line. */
    LinkOrder order() {
        return parse(tokens.get());
    }

    /** The linker model of {@code --linker}, or null to decide by the inputs. */
    LinkerModel linker() {
        return linker.get();
    }

    /** {@code --dead-strip}. */
    boolean deadStrip() {
        return deadStrip.get();
    }

    static final class ModelConverter implements ITypeConverter<LinkerModel> {
        @Override
        public LinkerModel convert(String value) {
            try {
                return LinkerModel.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The link order of {@code tokens}: input paths and, after {@code --}, the markers
     * {@code --start-group}/{@code -(}, {@code --end-group}/{@code -)}, {@code --whole-archive},
     * {@code --no-whole-archive}; any other option there is a usage error, and so are nested groups
     * and an end without a start.
     */
    static LinkOrder parse(List<String> tokens) {
        LinkOrder.Builder order = LinkOrder.builder();
        for (String t : tokens) {
            switch (t) {
                case "--start-group", "-(" -> order.startGroup();
                case "--end-group", "-)" -> order.endGroup();
                case "--whole-archive" -> order.wholeArchive(true);
                case "--no-whole-archive" -> order.wholeArchive(false);
                default -> {
                    if (t.startsWith("-") && t.length() > 1) {
                        throw new UsageException("unknown option in the link order: " + t
                                + " (only --start-group, --end-group, --whole-archive, --no-whole-archive are understood there)");
                    }
                    order.add(Path.of(t));
                }
            }
        }
        return order.build();
    }
}
