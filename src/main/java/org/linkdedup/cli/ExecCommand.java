package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import org.linkdedup.error.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.linkdedup.exec.LinkCommand;
import org.linkdedup.exec.ResponseFiles;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.report.PlanReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Prepare;
import org.linkdedup.pipeline.Prepared;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class ExecCommand extends LinkdedupCommand {
    /** Exit status when the linker cannot be started, as shells report "command not found". */
    static final int CANNOT_RUN = 127;

    private final PlanArgs args = new PlanArgs(spec);
    private final Arg<LinkerModel> linker = Arg.option(spec, LinkerModel.class, OptionSpec.builder("--linker").paramLabel("MODEL")
            .converters(new LinkArgs.ModelConverter())
            .description("Linker model for the verification; default from the command: the linker run directly (ld.lld, mold, rust-lld -flavor gnu: lld; lld-link, link.exe, -flavor link: lld-link; ld64.lld: lld-macho; ld, ld.bfd, ld.gold: gnu), or for a compiler driver its last -fuse-ld= (lld, mold: lld; bfd, gold: gnu; lld for an Apple target: lld-macho) and clang's --ld-path=, which takes precedence. Otherwise from the inputs: ld64 for Mach-O, lld-link for COFF, else gnu."));
    private final Arg<Path> outDir = Arg.option(spec, Path.class, OptionSpec.builder("--out-dir").paramLabel("DIR")
            .description("Write the trimmed archives here (default: a fresh temporary directory, removed afterwards)."));
    private final Arg<Boolean> keep = Arg.flag(spec, "--keep", "Keep the temporary directory of trimmed archives.");
    private final CacheArgs cache = new CacheArgs(spec);
    private final Arg<Boolean> dryRun = Arg.flag(spec, "--dry-run", "Print the report and the rewritten command; run nothing, write nothing.");
    private final Arg<List<String>> command = Arg.positionals(spec, String.class, PositionalParamSpec.builder().arity("1..*")
            .paramLabel("LINKER ARGS").description("The link command, after --."));

    ExecCommand() {
        super("exec",
            "Run a link command with the trimmed archives substituted.",
            new String[] {
                "Run a link command with its wrapper archives trimmed: reads the inputs of the command line (objects, archives, -L/-l resolved to static lib<name>.a, -Wl, and -Xlinker pass-through, @response files, --start-group/--end-group, --whole-archive and -force_load, whose members are never dropped; lld-link and link.exe command lines with /out:, /libpath:, /defaultlib:, /nodefaultlib, /wholearchive), plans and verifies like `apply`, writes the trimmed archives, runs the linker with them substituted, and exits with the linker's exit status. The [strip-dedup] report goes to stderr. Nothing to drop, or no provider among the inputs: the command runs unchanged."},
            "  linkdedup exec -- cc main.o libperry_ext_http.a libperry_stdlib.a libperry_runtime.a -o app",
            "  linkdedup exec -- cc main.o -Ltarget/release -lperry_ext_http -lperry_stdlib -lperry_runtime -o app",
            "  linkdedup exec --dry-run -- cc @link.rsp          # print the report and the rewritten command",
            "  linkdedup exec --out-dir build/dedup --keep -- ld.lld -o app main.o libperry_ext_http.a libperry_stdlib.a",
            "  linkdedup exec -- lld-link /out:app.exe /libpath:target/release main.obj perry_ui_windows.lib perry_stdlib.lib",
            "",
            "As a linker launcher: CMAKE_C_LINKER_LAUNCHER=linkdedup;exec;--   (README: Using it from builds)");
        standardHelpOptions();
    }

    /** The linker while it runs, for the shutdown hook. */
    private volatile Process running;
    /** The temporary directory of trimmed archives to remove on a signal, or null. */
    private volatile Path tempDir;
    /** The response file written for the linker, or null. */
    private volatile Path tempRsp;

    @Override
    public Integer call() throws Exception {
        // SIGINT/SIGTERM end the JVM without running finally blocks: stop the linker, remove what we made
        Thread hook = new Thread(this::cleanUpOnSignal, "linkdedup-exec-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return execute();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) and cleans up
            }
        }
    }

    private int execute() throws Exception {
        List<String> command = this.command.get();
        boolean dryRun = this.dryRun.get();
        boolean keep = this.keep.get();
        Path outDir = this.outDir.get();
        LinkerModel linker = this.linker.get();
        Path cwd = Path.of("").toAbsolutePath();
        LinkCommand link = LinkCommand.parse(command, cwd);
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        PlanOptions options;
        try {
            options = args.options(link.order());
        } catch (UsageException e) {
            log().info("{}; running the link unchanged", e.getMessage());
            return dryRun ? printCommand(command, out) : run(command);
        }
        // --dry-run writes nothing, not even into the cache
        Prepare prep = Prepare.of(dryRun ? Prepare.Settings.none() : cache.settings(), options,
                linker != null ? linker : modelOf(link), link.deadStrip(), !args.noVerify(), false, r -> PlanReport.texts(r, false));
        RunLog.log(prep, logging.verbosity());
        Prepared result = prep.prepared();
        var report = dryRun ? out : err;
        result.lines(dryRun || logging.verbosity() > 0).forEach(report::println);
        result.texts().verdictLines().forEach(report::println);
        report.flush();
        result.requireSafe(args.allowSplit(), dryRun ? "the link would not run" : "the link did not run");
        if (!result.changesAnything()) {
            prep.storeWithoutOutputs();
            return dryRun ? printCommand(command, out) : run(command);
        }
        boolean temporary = outDir == null;
        Path dir = temporary ? Files.createTempDirectory("linkdedup-exec-") : outDir;
        tempDir = temporary && !keep ? dir : null;
        Path rsp = null;
        try {
            List<Path> otherReads = new java.util.ArrayList<>(link.responseFiles());
            otherReads.addAll(args.localizeFiles());
            Apply apply = prep.apply(dir, null, otherReads);
            List<String> rewritten = link.rewrite(apply.written());
            if (link.usedResponseFiles()) {
                // A fresh file of its own, never one in --out-dir, where it could replace someone's file.
                rsp = Files.createTempFile("linkdedup-link-", ".rsp");
                tempRsp = rsp;
                rewritten = viaResponseFile(rewritten, rsp, link.tool() == LinkCommand.Tool.LINK);
            }
            if (dryRun) {
                return printCommand(rewritten, out);
            }
            apply.write();
            RunLog.cache(prep, logging.verbosity());
            RunLog.written(apply, logging.verbosity());
            return run(rewritten);
        } finally {
            if (rsp != null) {
                Files.deleteIfExists(rsp);
            }
            if (temporary && (!keep || dryRun)) {
                FileUtils.deleteDirectory(dir.toFile());
            } else if (temporary) {
                err.println("[strip-dedup] trimmed archives kept in " + ByteStrings.of(dir));
            }
        }
    }

    /** The model the command's linker follows; null leaves the choice to the inputs (gnu or ld64). */
    private static LinkerModel modelOf(LinkCommand link) {
        return link.model().orElse(null);
    }

    /**
     * The program and one {@code @file} holding every other argument (the original used response
     * files), quoted with Windows rules for a COFF linker ({@code windows}), which reads them so.
     */
    private static List<String> viaResponseFile(List<String> args, Path rsp, boolean windows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String a : args.subList(1, args.size())) {
            sb.append(windows ? ResponseFiles.quoteWindows(a) : ResponseFiles.quote(a)).append('\n');
        }
        Files.writeString(rsp, sb.toString(), StandardCharsets.UTF_8);
        return List.of(args.get(0), "@" + rsp);
    }

    private int printCommand(List<String> cmd, java.io.PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        for (String a : cmd) {
            sb.append(sb.length() == 0 ? "" : " ").append(a.matches("[A-Za-z0-9_./@%+=:,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        out.println(sb);
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * On SIGINT/SIGTERM: ends the linker (and what it started), then removes the temporary
     * directory of trimmed archives (unless --keep) and the response file.
     */
    private void cleanUpOnSignal() {
        Path dir = tempDir;
        Path rsp = tempRsp;
        Process p = running;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (rsp != null) {
                Files.deleteIfExists(rsp);
            }
            if (dir != null) {
                FileUtils.deleteDirectory(dir.toFile());
            }
        } catch (IOException e) {
            // nothing more can be done while the JVM exits
        }
    }

    private int run(List<String> cmd) throws InterruptedException {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        log().info("running {}", cmd);
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            running = p;
            return p.waitFor();
        } catch (IOException e) {
            spec.commandLine().getErr().println("linkdedup: cannot run " + cmd.get(0) + ": " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    /** Looked up when used, so that listing the commands does not start the logging system. */
    private static Logger log() {
        return LoggerFactory.getLogger(ExecCommand.class);
    }
}
