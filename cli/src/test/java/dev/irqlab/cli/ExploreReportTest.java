package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreReportTest {

    @Test
    void plainRunIsItsLengthOnly() {
        assertEquals("[] of 100001 choices", ExploreReport.schedule(Collections.nCopies(100_001, 0)));
        assertEquals("[] of 1 choice", ExploreReport.schedule(List.of(0)));
    }

    @Test
    void deviationsAreListedByChoiceIndex() {
        assertEquals("[1->2, 3->1] of 5 choices", ExploreReport.schedule(List.of(0, 2, 0, 1, 0)));
    }

    @Test
    void longDeviationListsAreCutAndCounted() {
        List<Integer> picks = new ArrayList<>(Collections.nCopies(40, 1));
        String shown = ExploreReport.schedule(picks);
        assertEquals("[0->1, 1->1, 2->1, 3->1, 4->1, 5->1, 6->1, 7->1, 8->1, 9->1, 10->1, 11->1, 12->1, 13->1, 14->1, "
                + "15->1, ... 24 more] of 40 choices", shown);
    }
}
