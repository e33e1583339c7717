package org.linkdedup.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the run is doing now, for a progress display: the current step, how many of its items are
 * done and how many there are (0: not counted). The stages report into the one instance of the
 * process ({@link #global}); reporting is an atomic increment, whether anyone watches or not. A
 * {@link Listener} (the terminal display of {@code cli}) samples it and hears when a step ends, so
 * that it can clear its line before the command prints anything.
 */
public final class Progress {
    /** A step as sampled: its name (null between steps), items done, items in all (0: not counted). */
    public record Snapshot(String step, long done, long total) {
    }

    /** Hears every step start and end, synchronously, on the reporting thread. */
    public interface Listener {
        void started(String step, long total);

        void finished();
    }

    private static final Progress GLOBAL = new Progress();

    private record Step(String name, long total) {
    }

    private volatile Step step;
    private final AtomicLong done = new AtomicLong();
    private volatile Listener listener;

    /** The instance the stages of this process report to. */
    public static Progress global() {
        return GLOBAL;
    }

    /** Starts step {@code name} of {@code total} items (0 when they are not counted). */
    public void start(String name, long total) {
        done.set(0);
        step = new Step(name, total);
        Listener l = listener;
        if (l != null) {
            l.started(name, total);
        }
    }

    /** One more item of the current step is done. */
    public void advance() {
        done.incrementAndGet();
    }

    /** The current step is over, and nothing runs until the next {@link #start}. */
    public void finish() {
        step = null;
        Listener l = listener;
        if (l != null) {
            l.finished();
        }
    }

    public Snapshot snapshot() {
        Step s = step;
        return s == null ? new Snapshot(null, 0, 0) : new Snapshot(s.name(), Math.min(done.get(), s.total() > 0 ? s.total() : Long.MAX_VALUE), s.total());
    }

    /** Sets (or with null removes) the one listener. */
    public void listen(Listener l) {
        listener = l;
    }
}
