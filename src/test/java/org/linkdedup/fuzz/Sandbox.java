package org.linkdedup.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.linkdedup.testing.Fixtures;

/**
 * A temporary directory for one JVM's fuzz targets. It holds a copy of testdata/small/ar/thin, so
 * that thin archives read from the fuzz bytes as {@code sandbox/fuzz.a} find real member files;
 * targets never open a thin member that resolves outside it (a fuzzed name can be any path).
 */
final class Sandbox {
    private static Path dir;

    private Sandbox() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("linkdedup-fuzz").toRealPath();
                Path thin = Fixtures.small("ar/thin");
                try (Stream<Path> files = Files.walk(thin)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Path to = d.resolve("thin").resolve(thin.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to);
                        }
                    }
                }
                dir = d;
                Runtime.getRuntime().addShutdownHook(new Thread(Sandbox::deleteQuietly));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Whether a thin member's file is one a target may open. */
    static boolean inside(Path external) {
        return external.normalize().startsWith(dir());
    }

    private static void deleteQuietly() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a leftover temporary directory is harmless
        }
    }
}
