package dev.irqlab.runtime.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A footprint is a set of names: each once, by equality, however many. */
class FootprintTest {

    @Test
    @DisplayName("names are kept once, an equal string found as the same name, below and past 16 names")
    void setOfNames() {
        Footprint f = new Footprint("vcpu0");
        Set<String> expected = new HashSet<>(Set.of("vcpu0"));
        assertFalse(f.add(new String("vcpu0")), "an equal string is the same name");
        for (int i = 0; i < 40; i++) {
            String name = "queue vcpu" + i + "@1000";
            assertTrue(f.add(name), name);
            assertFalse(f.add("queue vcpu" + i + "@1000"), name + " again");
            expected.add(name);
            assertEquals(expected, f);
            assertEquals(expected.hashCode(), f.hashCode());
        }
        assertTrue(f.contains("queue vcpu7@1000"));
        assertFalse(f.contains("queue vcpu7@1001"));
        assertTrue(Explorer.dependent(f, Set.of("gic", "queue vcpu39@1000")));
        assertFalse(Explorer.dependent(Set.of("gic"), f));
    }

    @Test
    @DisplayName("a queued name kept as its parts is the same member as its text, below and past 16 names")
    void queuedNamesAreTheirTexts() {
        Footprint f = new Footprint("vcpu0");
        Set<String> expected = new HashSet<>(Set.of("vcpu0"));
        assertTrue(f.addQueue("vcpu1", 10));
        expected.add("queue vcpu1@10");
        assertFalse(f.addQueue(new String("vcpu1"), 10), "the same parts again");
        assertFalse(f.add("queue vcpu1@10"), "its text is the same name");
        assertTrue(f.contains("queue vcpu1@10"));
        assertFalse(f.contains("queue vcpu1@100"));
        assertFalse(f.contains("queue vcpu1@1"));
        assertFalse(f.contains("queue vcpu@110"));
        assertFalse(f.contains("queue vcpu1@10 "));
        assertTrue(f.add("queue vcpu2@7"));
        assertFalse(f.addQueue("vcpu2", 7), "parts of a name added as text");
        expected.add("queue vcpu2@7");
        assertEquals(expected, f);
        assertEquals(expected, new HashSet<>(f), "iterated, the parts are their texts");
        assertEquals(expected.hashCode(), f.hashCode());
        for (int i = 0; i < 30; i++) {
            assertTrue(f.addQueue("dev" + i, 1000 + i), "dev" + i);
            assertFalse(f.add("queue dev" + i + "@" + (1000 + i)), "dev" + i + " as text");
            expected.add("queue dev" + i + "@" + (1000 + i));
            assertEquals(expected.size(), f.size());
            assertEquals(expected, f);
        }
        assertFalse(f.addQueue("dev3", 1003), "past 16 names");
        assertTrue(f.contains("queue dev29@1029"));
    }

    @Test
    @DisplayName("two footprints meet on a shared queued name however each holds it, and on nothing else")
    void dependenceOnQueuedNames() {
        Footprint a = new Footprint("vcpu0");
        a.addQueue("vcpu1", 10);
        Footprint b = new Footprint("gic");
        b.addQueue("vcpu1", 11);
        b.addQueue("vcpu2", 10);
        assertFalse(Explorer.dependent(a, b));
        assertFalse(Explorer.dependent(b, a));
        Footprint asText = new Footprint("gic");
        asText.add("queue vcpu1@10");
        assertTrue(Explorer.dependent(a, asText), "parts against text");
        assertTrue(Explorer.dependent(asText, a), "text against parts");
        Footprint parts = new Footprint("its");
        parts.addQueue("vcpu1", 10);
        assertTrue(Explorer.dependent(a, parts), "parts against parts");
        assertTrue(Explorer.dependent(a, Set.of("x", "queue vcpu1@10")), "against another set");
        assertFalse(Explorer.dependent(Set.of("x", "queue vcpu1@1"), a));
        Footprint large = new Footprint("big");
        for (int i = 0; i < 20; i++) {
            large.add("n" + i);
        }
        assertFalse(Explorer.dependent(a, large));
        large.addQueue("vcpu1", 10);
        assertTrue(Explorer.dependent(large, a), "a hash set against parts");
        assertTrue(Explorer.dependent(a, large));
    }
}
