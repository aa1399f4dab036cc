package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The matrix is a report people diff: the same build prints the same bytes every time. */
class MatrixDeterminismTest {

    @Test
    @DisplayName("two matrix runs print identical tables, n/a reasons included")
    void sameOutputTwice() {
        Cli first = Cli.irqlab("matrix", "--events", "5");
        Cli second = Cli.irqlab("matrix", "--events", "5");
        assertEquals(0, first.status(), first.transcript());
        assertTrue(first.out().contains("n/a: fix 'ioapic-ack-pending'"), first.transcript());
        assertEquals(first.out(), second.out());
    }
}
