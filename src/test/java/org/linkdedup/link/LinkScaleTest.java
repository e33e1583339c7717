package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linkdedup.testing.PerrySizedLink.ARCHIVES;
import static org.linkdedup.testing.PerrySizedLink.DEFINED;
import static org.linkdedup.testing.PerrySizedLink.MEMBERS;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.testing.PerrySizedLink;

/**
 * A perry-sized link ({@link PerrySizedLink}) under every model: what it loads and how many
 * duplicates it reports. How long it takes is measured by {@code bench/LinkScale.java}, not here.
 */
class LinkScaleTest {
    private static List<LoadedInput> inputs;

    @BeforeAll
    static void build() {
        inputs = PerrySizedLink.inputs();
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void aPerrySizedLink(LinkerModel model) {
        LinkResult r = LinkSimulator.simulate(inputs, LinkOptions.of(model));
        // the first archive is loaded whole, then member 0 of each other archive for its unique name
        assertEquals(1 + MEMBERS + (ARCHIVES - 1), r.loaded().size());
        assertEquals(List.of(), r.unresolved());
        int duplicates = (ARCHIVES - 1) * DEFINED;
        assertEquals(model == LinkerModel.LD64 ? DEFINED : duplicates, r.diagnostics(), model.cliName());
    }

    @Test
    void excludingMembers() {
        Set<MemberId> excluded = new HashSet<>();
        for (int a = 2; a <= ARCHIVES; a++) {
            for (int j = 1; j < MEMBERS; j++) {
                excluded.add(new MemberId(a, j));
            }
        }
        LinkResult r = LinkSimulator.simulate(inputs, LinkOptions.of(LinkerModel.GNU).withExcluded(excluded));
        assertEquals(1 + MEMBERS + (ARCHIVES - 1), r.loaded().size());
    }
}
