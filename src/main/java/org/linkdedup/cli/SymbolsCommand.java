package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.List;
import org.linkdedup.pipeline.Symbols;
import org.linkdedup.report.SymbolFilter;
import org.linkdedup.report.SymbolListing;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class SymbolsCommand extends LinkdedupCommand {
    /** At most one of the two. */
    private final ArgGroupSpec.Builder which = ArgGroupSpec.builder().exclusive(true).multiplicity("0..1");
    private final Arg<Boolean> definedOnly = Arg.flag(which, "--defined-only", "Only symbols the member defines.");
    private final Arg<Boolean> undefinedOnly = Arg.flag(which, "--undefined-only", "Only symbols the member references.");

    {
        spec.addArgGroup(which.build());   // here, between -v and --all, is where --help lists the group's options
    }

    private final Arg<Boolean> all = Arg.flag(spec, "--all", "Include local symbols.");
    private final Arg<SymbolListing.Format> format = Arg.option(spec, SymbolListing.Format.class, OptionSpec.builder("--format")
            .defaultValue("text").paramLabel("text|tsv|json").description("Output format (default: ${DEFAULT-VALUE})."));
    private final Arg<List<Path>> inputs = Arg.positionals(spec, Path.class, PositionalParamSpec.builder().arity("1..*")
            .paramLabel("INPUT").description("Archives and object files."));

    SymbolsCommand() {
        super("symbols",
            "List symbols like llvm-nm -A, read by linkdedup's own readers.",
            new String[] {
                "List the symbols of archives and object files, like `llvm-nm -A`, read by linkdedup's own ELF, Mach-O, LLVM bitcode and COFF readers. External symbols only unless --all."},
            "  linkdedup symbols libperry_ext_http.a",
            "      libperry_ext_http.a(perry_runtime-….rcgu.o): T js_wait_for_event",
            "  linkdedup symbols --undefined-only --format tsv libperry_stdlib.a | grep '\\.llvm\\.'",
            "  linkdedup symbols --format json main.o > main-symbols.json",
            "",
            "Formats:",
            "  text  FILE(MEMBER): TYPE NAME   (nm letters; `#` lines say where a member's symbols came from)",
            "  tsv   FILE<TAB>MEMBER<TAB>D|U<TAB>BINDING<TAB>NAME   (MEMBER is - for a plain object)",
            "  json  {\"inputs\":[{\"file\",\"archive\",\"members\":[{\"name\",\"format\",\"source\",\"symbols\":[…]}]}]}");
        standardHelpOptions();
    }

    @Override
    public Integer call() throws Exception {
        boolean all = this.all.get();
        List<Path> inputs = this.inputs.get();
        SymbolFilter filter = new SymbolFilter(definedOnly.get(), undefinedOnly.get(), all);
        SymbolListing listing = new SymbolListing(format.get(), filter, spec.commandLine().getOut());
        if (listing.rendersApart()) {
            Symbols.read(inputs, all, listing::render, listing::write);
        } else {
            Symbols.read(inputs, all, listing::add);
        }
        listing.finish();
        return ExitCode.OK.code();
    }
}
