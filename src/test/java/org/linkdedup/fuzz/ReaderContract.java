package org.linkdedup.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.linkdedup.io.InputFormatException;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.Symbol;

/**
 * What every fuzz target checks besides "no exception but {@link InputFormatException}": a rejection
 * names the file it was given and an offset inside it, in one printable line; a read allocates
 * in proportion to the input, not to a size or count declared in a header.
 */
final class ReaderContract {
    /** Bytes a read may allocate beyond {@link #BYTES_PER_INPUT_BYTE} per input byte (class loading, JIT, buffers). */
    static final long BASE_ALLOCATION = 64L << 20;
    /** A symbol record and its name per few input bytes is fine; a header count times anything is not. */
    static final long BYTES_PER_INPUT_BYTE = 2048;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReaderContract() {
    }

    /** A read that may accept its input or reject it with an {@link InputFormatException}, and nothing else. */
    interface Read {
        void run();
    }

    /** The body of a fuzz target. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs a fuzz target's body on one input. Replaying inputs (regression mode), an input that runs
     * past {@link FuzzSettings#TIMEOUT_SECONDS} fails; fuzzing, libFuzzer's {@code -timeout} does that.
     */
    static void target(Body body) throws Exception {
        if (FuzzSettings.FUZZING) {
            body.run();
        } else {
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(FuzzSettings.TIMEOUT_SECONDS), () -> body.run(),
                    "one input took more than " + FuzzSettings.TIMEOUT_SECONDS + " s: a hang");
        }
    }

    /**
     * Runs {@code read} over an input of {@code size} bytes labelled {@code file}; returns whether it
     * accepted the input. Anything but an {@link InputFormatException} propagates (a finding), and so
     * does an {@link AssertionError} for a rejection that breaks the message contract or a read
     * that allocated out of proportion.
     */
    static boolean accepts(String file, long size, Read read) {
        return accepts(Map.of(file, size), size, read);
    }

    /**
     * {@link #accepts(String, long, Read)} for a read whose errors may name any of {@code files}
     * (file name to its size); {@code size} is the input size the allocation budget is based on.
     */
    static boolean accepts(Map<String, Long> files, long size, Read read) {
        long budget = BASE_ALLOCATION + BYTES_PER_INPUT_BYTE * size;
        long[] allocated = new long[1];
        boolean accepted = run(files, read, allocated);
        if (allocated[0] > budget) {
            // The first read of a JVM loads (and, fuzzing, instruments) classes: only a read that
            // allocates too much again is a finding.
            run(files, read, allocated);
            if (allocated[0] > budget) {
                throw new AssertionError("reading " + size + " bytes allocated " + allocated[0] + " bytes (budget " + budget + ")");
            }
        }
        return accepted;
    }

    private static boolean run(Map<String, Long> files, Read read, long[] allocated) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            read.run();
            return true;
        } catch (InputFormatException e) {
            checkMessage(e, files);
            return false;
        } finally {
            allocated[0] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
    }

    /** The error names one of {@code files}, an offset inside it, and prints as one line of printable text. */
    static void checkMessage(InputFormatException e, Map<String, Long> files) {
        Long size = files.get(e.file());
        if (size == null) {
            throw new AssertionError("error names file " + e.file() + ", expected one of " + files.keySet(), e);
        }
        if (e.offset() < 0 || e.offset() > size) {
            throw new AssertionError("error offset " + e.offset() + " is outside the file (size " + size + ")", e);
        }
        if (e.reason() == null || e.reason().isEmpty()) {
            throw new AssertionError("error without a reason", e);
        }
        String m = e.getMessage();
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c >= 0x7f && c < 0xa0) {
                throw new AssertionError("error message has control character 0x" + Integer.toHexString(c)
                        + " at " + i + ": " + m.replace("\n", "\\n"), e);
            }
        }
    }

    /** Touches everything a reader returned, as the listing and the planner would. */
    static void consume(ObjectFile o) {
        o.description();
        o.source();
        for (Symbol s : o.symbols()) {
            s.name().length();
            s.isExternalDefinition();
        }
    }
}
