package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.Callable;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.objfile.NameInterner;
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
            "List the symbols of archives and object files, like `llvm-nm -A`, read by linkdedup's own ELF, Mach-O and LLVM bitcode readers. External symbols only unless --all."},
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
        InputLoader loader = new InputLoader(NameInterner.none(), all);
        // Inputs are read ahead on a small pool while this thread prints them, in order.
        int ahead = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "linkdedup-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<LoadedInput>> pending = new ArrayDeque<>();
            int next = 0;
            while (next < inputs.size() || !pending.isEmpty()) {
                while (next < inputs.size() && pending.size() < ahead) {
                    Path p = inputs.get(next++);
                    pending.add(pool.submit(() -> loader.load(List.of(p)).get(0)));
                }
                listing.add(result(pending.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
        listing.finish();
        return ExitCode.OK.code();
    }

    /** The value of a finished read, its failure rethrown as it was thrown. */
    private static LoadedInput result(Future<LoadedInput> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
