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
 * file). When the step fails, the files are checked first: a fault reading a mapping, or a format
 * error found in bytes that changed underneath, becomes the change of the first file, in the order
 * opened, that changed. Safe for use from several threads.
 *
 * <p>Why a fault needs {@link #surfaceFault}: a read of a mapped page past the end of a file that
 * shrank does not throw at once. HotSpot (JDK 17) lets the read return zeros and holds the fault
 * for the thread, then throws it as an {@link InternalError} the next time the thread returns from a
 * call into the VM (an allocation that takes the slow path, say) with no exception pending: later in
 * the step, after the step, or in place of another exception on its way up. {@link #read} surfaces
 * it where it can catch it, and so must any thread that read mappings for the step (each task of a
 * parallel stream), before it goes on with other work.
 */
public final class InputFiles {
    private final List<InputFile> opened = new ArrayList<>();

    /** {@link #surfaceFault}'s array length: a field, so that the compilers cannot know it. */
    private static int one = 1;
    /** Where {@link #surfaceFault} puts its array, so that no compiler drops it. */
    @SuppressWarnings("unused")
    private static Object[][] sink;

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
        v.source().allowChannel();
        return v;
    }

    /**
     * Remembers the file of {@code view}, opened earlier (an input loaded before, whose bytes a
     * writer copies again by its path), as it was when the view opened it; nothing for a view of an
     * array. A step that copies from the file then fails with the file's change, not with a short
     * copy, and {@link #read} checks after it that the file is still the one that was read.
     */
    public void add(ByteView view) {
        if (view.source() != null) {
            synchronized (opened) {
                opened.add(view.source());
            }
            view.source().allowChannel();
        }
    }

    /**
     * Runs {@code step}, which opens its files through {@link #open}; then throws {@link
     * InputChangedException} when one of them changed. A failure of the step is that change when a
     * file changed, else the failure itself (a mapping fault with no changed file among these is
     * named from every mapping this run holds).
     */
    public <T> T read(Step<T> step) throws IOException {
        try {
            return readChecked(step);
        } finally {
            closeChannels();
        }
    }

    /** Closes the channels {@link ByteView#copyThrough} opened on the files of this step. */
    private void closeChannels() {
        List<InputFile> files;
        synchronized (opened) {
            files = new ArrayList<>(opened);
        }
        files.forEach(InputFile::closeChannel);
    }

    private <T> T readChecked(Step<T> step) throws IOException {
        try {
            T result = run(step);
            checkUnchanged();
            return result;
        } catch (InternalError e) {
            // Not expected (run surfaces faults), but a fault must not escape as an internal error.
            if (!InputChangedException.isFault(e)) {
                throw e;
            }
            InputChangedException c = firstChanged(e);
            throw c != null ? c : InputChangedException.ofFault(e);
        }
    }

    private <T> T run(Step<T> step) throws IOException {
        try {
            T result = step.run();
            surfaceFault();
            return result;
        } catch (IOException | RuntimeException | InternalError e) {
            if (e instanceof InternalError && !InputChangedException.isFault(e)) {
                throw e;
            }
            // The step may have failed on the zeros of a faulting read before the fault was thrown.
            Throwable fault = InputChangedException.isFault(e) ? e : null;
            try {
                surfaceFault();
            } catch (InternalError late) {
                if (!InputChangedException.isMappingFault(late)) {
                    throw late;
                }
                fault = late;
                late.addSuppressed(e);
            }
            if (e instanceof InputChangedException ice) {
                throw ice;
            }
            InputChangedException c = firstChanged(fault != null ? fault : e);
            if (c == null && fault != null) {
                c = InputChangedException.ofFault(fault);
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

    /**
     * Throws now, as the {@link InternalError} it is, a fault HotSpot still holds for this thread
     * from a read of a mapping whose file shrank (see the class comment); returns at once, having
     * done nothing, when there is none. A multi-dimensional array is allocated by a call into the VM
     * in the interpreter and in both compilers, whatever its size: the call's return throws the
     * fault. Costs a few hundred nanoseconds.
     */
    public static void surfaceFault() {
        sink = new Object[one][0];
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
