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
}
