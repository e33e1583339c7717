package org.linkdedup.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.objfile.NameInterner;

/**
 * What {@code symbols} does, without the command line: read each input on its own and hand it, in
 * the order given, to a sink ({@code report.SymbolListing} prints it). Inputs are read ahead on a
 * small pool while the caller's thread consumes them, so a listing of many archives keeps every
 * core busy and holds only a few inputs at once; names are not shared between inputs.
 */
public final class Symbols {
    private Symbols() {
    }

    /** Takes each input read, in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(LoadedInput input) throws IOException;
    }

    /** Turns an input read into what its sink takes; runs on the thread that read the input. */
    @FunctionalInterface
    public interface Renderer<T> {
        T render(LoadedInput input);
    }

    /** Takes each input's rendering, in order. */
    @FunctionalInterface
    public interface RenderedSink<T> {
        void accept(T rendered) throws IOException;
    }

    /**
     * Reads {@code inputs} (with their local symbols when {@code locals}) into {@code sink}; the
     * first failure, in input order, is thrown as it was thrown.
     */
    public static void read(List<Path> inputs, boolean locals, Sink sink) throws IOException {
        read(inputs, locals, input -> input, sink::accept);
    }

    /**
     * Reads {@code inputs} and renders each on the thread that read it (so that a listing is
     * formatted on every core, and an input is let go of as soon as it is rendered); hands the
     * renderings to {@code sink} in input order. The first failure, in input order, is thrown as it
     * was thrown, after the renderings of the inputs before it.
     */
    public static <T> void read(List<Path> inputs, boolean locals, Renderer<T> renderer, RenderedSink<T> sink)
            throws IOException {
        InputLoader loader = new InputLoader(NameInterner.none(), locals);
        int cores = Runtime.getRuntime().availableProcessors();
        int ahead = Math.max(2, 2 * cores);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cores), r -> {
            Thread t = new Thread(r, "linkdedup-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<T>> pending = new ArrayDeque<>();
            int next = 0;
            while (next < inputs.size() || !pending.isEmpty()) {
                while (next < inputs.size() && pending.size() < ahead) {
                    Path p = inputs.get(next++);
                    pending.add(pool.submit(() -> renderer.render(loader.load(List.of(p)).get(0))));
                }
                sink.accept(result(pending.poll()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The value of a finished read, its failure rethrown as it was thrown. */
    private static <T> T result(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading inputs", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }
}
