package org.linkdedup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.linkdedup.io.Progress;

/**
 * A one-line progress display on stderr for runs that take a while: nothing during the first
 * second, then the current step ({@code linkdedup: reading 4 inputs 512/963 members, 1.4 s}),
 * repainted in place a few times a second, and cleared as soon as the step ends, before the command
 * prints anything. Only when stderr is a terminal (and {@code TERM} is not {@code dumb}), and not
 * with {@code -v}, whose log lines would be painted over.
 */
final class ProgressDisplay implements AutoCloseable {
    static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REPAINT_MILLIS = 125;
    private static final String CLEAR = "\r\033[K";

    private final PrintWriter err;
    private final Progress progress;
    private final long startNanos;
    private final Thread painter;
    private boolean shown;
    private boolean closed;

    /**
     * Starts painting {@code progress} to {@code err} (after {@link #DELAY_NANOS}), or returns null
     * when {@code enabled} is false.
     */
    static ProgressDisplay startIf(boolean enabled, PrintWriter err, Progress progress) {
        if (!enabled) {
            return null;
        }
        ProgressDisplay d = new ProgressDisplay(err, progress, System.nanoTime(), true);
        d.painter.start();
        return d;
    }

    /** A display that paints only when {@link #tick} is called (tests). */
    static ProgressDisplay manual(PrintWriter err, Progress progress, long startNanos) {
        return new ProgressDisplay(err, progress, startNanos, false);
    }

    private ProgressDisplay(PrintWriter err, Progress progress, long startNanos, boolean thread) {
        this.err = err;
        this.progress = progress;
        this.startNanos = startNanos;
        this.painter = thread ? new Thread(this::paintLoop, "linkdedup-progress") : null;
        if (painter != null) {
            painter.setDaemon(true);
        }
        progress.listen(new Progress.Listener() {
            @Override
            public void started(String step, long total) {
            }

            @Override
            public void finished() {
                clear();
            }
        });
    }

    /** Whether this process's stderr is a terminal that can repaint a line. */
    static boolean stderrIsTerminal() {
        String term = System.getenv("TERM");
        if (term == null || term.isEmpty() || term.equals("dumb")) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
        // No /proc (macOS): a console means stdin and stdout are terminals, and then stderr usually is.
        return System.console() != null;
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(REPAINT_MILLIS);
                tick(System.nanoTime());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Paints the current step, as it is at {@code nowNanos}, once the delay has passed. */
    synchronized void tick(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (closed || elapsed < DELAY_NANOS) {
            return;
        }
        Progress.Snapshot s = progress.snapshot();
        if (s.step() == null) {
            clear();
            return;
        }
        err.print(CLEAR + line(s, elapsed));
        err.flush();
        shown = true;
    }

    /** The line for {@code s} after {@code elapsedNanos}. */
    static String line(Progress.Snapshot s, long elapsedNanos) {
        StringBuilder b = new StringBuilder("linkdedup: ").append(s.step());
        if (s.total() > 0) {
            b.append(' ').append(s.done()).append('/').append(s.total()).append(" members");
        }
        long tenths = elapsedNanos / 100_000_000L;
        return b.append(", ").append(tenths / 10).append('.').append(tenths % 10).append(" s").toString();
    }

    private synchronized void clear() {
        if (shown) {
            err.print(CLEAR);
            err.flush();
            shown = false;
        }
    }

    @Override
    public void close() {
        if (painter != null) {
            painter.interrupt();
        }
        synchronized (this) {
            clear();
            closed = true;
        }
        progress.listen(null);
    }
}
