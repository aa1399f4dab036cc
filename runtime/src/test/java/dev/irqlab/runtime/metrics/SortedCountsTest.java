package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedCountsTest {

    /** Keys out of order, and fewer than the arrays hold: as the collector fills them. */
    private static SortedCounts counts() {
        return SortedCounts.of(new String[] {"elan_i2c.invalid_report", "a", "elan_i2c", "zz", null},
            new long[] {20, 1, 3, 0, 99}, 4);
    }

    private static Map<String, Long> treeMap() {
        Map<String, Long> m = new TreeMap<>();
        m.put("elan_i2c.invalid_report", 20L);
        m.put("a", 1L);
        m.put("elan_i2c", 3L);
        m.put("zz", 0L);
        return m;
    }

    @Test
    void isTheTreeMapOfTheSameCountsInOrderEqualityAndText() {
        SortedCounts c = counts();
        assertEquals(List.of("a", "elan_i2c", "elan_i2c.invalid_report", "zz"), List.copyOf(c.keySet()));
        assertEquals(List.of(1L, 3L, 20L, 0L), new ArrayList<>(c.values()));
        assertEquals(treeMap(), c);
        assertEquals(c, treeMap());
        assertEquals(treeMap().hashCode(), c.hashCode());
        assertEquals(treeMap().toString(), c.toString());
        List<String> seen = new ArrayList<>();
        c.forEach((k, v) -> seen.add(k + "=" + v));
        assertEquals(List.of("a=1", "elan_i2c=3", "elan_i2c.invalid_report=20", "zz=0"), seen);
    }

    @Test
    void findsEachKeyAndNoOther() {
        SortedCounts c = counts();
        assertEquals(4, c.size());
        assertEquals(20L, c.get("elan_i2c.invalid_report"));
        assertEquals(0L, c.get("zz"));
        assertTrue(c.containsKey("a"));
        assertFalse(c.containsKey("b"));
        assertNull(c.get("b"));
        assertEquals(7L, c.getOrDefault("b", 7L));
        assertEquals(3L, c.getOrDefault("elan_i2c", 7L));
    }

    @Test
    void noKeysIsTheEmptyMap() {
        SortedCounts c = SortedCounts.of(new String[2], new long[2], 0);
        assertEquals(Map.of(), c);
        assertEquals("{}", c.toString());
    }

    @Test
    void aKeyTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> SortedCounts.of(new String[] {"b", "a", "b"}, new long[] {1, 2, 3}, 3));
    }

    @Test
    void isReadOnly() {
        SortedCounts c = counts();
        assertThrows(UnsupportedOperationException.class, () -> c.put("q", 1L));
        assertThrows(UnsupportedOperationException.class, () -> c.entrySet().iterator().next().setValue(5L));
    }
}
