package org.linkdedup.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyTaskRunsAndTheFailureWithTheLowestIndexIsThrownAsItWas() {
        for (int round = 0; round < 20; round++) {
            AtomicInteger ran = new AtomicInteger();
            IOException e = assertThrows(IOException.class, () -> Parallel.forEach(200, i -> {
                ran.incrementAndGet();
                if (i == 37) {
                    throw new IOException("task 37");
                } else if (i == 150) {
                    throw new IllegalStateException("task 150");
                } else if (i == 199) {
                    throw new IOException("task 199");
                }
            }));
            assertEquals("task 37", e.getMessage());
            assertEquals(200, ran.get());
        }
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> Parallel.forEach(10, i -> {
            if (i >= 4) {
                throw new IllegalStateException("task " + i);
            }
        }));
        assertEquals("task 4", r.getMessage());
    }

    @Test
    void nothingFailingThrowsNothing() throws IOException {
        int[] seen = new int[100];
        Parallel.forEach(100, i -> seen[i] = i + 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(i + 1, seen[i]);
        }
        Parallel.forEach(0, i -> fail("no index"));
    }
}
