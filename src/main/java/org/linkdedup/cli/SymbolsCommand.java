package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.linkdedup.pipeline.Symbols;
import org.linkdedup.report.SymbolFilter;
import org.linkdedup.report.SymbolListing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpWidth = 100,
        header = "List symbols like llvm-nm -A, read by linkdedup's own readers.",
        name = "symbols",
        description = {
            "List the symbols of archives and object files, like `llvm-nm -A`, read by linkdedup's own ELF, Mach-O, LLVM bitcode and COFF readers. External symbols only unless --all."},
        sortOptions = false,
        footerHeading = "%nExamples:%n",
        footer = {
            "  linkdedup symbols libperry_ext_http.a",
            "      libperry_ext_http.a(perry_runtime-….rcgu.o): T js_wait_for_event",
            "  linkdedup symbols --undefined-only --format tsv libperry_stdlib.a | grep '\\.llvm\\.'",
            "  linkdedup symbols --format json main.o > main-symbols.json",
            "",
            "Formats:",
            "  text  FILE(MEMBER): TYPE NAME   (nm letters; `#` lines say where a member's symbols came from)",
            "  tsv   FILE<TAB>MEMBER<TAB>D|U<TAB>BINDING<TAB>NAME   (MEMBER is - for a plain object)",
            "  json  {\"inputs\":[{\"file\",\"archive\",\"members\":[{\"name\",\"format\",\"source\",\"symbols\":[…]}]}]}"})
final class SymbolsCommand implements Callable<Integer> {
    @Mixin
    LoggingMixin logging;

    @Spec
    CommandSpec spec;

    static final class Which {
        @Option(names = "--defined-only", description = "Only symbols the member defines.")
        boolean definedOnly;
        @Option(names = "--undefined-only", description = "Only symbols the member references.")
        boolean undefinedOnly;
    }

    @ArgGroup(exclusive = true)
    Which which = new Which();

    @Option(names = "--all", description = "Include local symbols.")
    boolean all;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|tsv|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    SymbolListing.Format format;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Archives and object files.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        SymbolFilter filter = new SymbolFilter(which.definedOnly, which.undefinedOnly, all);
        SymbolListing listing = new SymbolListing(format, filter, spec.commandLine().getOut());
        if (listing.rendersApart()) {
            Symbols.read(inputs, all, listing::render, listing::write);
        } else {
            Symbols.read(inputs, all, listing::add);
        }
        listing.finish();
        return ExitCode.OK.code();
    }
}
