package dev.irqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When {@link KvmAlternation} tells the reader not to trust its median. */
class KvmAlternationTest {

    @Test
    void unpinnedPairsThatDisagreeAreFlagged() {
        // the fourth session's unpinned run on this VM: pairs flipping between ~14.5x and ~23x
        Optional<String> w = KvmAlternation.disagreement(new double[] {14.5, 18.5, 22.6, 22.9, 23.8}, Optional.of("0-1"));
        assertTrue(w.isPresent());
        assertTrue(w.get().contains("max/min 1.64"), w.get());
        assertTrue(w.get().contains("CPUs 0-1"), w.get());
        assertTrue(w.get().contains("taskset -c"), w.get());
    }

    @Test
    void pairsWithinTheSpreadAreNotFlagged() {
        assertEquals(Optional.empty(),
                KvmAlternation.disagreement(new double[] {22.6, 22.7, 23.2, 23.3, 23.5}, Optional.of("0-1")));
    }

    @Test
    void aProcessPinnedToOneCpuIsNotFlagged() {
        // pinned, a wide spread is the machine's load on that CPU, not the two modes
        assertEquals(Optional.empty(),
                KvmAlternation.disagreement(new double[] {49.4, 66.3, 71.0, 76.9, 78.8}, Optional.of("1")));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        // two pairs of 14.8x and 23.6x: 19.2x, not the greater one
        assertEquals(19.2, KvmAlternation.median(new double[] {14.8, 23.6}), 1e-9);
        assertEquals(22.6, KvmAlternation.median(new double[] {14.5, 18.5, 22.6, 22.9, 23.8}), 1e-9);
        assertEquals(7.0, KvmAlternation.median(new double[] {7.0}), 1e-9);
    }

    @Test
    void anUnknownAffinityCountsAsUnpinned() {
        assertTrue(KvmAlternation.disagreement(new double[] {10, 20}, Optional.empty()).orElseThrow().contains("(unknown)"));
    }
}
