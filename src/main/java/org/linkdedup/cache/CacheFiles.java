package org.linkdedup.cache;

import org.apache.commons.io.FileUtils;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;

/** Small file operations of the cache: never an error for the run, at worst nothing is cached. */
final class CacheFiles {
    static final long PID = ProcessHandle.current().pid();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CacheFiles() {
    }

    /** A name no other process or thread picks: {@code PID-RANDOM}. */
    static String unique() {
        return PID + "-" + Long.toUnsignedString(RANDOM.nextLong());
    }

    /** Writes {@code bytes} to {@code file} through a temporary file and a rename; does nothing on failure. */
    static void writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + unique() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for the next sweep
            }
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can (what is left is swept later). */
    static void deleteTree(Path dir) {
        FileUtils.deleteQuietly(dir.toFile());
    }

    /** The size of every file under {@code dir}. */
    static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // counted as far as it could be
        }
        return total[0];
    }
}
