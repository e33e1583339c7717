package org.linkdedup.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outputs of one run, replaced together: each is staged ({@link StagedFile}: written and
 * checked beside its destination) as the run produces it, {@link #commit()} renames them all into
 * place once every one is staged, and {@link #close()} discards whatever was not committed, so a
 * run that fails anywhere before the commit changes no destination:
 *
 * <pre>{@code
 * try (StagedFiles out = new StagedFiles()) {
 *     out.stage(dest, tmp -> write(tmp));   // any number, from any thread
 *     out.commit();
 * }
 * }</pre>
 *
 * The renames are one after another, in the order the files were added: one that fails (its
 * directory removed meanwhile, say) leaves those before it in place.
 */
public final class StagedFiles implements Closeable {
    private final List<StagedFile> files = new ArrayList<>();
    private final Set<Path> destinations = new HashSet<>();

    /** Stages {@code content} for {@code dest} ({@link StagedFile#write}) and adds it. */
    public StagedFile stage(Path dest, StagedFile.Content content) throws IOException {
        StagedFile f = StagedFile.write(dest, content);
        add(f);
        return f;
    }

    /** Adds a file staged elsewhere; from now on this batch commits or discards it. */
    public synchronized void add(StagedFile f) {
        if (!destinations.add(f.destination().toAbsolutePath().normalize())) {
            f.discard();
            throw new IllegalArgumentException("two outputs staged for " + f.destination());
        }
        files.add(f);
    }

    /** Renames every staged file into place, in the order they were added. */
    public synchronized void commit() throws IOException {
        for (StagedFile f : files) {
            f.commit();
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
