package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.output.TrimmedArchives;
import org.linkdedup.plan.Plan;
import org.linkdedup.report.Json;
import org.linkdedup.report.PlanJson;
import org.linkdedup.report.PlanReport;
import org.linkdedup.pipeline.Dedup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpWidth = 100,
        header = "Write the trimmed archives and print the new link order.",
        name = "apply",
        description = {
            "Decide like `plan`, write each changed archive to DIR/<same file name> (kept members byte-identical and in order, a fresh symbol index, the input's flavor), then print the report and the new link order, one path per line. Inputs are never modified; each output is written to a temporary file in DIR, read back and checked, then renamed into place."},
        sortOptions = false,
        footerHeading = "%nExamples:%n",
        footer = {
            "  linkdedup apply --out-dir build/dedup main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a",
            "  [strip-dedup] libperry_ext_http.a: dropped 1 bundled perry-runtime member(s) (stdlib provides the single runtime copy)",
            "  [strip-dedup] wrote 1 archive(s) to build/dedup: 1 member(s) dropped",
            "  main.o",
            "  /abs/build/dedup/libperry_ext_http.a",
            "  libperry_stdlib.a",
            "  libperry_runtime.a",
            "",
            "  cc $(linkdedup apply --out-dir build/dedup --link-order-file /dev/stdout -q …)   # see README"})
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    LoggingMixin logging;

    @Mixin
    PlanArgs args;

    @Mixin
    LinkArgs link;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Where trimmed archives are written (created if missing).")
    Path outDir;

    @Option(names = "--link-order-file", paramLabel = "FILE", description = "Write the new link order to FILE instead of stdout.")
    Path linkOrderFile;

    @Option(names = "--json", description = "Print one JSON document (the plan, the outputs and the new link order) instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dedup run = Dedup.of(args.options(link.order()), link.linker, link.deadStrip, !args.noVerify, json);
        List<LoadedInput> loaded = run.inputs();
        Plan plan = run.plan();
        Map<Integer, Path> dest;
        dest = TrimmedArchives.destinations(loaded, plan.dropped(), outDir);
        TrimmedArchives.write(loaded, plan.dropped(), dest);
        List<String> newOrder = TrimmedArchives.linkOrder(loaded, dest);
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = PlanJson.of(run);
            doc.put("written", dest.values().stream().map(Path::toString).sorted().toList());
            doc.put("linkOrder", newOrder);
            Json.write(doc, out);
        } else {
            PlanReport.print(PlanReport.lines(run), out);
            out.println(PlanReport.TAG + "wrote " + dest.size() + " archive(s) to " + outDir + ": "
                    + plan.droppedCount() + " member(s) dropped");
        }
        if (linkOrderFile != null) {
            Files.write(linkOrderFile, newOrder.stream().map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList());
        } else if (!json) {
            newOrder.forEach(out::println);
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
