package org.linkdedup.plan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linkdedup.link.LinkOrder;

/** The provider is an input of the link order the plan is for. */
class PlanOptionsTest {
    private static final LinkOrder ORDER = LinkOrder.of(List.of(Path.of("w.a"), Path.of("libperry_stdlib.a")));

    @Test
    void theProviderIsAnInputOfTheOrder() {
        assertEquals(Path.of("libperry_stdlib.a"), ORDER.get(new PlanOptions(ORDER, 1, List.of("c"), false).provider()).path());
        assertEquals("provider 2 is not an input of the link order (2 inputs)",
                assertThrows(IllegalArgumentException.class, () -> new PlanOptions(ORDER, 2, List.of("c"), false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlanOptions(ORDER, -1, List.of("c"), false));
        assertThrows(IllegalArgumentException.class, () -> new PlanOptions(ORDER, 1, List.of(), false));
    }
}
