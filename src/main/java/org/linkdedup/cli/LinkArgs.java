package org.linkdedup.cli;

import org.linkdedup.error.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The link order (paths, with the linker's {@code --start-group}/{@code --end-group} and
 * {@code --whole-archive}/{@code --no-whole-archive} markers after {@code --}) and the linker model
 * options shared by {@code check}, {@code plan}, {@code apply}.
 */
final class LinkArgs {
    @Option(names = "--linker", paramLabel = "MODEL", converter = ModelConverter.class,
            description = {
            "Linker to imitate: gnu (GNU ld, gold), lld (ld.lld, mold), lld-macho (ld64.lld), ld64 (Apple's ld64), lld-link (LLVM's COFF linker). Default: gnu for ELF inputs, ld64 for Mach-O, lld-link for COFF."})
    LinkerModel linker;

    @Option(names = "--dead-strip", description = "The link uses -dead_strip (ld64: lazily loaded duplicates become warnings).")
    boolean deadStrip;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = {
            "The link order: objects and archives, as given to the linker (after --, also --start-group/--end-group and --whole-archive/--no-whole-archive)."})
    List<String> tokens = new ArrayList<>();

    /** The link order given on the command line. */
    LinkOrder order() {
        return parse(tokens);
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
