package org.linkdedup.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outputs of one run, replaced all together or not at all: each is staged ({@link StagedFile}:
 * written and checked beside its destination) as the run produces it, {@link #commit()} renames
 * them all into place once every one is staged, and {@link #close()} discards whatever was not
 * committed, so a run that fails anywhere before the commit changes no destination:
 *
 * <pre>{@code
 * try (StagedFiles out = new StagedFiles()) {
 *     out.stage(dest, tmp -> write(tmp));   // any number, from any thread
 *     out.commit();
 * }
 * }</pre>
 *
 * The renames are one after another, in the order the files were added, each keeping the old
 * content aside; when one fails (its directory removed meanwhile, say), those already done are put
 * back as they were, and the old contents are dropped only once every rename succeeded.
 */
public final class StagedFiles implements Closeable {
    private final List<StagedFile> files = new ArrayList<>();
    private final Set<Path> destinations = new HashSet<>();
    /** A step between two renames of {@link #commit()} (tests use it to make one fail). */
    private final BetweenRenames between;

    /** Runs before the rename of each staged file but the first. */
    @FunctionalInterface
    interface BetweenRenames {
        void before(StagedFile next) throws IOException;
    }

    public StagedFiles() {
        this(next -> { });
    }

    StagedFiles(BetweenRenames between) {
        this.between = between;
    }

    /** Stages {@code content} for {@code dest} ({@link StagedFile#write}) and adds it. */
    public StagedFile stage(Path dest, StagedFile.Content content) throws IOException {
        StagedFile f = StagedFile.write(dest, content);
        add(f);
        return f;
    }

    /** The staging of output {@code i} of several ({@link #stageAll}). */
    @FunctionalInterface
    public interface Stager {
        StagedFile stage(int i) throws IOException;
    }

    /**
     * Stages {@code n} outputs at once ({@link Parallel#forEach}) and adds them in index order, the
     * ones staged before a failure included (this batch then discards them); throws the failure with
     * the lowest index.
     */
    public void stageAll(int n, Stager stager) throws IOException {
        StagedFile[] staged = new StagedFile[n];
        try {
            Parallel.forEach(n, i -> staged[i] = stager.stage(i));
        } finally {
            for (StagedFile f : staged) {
                if (f != null) {
                    add(f);
                }
            }
        }
    }

    /** Adds a file staged elsewhere; from now on this batch commits or discards it. */
    public synchronized void add(StagedFile f) {
        if (!destinations.add(f.destination().toAbsolutePath().normalize())) {
            f.discard();
            throw new IllegalArgumentException("two outputs staged for " + f.destination());
        }
        files.add(f);
    }

    /** The staged content of the file staged for {@code dest} (a copy may be taken before the commit). */
    public synchronized Path staged(Path dest) {
        for (StagedFile f : files) {
            if (f.destination().equals(dest)) {
                return f.staged();
            }
        }
        throw new IllegalArgumentException("nothing staged for " + dest);
    }

    /**
     * Renames every staged file into place, in the order they were added. When a rename fails, the
     * files already renamed get their old content back (or are removed when there was none), the
     * rest are discarded, and the failure names the destination that could not be replaced.
     */
    public synchronized void commit() throws IOException {
        List<StagedFile> done = new ArrayList<>();
        try {
            for (StagedFile f : files) {
                if (!done.isEmpty()) {
                    between.before(f);
                }
                try {
                    f.replace();
                } catch (IOException e) {
                    throw new IOException("cannot replace " + ByteStrings.of(f.destination()) + ": " + FileErrors.reason(e)
                            + (done.isEmpty() ? "; nothing was replaced" : "; the " + done.size()
                            + " output(s) already replaced were put back as they were"), e);
                }
                done.add(f);
            }
        } catch (IOException | RuntimeException e) {
            for (int i = done.size() - 1; i >= 0; i--) {
                try {
                    done.get(i).restore();
                } catch (IOException restoreFailed) {
                    e.addSuppressed(restoreFailed);
                }
            }
            throw e;
        }
        for (StagedFile f : done) {
            f.dropBackup();
        }
        files.clear();
    }

    /** Discards every staged file not committed. */
    @Override
    public synchronized void close() {
        for (StagedFile f : files) {
            f.discard();
        }
        files.clear();
    }
}
