package org.linkdedup.cli;

import org.linkdedup.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.pipeline.Dedup;
import org.linkdedup.plan.PlanOptions;
import picocli.CommandLine.Option;

/** The link order and the dedup options shared by {@code plan}, {@code apply} and {@code exec}. */
final class PlanArgs {
    static final List<String> DEFAULT_PROVIDERS = List.of("libperry_stdlib.a", "perry_stdlib.lib");

    @Option(names = "--provider", paramLabel = "ARCHIVE",
            description = {
            "The archive that must end up as the single runtime copy. Default: the first input named libperry_stdlib.a or perry_stdlib.lib."})
    Path provider;

    @Option(names = "--crate", paramLabel = "NAME", defaultValue = PlanOptions.DEFAULT_CRATE,
            description = {
            "Crate whose bundled members are candidates (repeatable; default ${DEFAULT-VALUE}): wrapper members named NAME-<hash>.… (cargo) or NAME.… (plain rustc)."})
    List<String> crates = new ArrayList<>();

    @Option(names = "--shared-deps",
            description = {
            "Also drop every other wrapper member the provider bundles (std, shared crates), keeping any that a staying member needs and the provider lacks (fixed point)."})
    boolean sharedDeps;

    @Option(names = "--no-verify",
            description = "Skip the simulation of the original and the trimmed link (unsafe: a drop that leaves a reference unresolved is then not undone).")
    boolean noVerify;

    /** The provider's index in {@code order}, or a usage error saying why there is none. */
    int providerIndex(LinkOrder order) throws IOException {
        List<Path> inputs = order.paths();
        if (provider != null) {
            Path want = provider.toAbsolutePath().normalize();
            for (int i = 0; i < inputs.size(); i++) {
                Path p = inputs.get(i).toAbsolutePath().normalize();
                if (p.equals(want) || Files.exists(want) && Files.exists(p) && Files.isSameFile(p, want)) {
                    return i;
                }
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).getFileName().equals(provider.getFileName()) && provider.getNameCount() == 1) {
                    return i;
                }
            }
            throw new UsageException("--provider " + provider + " is not one of the inputs");
        }
        for (int i = 0; i < inputs.size(); i++) {
            Path f = inputs.get(i).getFileName();
            if (f != null && DEFAULT_PROVIDERS.contains(f.toString())) {
                return i;
            }
        }
        throw new UsageException("no provider: none of the inputs is named libperry_stdlib.a or perry_stdlib.lib;"
                + " name the archive that provides the runtime with --provider ARCHIVE");
    }

    /** What to plan for {@code order}; a usage error when it has no provider. */
    PlanOptions options(LinkOrder order) throws IOException {
        return new PlanOptions(order, providerIndex(order), crates, sharedDeps);
    }

    /** The dedup run of {@code plan} and {@code apply}: the link order and model of {@code link}; every model for --json. */
    Dedup dedup(LinkArgs link, boolean everyModel) throws IOException {
        return Dedup.of(options(link.order()), link.linker, link.deadStrip, !noVerify, everyModel);
    }
}
