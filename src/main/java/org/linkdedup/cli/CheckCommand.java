package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.linkdedup.pipeline.Check;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.report.CheckReport;
import org.linkdedup.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpWidth = 100,
        header = "Predict a link: duplicate symbols, loaded members, split runtimes (a CI gate).",
        name = "check",
        description = {
            "Predict a link from its inputs alone: which archive members the linker loads, the number of duplicate-symbol diagnostics it prints, and every split runtime (one codegen unit loaded twice with references bound to each copy, so each half of the program uses its own globals). A CI gate: exit 1 when a limit or the baseline is exceeded."},
        sortOptions = false,
        footerHeading = "%nExamples:%n",
        footer = {
            "  linkdedup check main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a",
            "  duplicate symbols: 225 (linker model gnu, 24 members loaded)",
            "  …",
            "  split-runtime hazards: 1",
            "  stale copies: 0",
            "",
            "  linkdedup check --linker lld --why js_wait_for_event main.o libperry_ext_http.a libperry_stdlib.a",
            "  linkdedup check --fail-on-split --fail-on-stale --max-duplicates 0 @link-order.txt",
            "  linkdedup check --write-baseline ci/link-baseline.json @link-order.txt     # once, then commit it",
            "  linkdedup check --baseline ci/link-baseline.json @link-order.txt           # in CI",
            "  linkdedup check -- main.o --start-group liba.a libb.a --end-group          # linker markers after --"})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    LoggingMixin logging;

    @Mixin
    LinkArgs link;

    @Option(names = "--crate", paramLabel = "NAME", defaultValue = PlanOptions.DEFAULT_CRATE,
            description = "Crate whose codegen units are checked for split copies (repeatable; default ${DEFAULT-VALUE}).")
    List<String> crates = new ArrayList<>();

    @Option(names = "--any-crate", description = "Check the codegen units of every Rust crate for split copies.")
    boolean anyCrate;

    @Option(names = "--why", paramLabel = "SYMBOL", description = "Explain one symbol: its definitions, which one wins, what loaded it (repeatable).")
    List<String> why = new ArrayList<>();

    @Option(names = "--max-duplicates", paramLabel = "N", description = "Fail (exit 1) when the duplicate count exceeds N.")
    Integer maxDuplicates;

    @Option(names = "--fail-on-split", description = "Fail (exit 1) on any split-runtime hazard.")
    boolean failOnSplit;

    @Option(names = "--fail-on-stale", description = "Fail (exit 1) on any stale copy: an earlier copy of a unit, from another build, that wins over a later one.")
    boolean failOnStale;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Fail (exit 1) when the duplicate count or the hazards grow over FILE.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write this result as a baseline for --baseline.")
    Path writeBaseline;

    @Option(names = "--json", description = "Print the whole result as one JSON document.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Check run = Check.of(link.order(), link.linker, link.deadStrip, anyCrate ? Set.of() : new HashSet<>(crates),
                new Check.Gates(maxDuplicates, failOnSplit, failOnStale, baseline));
        if (logging.verbosity() > 0) {
            org.slf4j.LoggerFactory.getLogger("linkdedup").info("{}", CheckReport.timing(run, System.nanoTime() - start));
        }
        var out = spec.commandLine().getOut();
        if (json) {
            Json.write(CheckReport.json(run), out);
        } else {
            CheckReport.lines(run, why).forEach(out::println);
        }
        out.flush();
        if (writeBaseline != null) {
            List<Path> read = new ArrayList<>(ResponseFileArgs.of(spec));
            if (baseline != null) {
                read.add(baseline);
            }
            run.writeBaseline(writeBaseline, read);
        }
        CheckReport.failureLines(run).forEach(spec.commandLine().getErr()::println);
        return run.passed() ? ExitCode.OK.code() : ExitCode.GATE_FAILED.code();
    }
}
