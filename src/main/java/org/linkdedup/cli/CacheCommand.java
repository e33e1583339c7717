package org.linkdedup.cli;

import org.linkdedup.error.ExitCode;
import org.linkdedup.error.UsageException;
import org.linkdedup.pipeline.CacheAdmin;
import org.linkdedup.pipeline.Prepare;
import org.linkdedup.report.PlanReport;
import picocli.CommandLine.Model.PositionalParamSpec;

final class CacheCommand extends LinkdedupCommand {
    private final CacheArgs cache = new CacheArgs(spec);
    private final Arg<String> action = Arg.positional(spec, String.class, PositionalParamSpec.builder().index("0")
            .paramLabel("stats|clear").description("What to do."));

    CacheCommand() {
        super("cache",
            "Show or empty the prepared-result cache of apply and exec.",
            new String[] {
                "stats: the cache directory, its entries, their size and the size limit. clear: remove every entry and fingerprint record. The directory is the one apply and exec use (--cache-dir, $LINKDEDUP_CACHE_DIR, $XDG_CACHE_HOME/linkdedup, ~/.cache/linkdedup)."},
            "  linkdedup cache stats",
            "  /root/.cache/linkdedup: 3 entries, 66 MB (limit 1024 MB)",
            "  linkdedup cache clear --cache-dir build/linkdedup-cache");
        standardHelpOptions();
    }

    @Override
    public Integer call() {
        String action = this.action.get();
        if (cache.noCache()) {
            throw new UsageException("cache " + action + ": --no-cache names no cache");
        }
        Prepare.Settings settings = cache.settings();
        var out = spec.commandLine().getOut();
        switch (action) {
            case "stats" -> out.println(PlanReport.cacheStats(CacheAdmin.stats(settings), false));
            case "clear" -> out.println(PlanReport.cacheStats(CacheAdmin.clear(settings), true));
            default -> throw new UsageException("cache: expected stats or clear, not '" + action + "'");
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
