package dev.irqlab.runtime.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.irqlab.runtime.engine.Chooser;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An event's id is its actor and its rank among that actor's events of the instant, whatever
 * sequence numbers the queue gave; the parent's id only when the parent ran at the same instant.
 */
class RunRecorderTest {

    @Test
    @DisplayName("ids count an actor's events per instant and name a parent of the same instant only")
    void idsWithinAnInstant() {
        RunRecorder r = new RunRecorder(List.of(), List.of(), false);
        r.dispatching(41, -1, "a", 10);
        r.dispatching(42, 41, "b", 10);
        r.dispatching(47, 42, new String("a"), 10);
        r.dispatching(50, 47, "a", 20);
        r.dispatching(51, 50, "b", 20);
        r.dispatching(52, 41, "a", 20);
        List<String> ids = r.events.stream().map(RunRecorder.Dispatched::id).toList();
        assertEquals(List.of("a#1", "b#1", "a#2", "a#1", "b#1", "a#2"), ids);
        List<String> parents = r.events.stream().map(RunRecorder.Dispatched::parentId).toList();
        assertNull(parents.get(0));
        assertEquals("a#1", parents.get(1));
        assertEquals("b#1", parents.get(2));
        assertNull(parents.get(3), "the parent ran at an earlier instant");
        assertEquals("a#1", parents.get(4));
        assertNull(parents.get(5), "the parent ran at an earlier instant");
    }

    @Test
    @DisplayName("an order choice names each candidate as its actor's next event at the instant")
    void candidateIds() {
        RunRecorder r = new RunRecorder(List.of(), List.of(), false);
        r.dispatching(1, -1, "a", 10);
        r.dispatching(2, 1, "b", 10);
        r.dispatching(3, 2, "a", 10);
        r.candidates(new long[] {4, 5, 6}, new String[] {"a", "b", "c"});
        r.choose(Chooser.Kind.ORDER, 10, List.of("a", "b", "c"));
        assertArrayEquals(new String[] {"a#3", "b#2", "c#1"}, r.candidateIds.get(0));
        r.candidates(new long[] {7, 8}, new String[] {"a", "b"});
        r.choose(Chooser.Kind.ORDER, 30, List.of("a", "b"));
        assertArrayEquals(new String[] {"a#1", "b#1"}, r.candidateIds.get(1), "a later instant starts again");
    }
}
