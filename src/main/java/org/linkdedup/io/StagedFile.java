package org.linkdedup.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.io.FileUtils;

/**
 * An output written in full beside its destination before it replaces anything. {@link #write}
 * creates a temporary file in the destination's directory ({@code .NAME.<random>.linkdedup-tmp}),
 * lets the caller write and check it, and keeps it only when that succeeds; {@link #commit()}
 * renames it into place in one step, so that every process, killed ones included, sees the old
 * file or the whole new one, never a mix. Not fsynced, like the compiler's and ar's outputs beside
 * it: the rename is what makes it appear whole. A run killed before the rename leaves its temporary
 * file, which no later run mistakes for its own (each name is new). {@link StagedFiles} commits
 * several together.
 */
public final class StagedFile {
    private static final String SUFFIX = ".linkdedup-tmp";

    /** Writes a staged file's content to {@code tmp} and may check it: whatever it throws discards the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private final Path tmp;
    private final Path dest;
    private boolean pending = true;

    private StagedFile(Path tmp, Path dest) {
        this.tmp = tmp;
        this.dest = dest;
    }

    /**
     * Stages {@code content} for {@code dest}, creating the destination's directory if needed;
     * {@code dest} itself is not touched.
     */
    public static StagedFile write(Path dest, Content content) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", SUFFIX);
        boolean written = false;
        try {
            content.writeTo(tmp);
            written = true;
            return new StagedFile(tmp, dest);
        } finally {
            if (!written) {
                FileUtils.deleteQuietly(tmp.toFile());
            }
        }
    }

    public Path destination() {
        return dest;
    }

    /** Renames the staged file into place, replacing what was there. */
    public synchronized void commit() throws IOException {
        if (!pending) {
            throw new IllegalStateException(dest + " was already committed or discarded");
        }
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        pending = false;
    }

    /** Deletes the staged file unless it was committed; a file that cannot be deleted is left behind. */
    public synchronized void discard() {
        if (pending) {
            pending = false;
            FileUtils.deleteQuietly(tmp.toFile());
        }
    }
}
