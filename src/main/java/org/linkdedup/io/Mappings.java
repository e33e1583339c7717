package org.linkdedup.io;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file mappings {@link ByteView#map} made that may still be in use: to bound how many there are,
 * and to name the file behind a fault.
 *
 * <p>Each mapped window is one entry in the process's memory map, which Linux limits
 * ({@code vm.max_map_count}, 65530 by default) for everything the JVM maps as well: heap, thread
 * stacks, code, libraries. Past the limit a mapping fails, or some allocation of the JVM's own
 * does and the JVM crashes. A mapping lasts until the garbage collector finds its buffers
 * unreachable, so windows are counted from when they are mapped until the views over them are
 * collected (each is held here weakly). Under {@link #BUDGET} every file is mapped; past it a file of
 * at most {@link #HEAP_READ_MAX} bytes is read into the heap instead, and a larger one is mapped while
 * the count stays under {@link #LIMIT}. A link with a few thousand inputs maps them all; one with
 * 70,000 small objects maps 4,096 and reads the rest.
 *
 * <p>A mapped file that shrinks faults on the next read of a page past its new end, and HotSpot may
 * report the fault after the read (see {@link InputFiles#surfaceFault}), where the file being read
 * is another; {@link #firstChanged} then names the file from the mappings still held.
 */
final class Mappings {
    /** Windows mapped for files of any size. */
    static final int BUDGET = 4096;
    /** Past the budget, files up to this size are read into the heap. */
    static final long HEAP_READ_MAX = 16L << 20;
    /** Windows mapped at most: far below {@code vm.max_map_count}, whatever else the JVM maps. */
    static final int LIMIT = 32768;

    private static final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private static final Set<Mapping> live = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger windows = new AtomicInteger();
    private static final AtomicLong sequence = new AtomicLong();

    private Mappings() {
    }

    /** The windows of one mapped file, held until its buffers (the {@code ByteBuffer[]} of its views) are collected. */
    private static final class Mapping extends WeakReference<Object> {
        final InputFile file;
        final int windows;
        final long order;

        Mapping(Object buffers, InputFile file, int windows) {
            super(buffers, collected);
            this.file = file;
            this.windows = windows;
            this.order = sequence.incrementAndGet();
        }
    }

    /**
     * Whether {@code count} more windows, of a file of {@code size} bytes, may be mapped; when so they
     * are counted, and must be {@link #register registered} or {@link #release released}.
     */
    static boolean reserve(int count, long size) {
        purge();
        int limit = size <= HEAP_READ_MAX ? BUDGET : LIMIT;
        while (true) {
            int now = windows.get();
            if (now + count > limit) {
                return false;
            }
            if (windows.compareAndSet(now, now + count)) {
                return true;
            }
        }
    }

    /** Gives back reserved windows that were not mapped after all. */
    static void release(int count) {
        windows.addAndGet(-count);
    }

    /** Records {@code count} reserved windows as mapped for {@code file}, until {@code buffers} is collected. */
    static void register(Object buffers, InputFile file, int count) {
        live.add(new Mapping(buffers, file, count));
    }

    /** How many windows are mapped (or reserved) and may still be in use. */
    static int windows() {
        purge();
        return windows.get();
    }

    /**
     * The change of a file whose mapping may still be in use and which changed since it was mapped,
     * for a fault: the first, in the order they were mapped, that {@link InputFile#shrank shrank} (the
     * only change that makes a mapping fault), else the first that changed otherwise; {@code null}
     * when none did. Looks at every such file.
     */
    static InputChangedException firstChanged(Throwable cause) {
        purge();
        List<Mapping> held = new ArrayList<>(live);
        held.removeIf(m -> m.refersTo(null));
        held.sort(Comparator.comparingLong(m -> m.order));
        for (Mapping m : held) {
            InputChangedException c = m.file.shrank() ? m.file.changedSince(cause) : null;
            if (c != null) {
                return c;
            }
        }
        for (Mapping m : held) {
            InputChangedException c = m.file.changedSince(cause);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static void purge() {
        Reference<?> r;
        while ((r = collected.poll()) != null) {
            Mapping m = (Mapping) r;
            if (live.remove(m)) {
                windows.addAndGet(-m.windows);
            }
        }
    }
}
