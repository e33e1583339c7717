package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.pipeline.Check;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.report.CheckReport;
import org.linkdedup.report.Json;
import picocli.CommandLine.Model.OptionSpec;

final class CheckCommand extends LinkdedupCommand {
    private final LinkArgs link = new LinkArgs(spec);
    private final Arg<List<String>> crates = Arg.list(spec, String.class, OptionSpec.builder("--crate").paramLabel("NAME")
            .defaultValue(PlanOptions.DEFAULT_CRATE)
            .description("Crate whose codegen units are checked for split copies (repeatable; default ${DEFAULT-VALUE})."));
    private final Arg<Boolean> anyCrate = Arg.flag(spec, "--any-crate", "Check the codegen units of every Rust crate for split copies.");
    private final Arg<List<String>> why = Arg.list(spec, String.class, OptionSpec.builder("--why").paramLabel("SYMBOL")
            .description("Explain one symbol: its definitions, which one wins, what loaded it (repeatable)."));
    private final Arg<Integer> maxDuplicates = Arg.option(spec, Integer.class, OptionSpec.builder("--max-duplicates").paramLabel("N")
            .description("Fail (exit 1) when the duplicate count exceeds N."));
    private final Arg<Boolean> failOnSplit = Arg.flag(spec, "--fail-on-split", "Fail (exit 1) on any split-runtime hazard.");
    private final Arg<Boolean> failOnStale = Arg.flag(spec, "--fail-on-stale",
            "Fail (exit 1) on any stale copy: an earlier copy of a unit, from another build, that wins over a later one.");
    private final Arg<Path> baseline = Arg.option(spec, Path.class, OptionSpec.builder("--baseline").paramLabel("FILE")
            .description("Fail (exit 1) when the duplicate count or the hazards grow over FILE."));
    private final Arg<Path> writeBaseline = Arg.option(spec, Path.class, OptionSpec.builder("--write-baseline").paramLabel("FILE")
            .description("Write this result as a baseline for --baseline."));
    private final Arg<Boolean> json = Arg.flag(spec, "--json", "Print the whole result as one JSON document.");

    CheckCommand() {
        super("check",
            "Predict a link: duplicate symbols, loaded members, split runtimes (a CI gate).",
            new String[] {
                "Predict a link from its inputs alone: which archive members the linker loads, the number of duplicate-symbol diagnostics it prints, and every split runtime (one codegen unit loaded twice with references bound to each copy, so each half of the program uses its own globals). A CI gate: exit 1 when a limit or the baseline is exceeded."},
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
            "  linkdedup check -- main.o --start-group liba.a libb.a --end-group          # linker markers after --");
        standardHelpOptions();
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path baseline = this.baseline.get();
        Path writeBaseline = this.writeBaseline.get();
        Check run = Check.of(link.order(), link.linker(), link.deadStrip(), anyCrate.get() ? Set.of() : new HashSet<>(crates.get()),
                new Check.Gates(maxDuplicates.get(), failOnSplit.get(), failOnStale.get(), baseline));
        if (logging.verbosity() > 0) {
            org.slf4j.LoggerFactory.getLogger("linkdedup").info("{}", CheckReport.timing(run, System.nanoTime() - start));
        }
        var out = spec.commandLine().getOut();
        if (json.get()) {
            Json.write(CheckReport.json(run), out);
        } else {
            CheckReport.lines(run, why.get()).forEach(out::println);
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
