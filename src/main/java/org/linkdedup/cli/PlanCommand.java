package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import org.linkdedup.plan.Plan;
import org.linkdedup.report.Json;
import org.linkdedup.report.PlanJson;
import org.linkdedup.report.PlanReport;
import org.linkdedup.pipeline.Dedup;

final class PlanCommand extends LinkdedupCommand {
    private final PlanArgs args = new PlanArgs(spec);
    private final LinkArgs link = new LinkArgs(spec);
    private final Arg<Boolean> json = Arg.flag(spec, "--json", "Print one JSON document: inputs, roles, every decision with its rule and symbols.");

    PlanCommand() {
        super("plan",
            "Dry run: which bundled runtime members would be dropped, and why.",
            new String[] {
                "Dry run: decide which bundled runtime members each wrapper archive (an archive before the provider in the link order) would drop, and why. Writes nothing.",
                "",
                "A candidate is dropped only when (1) the provider bundles the same codegen unit (one of its member names contains the candidate's name) and (2) every symbol the candidate defines that a staying sibling references is defined (externally, in its own symbol table) by the provider.",
                "",
                "Then every duplicate the drops leave is weakened in the copies that are not the provider's when they come from the same crate build (--rewrite none turns this off), --localize names are localized, and the result is verified by simulating the link under every linker model of the format. A result that still holds a split runtime or a duplicate that cannot be resolved safely (copies of other builds, differing data, LLVM bitcode) exits 5 with the reasons (--allow-split: 0)."},
            "  linkdedup plan main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a",
            "  [strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)",
            "  [strip-dedup] libperry_ext_http.a: weakened 210 duplicate symbol(s) in 4 kept member(s) (same crate build as the provider's copies, which win)",
            "  [strip-dedup] dry run: 1 member(s) would be dropped from 1 archive(s), 210 symbol(s) rewritten in 4 member(s); nothing written",
            "",
            "  linkdedup plan --json @link-order.txt          # inputs from an argument file",
            "  linkdedup plan --shared-deps --provider out/libstd_bundle.a a.a b.a out/libstd_bundle.a",
            "  linkdedup plan --localize js_feature_stub main.o libperry_ext_ui.a libperry_stdlib.a   # a stub that must not win",
            "",
            "Exit status: 0 safe (or --allow-split), 2 usage, 3 bad input, 5 a split runtime or conflict remains.");
        standardHelpOptions();
    }

    @Override
    public Integer call() throws Exception {
        boolean json = this.json.get();
        Dedup run = args.dedup(link, json);
        RunLog.log(run, logging.verbosity());
        Plan plan = run.plan();
        var out = spec.commandLine().getOut();
        if (json) {
            Json.write(PlanJson.of(run), out);
        } else {
            PlanReport.print(PlanReport.lines(run), out);
            PlanReport.print(PlanReport.verdictLines(run), out);
            out.println(PlanReport.dryRunSummary(plan));
        }
        out.flush();
        run.requireSafe(args.allowSplit(), "apply would write nothing");
        return ExitCode.OK.code();
    }
}
