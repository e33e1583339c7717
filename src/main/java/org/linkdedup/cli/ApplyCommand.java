package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.report.Json;
import org.linkdedup.report.PlanJson;
import org.linkdedup.report.PlanReport;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Prepare;
import org.linkdedup.pipeline.Prepared;
import picocli.CommandLine.Model.OptionSpec;

final class ApplyCommand extends LinkdedupCommand {
    private final PlanArgs args = new PlanArgs(spec);
    private final LinkArgs link = new LinkArgs(spec);
    private final Arg<Path> outDir = Arg.option(spec, Path.class, OptionSpec.builder("--out-dir").required(true).paramLabel("DIR")
            .description("Where trimmed archives are written (created if missing)."));
    private final Arg<Path> linkOrderFile = Arg.option(spec, Path.class, OptionSpec.builder("--link-order-file").paramLabel("FILE")
            .description("Write the new link order to FILE instead of stdout."));
    private final Arg<Boolean> json = Arg.flag(spec, "--json",
            "Print one JSON document (the plan, the outputs and the new link order) instead of text.");
    private final CacheArgs cache = new CacheArgs(spec);

    ApplyCommand() {
        super("apply",
            "Write the trimmed archives and print the new link order.",
            new String[] {
                "Decide like `plan`, write each changed archive to DIR/<same file name> (kept members in order and byte-identical except the symbol bindings rewritten, a fresh symbol index, the input's flavor), then print the report and the new link order, one path per line. A result that is not safe (a split runtime or an unresolved conflict left) writes nothing and exits 5, unless --allow-split. Inputs are never modified: an output that is, or would replace, an input, a thin archive's member, a response file or another output is refused before anything is written. Every output is written to a temporary file beside its destination and read back and checked; only when all are good are they renamed into place, together (a failed rename puts back what was replaced)."},
            "  linkdedup apply --out-dir build/dedup main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a",
            "  [strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)",
            "  [strip-dedup] libperry_ext_http.a: weakened 210 duplicate symbol(s) in 4 kept member(s) (same crate build as the provider's copies, which win)",
            "  [strip-dedup] wrote 1 archive(s) to build/dedup: 1 member(s) dropped, 210 symbol(s) rewritten in 4 member(s)",
            "  main.o",
            "  /abs/build/dedup/libperry_ext_http.a",
            "  libperry_stdlib.a",
            "  libperry_runtime.a",
            "",
            "  linkdedup apply --out-dir build/dedup --link-order-file build/link-order.txt @link-order.txt",
            "  cc @build/link-order.txt -o app");
        standardHelpOptions();
    }

    @Override
    public Integer call() throws Exception {
        boolean json = this.json.get();
        Path linkOrderFile = this.linkOrderFile.get();
        Prepare prep = Prepare.of(cache.settings(), args.options(link.order()), link.linker(), link.deadStrip(), !args.noVerify(), json,
                run -> PlanReport.texts(run, json));
        RunLog.log(prep, logging.verbosity());
        Prepared result = prep.prepared();
        List<Path> otherReads = new ArrayList<>(ResponseFileArgs.of(spec));
        otherReads.addAll(args.localizeFiles());
        Apply apply = prep.apply(outDir.get(), linkOrderFile, otherReads);
        var out = spec.commandLine().getOut();
        if (!result.safe() && !args.allowSplit()) {
            if (json) {
                out.print(result.texts().json());
            } else {
                PlanReport.print(result.texts().lines(), out);
                PlanReport.print(result.texts().verdictLines(), out);
            }
            out.flush();
            result.requireSafe(false, "nothing written");
        }
        apply.write();
        RunLog.cache(prep, logging.verbosity());
        RunLog.written(apply, logging.verbosity());
        if (json) {
            Json.write(PlanJson.of(apply), out);
        } else {
            PlanReport.print(result.texts().lines(), out);
            PlanReport.print(result.texts().verdictLines(), out);
            out.println(PlanReport.written(apply));
            if (linkOrderFile == null) {
                apply.linkOrder().forEach(out::println);
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
