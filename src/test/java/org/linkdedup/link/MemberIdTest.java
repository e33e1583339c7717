package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link MemberId}: its order, and a hash that spreads the ids of a large link over a hash table's buckets. */
class MemberIdTest {
    @Test
    void ordersByInputThenPosition() {
        TreeSet<MemberId> ids = new TreeSet<>();
        ids.add(new MemberId(1, 0));
        ids.add(new MemberId(0, 7));
        ids.add(new MemberId(0, 2));
        assertEquals("[MemberId[input=0, position=2], MemberId[input=0, position=7], MemberId[input=1, position=0]]", ids.toString());
    }

    /**
     * The members of 27 inputs of 400 members each (a 24-wrapper perry link) in a HashMap of 16384
     * buckets, indexed as HashMap indexes (the low bits of the hash with its high half folded in):
     * nearly as many buckets used as a random hash would use (about 8000), and none holding the 8
     * entries at which HashMap turns a bucket into a tree.
     */
    @Test
    void theIdsOfALargeLinkSpreadOverAHashTable() {
        Map<Integer, Integer> buckets = new HashMap<>();
        for (int input = 0; input < 27; input++) {
            for (int position = 0; position < 400; position++) {
                int h = new MemberId(input, position).hashCode();
                buckets.merge((h ^ (h >>> 16)) & (16384 - 1), 1, Integer::sum);
            }
        }
        int fullest = buckets.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(buckets.size() > 7000, buckets.size() + " buckets used");
        assertTrue(fullest < 8, "the fullest bucket holds " + fullest);
    }

    @Test
    void equalIdsHashAlike() {
        assertEquals(new MemberId(3, 99).hashCode(), new MemberId(3, 99).hashCode());
        assertNotEquals(new MemberId(3, 99).hashCode(), new MemberId(99, 3).hashCode());
    }
}
