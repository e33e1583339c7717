package org.linkdedup.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.linkdedup.pipeline.Prepare;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/** The prepared-result cache options of {@code apply} and {@code exec}. */
final class CacheArgs {
    static final long DEFAULT_MAX = 1L << 30;

    private final Arg<Path> cacheDir;
    private final Arg<Boolean> noCache;
    private final Arg<Long> maxSize;

    CacheArgs(CommandSpec cmd) {
        cacheDir = Arg.option(cmd, Path.class, OptionSpec.builder("--cache-dir").paramLabel("DIR")
                .description("The prepared-result cache (default: $LINKDEDUP_CACHE_DIR, else $XDG_CACHE_HOME/linkdedup, else ~/.cache/linkdedup). An unchanged link is served from it: the same report, the same archive bytes."));
        noCache = Arg.flag(cmd, "--no-cache", "Neither read nor write the cache (also LINKDEDUP_NO_CACHE=1).");
        maxSize = Arg.option(cmd, Long.class, OptionSpec.builder("--cache-max-size").paramLabel("SIZE").converters(new SizeConverter())
                .description("Size limit of the cache, e.g. 500M, 2G (default: $LINKDEDUP_CACHE_MAX_SIZE, else 1G); the least recently used entries go first."));
    }

    /** {@code --no-cache}. */
    boolean noCache() {
        return noCache.get();
    }

    /** The cache these options (and the environment) choose. */
    Prepare.Settings settings() {
        String off = System.getenv("LINKDEDUP_NO_CACHE");
        if (noCache() || off != null && !off.isEmpty() && !off.equals("0")) {
            return Prepare.Settings.none();
        }
        Path dir = cacheDir.get();
        Long max = maxSize.get();
        return new Prepare.Settings(dir != null ? dir : defaultDir(), max != null ? max : envSize(), toolVersion(), toolCode());
    }

    static Path defaultDir() {
        String env = System.getenv("LINKDEDUP_CACHE_DIR");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "linkdedup");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "linkdedup");
    }

    private static long envSize() {
        String env = System.getenv("LINKDEDUP_CACHE_MAX_SIZE");
        if (env == null || env.isEmpty()) {
            return DEFAULT_MAX;
        }
        try {
            return parseSize(env);
        } catch (IllegalArgumentException e) {
            throw new org.linkdedup.error.UsageException("LINKDEDUP_CACHE_MAX_SIZE: " + e.getMessage());
        }
    }

    /** The version that goes into the key; the system property {@code linkdedup.toolVersion} replaces it (tests). */
    static String toolVersion() {
        return System.getProperty("linkdedup.toolVersion", new Main.Version().getVersion()[0]);
    }

    /** The jar (or class directory) linkdedup runs from, or null. */
    private static Path toolCode() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception | Error e) {
            return null;
        }
    }

    /** {@code N}, {@code NK}, {@code NM}, {@code NG} (powers of 1024). */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size such as 1G, 500M or 1048576, not '" + s + "'");
        }
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
