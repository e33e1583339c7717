package org.linkdedup.io;

import java.io.IOException;
import java.util.stream.IntStream;

/**
 * Runs one task per index on every core and reports failures as a sequential run would: every task
 * runs, and the failure thrown is the one with the lowest index, as it was thrown (an
 * {@link IOException} or a {@link RuntimeException}; an {@link Error} is not caught). So the error a
 * run reports does not depend on scheduling.
 */
public final class Parallel {
    private Parallel() {
    }

    /** A task for index {@code i}. */
    @FunctionalInterface
    public interface Task {
        void run(int i) throws IOException;
    }

    /** Runs {@code task} for every index in {@code [0, n)}, in parallel; throws the first failure in index order. */
    public static void forEach(int n, Task task) throws IOException {
        Exception[] failed = new Exception[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                task.run(i);
            } catch (IOException | RuntimeException e) {
                failed[i] = e;
            }
        });
        for (Exception e : failed) {
            if (e instanceof IOException io) {
                throw io;
            } else if (e != null) {
                throw (RuntimeException) e;
            }
        }
    }
}
