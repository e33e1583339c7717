package org.linkdedup.cli;

import org.linkdedup.error.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.LinkOptions;
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
            "Linker to imitate: gnu (GNU ld, gold), lld (ld.lld, mold), lld-macho (ld64.lld), ld64 (Apple's ld64). Default: gnu for ELF inputs, ld64 for Mach-O."})
    LinkerModel linker;

    @Option(names = "--dead-strip", description = "The link uses -dead_strip (ld64: lazily loaded duplicates become warnings).")
    boolean deadStrip;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = {
            "The link order: objects and archives, as given to the linker (after --, also --start-group/--end-group and --whole-archive/--no-whole-archive)."})
    List<String> tokens = new ArrayList<>();

    /** The link order given on the command line. */
    Order order() {
        return parse(tokens);
    }

    static final class ModelConverter implements ITypeConverter<LinkerModel> {
        @Override
        public LinkerModel convert(String value) {
            return LinkerModel.fromCliName(value);
        }
    }

    /** A link order: the input paths and what the markers among them said. */
    record Order(List<Path> inputs, List<LinkOrder.InputRange> groups, Set<Integer> whole) {
    }

    static Order parse(List<String> tokens) {
        List<Path> inputs = new ArrayList<>();
        List<LinkOrder.InputRange> groups = new ArrayList<>();
        Set<Integer> whole = new HashSet<>();
        int groupStart = -1;
        boolean wholeOn = false;
        for (String t : tokens) {
            switch (t) {
                case "--start-group", "-(" -> {
                    if (groupStart >= 0) {
                        throw new UsageException("nested --start-group");
                    }
                    groupStart = inputs.size();
                }
                case "--end-group", "-)" -> {
                    if (groupStart < 0) {
                        throw new UsageException("--end-group without --start-group");
                    }
                    if (inputs.size() > groupStart) {
                        groups.add(new LinkOrder.InputRange(groupStart, inputs.size() - 1));
                    }
                    groupStart = -1;
                }
                case "--whole-archive" -> wholeOn = true;
                case "--no-whole-archive" -> wholeOn = false;
                default -> {
                    if (t.startsWith("-") && t.length() > 1) {
                        throw new UsageException("unknown option in the link order: " + t
                                + " (only --start-group, --end-group, --whole-archive, --no-whole-archive are understood there)");
                    }
                    if (wholeOn) {
                        whole.add(inputs.size());
                    }
                    inputs.add(Path.of(t));
                }
            }
        }
        if (groupStart >= 0 && inputs.size() > groupStart) {
            groups.add(new LinkOrder.InputRange(groupStart, inputs.size() - 1));
        }
        return new Order(inputs, groups, whole);
    }

    /** The linker model: as given, else the default for the inputs. */
    LinkerModel model(List<LoadedInput> inputs) {
        return linker != null ? linker : LinkerModel.forInputs(inputs);
    }

    LinkOptions options(List<LoadedInput> inputs, Order order) {
        return new LinkOptions(model(inputs), deadStrip, order.whole(), order.groups(), Set.of());
    }
}
