package org.linkdedup.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The input files one reading step opens, each remembered as it was when opened, so that a file a
 * concurrent build changes while the step reads it ends the step with an {@link
 * InputChangedException} naming the file (exit 3), not with a fault, garbage symbols or a
 * malformed-input message about bytes that are no longer there.
 *
 * <pre>{@code
 * InputFiles files = new InputFiles();
 * return files.read(() -> parse(files.open(path)));
 * }</pre>
 *
 * <p>{@link #read} runs the step and then checks that no file it opened changed (a {@code stat} per
 * file). When the step fails, the files are checked first: a fault reading a mapping (which HotSpot
 * may report after the read, anywhere in the step, even on another thread of a parallel stream), or a
 * format error found in bytes that changed underneath, becomes the change of the first file, in the
 * order opened, that changed. Safe for use from several threads.
 */
public final class InputFiles {
    private final List<InputFile> opened = new ArrayList<>();

    /** A reading step. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException;
    }

    /** {@link ByteView#map Maps} (or reads) {@code path} and remembers the file as it is now. */
    public ByteView open(Path path) throws IOException {
        ByteView v = ByteView.map(path);
        synchronized (opened) {
            opened.add(v.source());
        }
        return v;
    }

    /**
     * Runs {@code step}, which opens its files through {@link #open}; then throws {@link
     * InputChangedException} when one of them changed. A failure of the step is that change when a
     * file changed, else the failure itself (a mapping fault with no changed file among these is
     * named from every mapping this run holds).
     */
    public <T> T read(Step<T> step) throws IOException {
        try {
            T result = run(step);
            checkUnchanged();
            return result;
        } catch (InternalError e) {
            // HotSpot delivered a fault late: while the files were being checked, or a failure attributed.
            if (!InputChangedException.isFault(e)) {
                throw e;
            }
            InputChangedException c = firstChanged(e);
            throw c != null ? c : InputChangedException.ofFault(e);
        }
    }

    private <T> T run(Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (IOException | RuntimeException | InternalError e) {
            if (e instanceof InputChangedException || e instanceof InternalError && !InputChangedException.isFault(e)) {
                throw e;
            }
            InputChangedException c = firstChanged(e);
            if (c == null && InputChangedException.isFault(e)) {
                c = InputChangedException.ofFault(e);
            }
            if (c != null) {
                throw c;
            }
            throw e;
        }
    }

    /** Throws {@link InputChangedException} for the first file opened so far that changed since. */
    public void checkUnchanged() {
        InputChangedException c = firstChanged(null);
        if (c != null) {
            throw c;
        }
    }

    private InputChangedException firstChanged(Throwable cause) {
        List<InputFile> files;
        synchronized (opened) {
            files = new ArrayList<>(opened);
        }
        for (InputFile f : files) {
            InputChangedException c = f.changedSince(cause);
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
