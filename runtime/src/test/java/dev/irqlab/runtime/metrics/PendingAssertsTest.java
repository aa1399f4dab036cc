package dev.irqlab.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PendingAssertsTest {

    @Test
    void eachEventServedRightAfterItsAssertGivesBackItsTime() {
        PendingAsserts p = new PendingAsserts();
        for (long e = 1; e <= 5000; e++) {
            p.put(e, e * 10);
            assertEquals(e * 10, p.take(e));
        }
    }

    @Test
    void aBacklogAcrossPagesKeepsEveryTimeUntilServedInAnyOrder() {
        PendingAsserts p = new PendingAsserts();
        for (long e = 1; e <= 3000; e++) {
            p.put(e, 7 * e);
        }
        for (long e = 3000; e >= 2; e -= 2) {
            assertEquals(7 * e, p.take(e));
        }
        for (long e = 3001; e <= 4100; e++) {
            p.put(e, 7 * e);
        }
        for (long e = 1; e <= 4100; e += e < 3000 ? 2 : 1) {
            if (e <= 3000 && e % 2 == 0) {
                continue;
            }
            assertEquals(7 * e, p.take(e));
        }
    }

    @Test
    void takingAnEventWhosePageIsAllServedIsAModelBug() {
        PendingAsserts p = new PendingAsserts();
        p.put(5, 50);
        assertEquals(50, p.take(5));
        assertThrows(IllegalStateException.class, () -> p.take(5));
        assertThrows(IllegalStateException.class, () -> p.take(99_999));
    }
}
