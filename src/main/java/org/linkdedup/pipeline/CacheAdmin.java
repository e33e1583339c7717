package org.linkdedup.pipeline;

import java.nio.file.Path;
import org.linkdedup.cache.ResultCache;

/** {@code linkdedup cache stats|clear}: what the prepared-result cache holds, and emptying it. */
public final class CacheAdmin {
    private CacheAdmin() {
    }

    /** A cache's directory, how many entries it holds, their bytes, and its size limit. */
    public record Stats(Path dir, int entries, long bytes, long maxBytes) {
    }

    /** The entries and bytes of the cache {@code settings} name (none: nothing there yet). */
    public static Stats stats(Prepare.Settings settings) {
        return of(ResultCache.open(settings.dir(), settings.maxBytes()).stats());
    }

    /** Removes every entry and fingerprint record; returns what was there. */
    public static Stats clear(Prepare.Settings settings) {
        ResultCache c = ResultCache.open(settings.dir(), settings.maxBytes());
        ResultCache.Stats before = c.stats();
        c.clear();
        return of(before);
    }

    private static Stats of(ResultCache.Stats s) {
        return new Stats(s.dir(), s.entries(), s.bytes(), s.maxBytes());
    }
}
