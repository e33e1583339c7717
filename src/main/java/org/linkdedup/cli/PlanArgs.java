package org.linkdedup.cli;

import org.linkdedup.error.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.pipeline.Dedup;
import org.linkdedup.plan.PlanOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.linkdedup.plan.RewriteMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/** The link order and the dedup options shared by {@code plan}, {@code apply} and {@code exec}. */
final class PlanArgs {
    static final List<String> DEFAULT_PROVIDERS = List.of("libperry_stdlib.a", "perry_stdlib.lib");

    private final Arg<Path> provider;
    private final Arg<List<String>> crates;
    private final Arg<Boolean> sharedDeps;
    private final Arg<Boolean> noVerify;
    private final Arg<RewriteMode> rewrite;
    private final Arg<List<String>> localize;
    private final Arg<Boolean> allowSplit;

    PlanArgs(CommandSpec cmd) {
        provider = Arg.option(cmd, Path.class, OptionSpec.builder("--provider").paramLabel("ARCHIVE")
                .description("The archive that must end up as the single runtime copy. Default: the first input named libperry_stdlib.a or perry_stdlib.lib."));
        crates = Arg.list(cmd, String.class, OptionSpec.builder("--crate").paramLabel("NAME").defaultValue(PlanOptions.DEFAULT_CRATE)
                .description("Crate whose bundled members are candidates (repeatable; default ${DEFAULT-VALUE}): wrapper members named NAME-<hash>.… (cargo) or NAME.… (plain rustc)."));
        sharedDeps = Arg.flag(cmd, "--shared-deps",
                "Also drop every other wrapper member the provider bundles (std, shared crates), keeping any that a staying member needs and the provider lacks (fixed point).");
        noVerify = Arg.flag(cmd, "--no-verify",
                "Skip the simulation of the original and the trimmed link (unsafe: a drop that leaves a reference unresolved is then not undone).");
        rewrite = Arg.option(cmd, RewriteMode.class, OptionSpec.builder("--rewrite").paramLabel("MODE").defaultValue("weaken")
                .converters(new RewriteConverter()).initialValue(RewriteMode.WEAKEN)
                .description("What to rewrite in the members that stay, after the drops: weaken (default) makes every remaining duplicate definition that comes from the same crate build as the provider's copy (or, with no provider copy, as the copy the linker picks) weak in the other copies, so one copy wins without a diagnostic; none rewrites nothing. Copies from different builds, data whose copies differ, LLVM bitcode and plain object files are never rewritten: they are reported as conflicts."));
        localize = Arg.list(cmd, String.class, OptionSpec.builder("--localize").paramLabel("SYMBOL")
                .description("Make SYMBOL local in every kept wrapper member that defines it, so the provider's definition wins for the rest of the program while the member's own code keeps its copy (e.g. a stub in a bundled runtime copy). Repeatable; --localize=@FILE reads one name per line."));
        allowSplit = Arg.flag(cmd, "--allow-split",
                "Accept a result that still holds a split runtime or an unresolved conflict: write (apply) or link (exec) it anyway and exit 0. Without it such a result exits 5 and nothing is written or linked.");
    }

    /** {@code --no-verify}: skip the simulation. */
    boolean noVerify() {
        return noVerify.get();
    }

    /** {@code --allow-split}: accept a result that is not safe. */
    boolean allowSplit() {
        return allowSplit.get();
    }

    static final class RewriteConverter implements ITypeConverter<RewriteMode> {
        @Override
        public RewriteMode convert(String value) {
            for (RewriteMode m : RewriteMode.values()) {
                if (m.cliName().equals(value)) {
                    return m;
                }
            }
            throw new TypeConversionException("expected none or weaken, not '" + value + "'");
        }
    }

    /** The names of --localize, files read. */
    Set<String> localizeNames() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String l : localize.get()) {
            if (l.startsWith("@")) {
                for (String line : Files.readAllLines(Path.of(l.substring(1)), StandardCharsets.ISO_8859_1)) {
                    String name = line.strip();
                    if (!name.isEmpty() && !name.startsWith("#")) {
                        out.add(name);
                    }
                }
            } else if (l.isEmpty()) {
                throw new UsageException("--localize: an empty symbol name");
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** The files --localize=@FILE reads (no output may replace them). */
    List<Path> localizeFiles() {
        return localize.get().stream().filter(l -> l.startsWith("@")).map(l -> Path.of(l.substring(1))).toList();
    }

    /** The provider's index in {@code order}, or a usage error saying why there is none. */
    int providerIndex(LinkOrder order) throws IOException {
        List<Path> inputs = order.paths();
        Path provider = this.provider.get();
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
        return new PlanOptions(order, providerIndex(order), crates.get(), sharedDeps.get(), rewrite.get(), localizeNames());
    }

    /** The dedup run of {@code plan} and {@code apply}: the link order and model of {@code link}; every model for --json. */
    Dedup dedup(LinkArgs link, boolean everyModel) throws IOException {
        return Dedup.of(options(link.order()), link.linker(), link.deadStrip(), !noVerify(), everyModel);
    }
}
