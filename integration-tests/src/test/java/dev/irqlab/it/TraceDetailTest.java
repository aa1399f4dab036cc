package dev.irqlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.assembly.RunOutcome;
import dev.irqlab.runtime.assembly.ScenarioRunner;
import dev.irqlab.runtime.metrics.MetricNames;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Scenario;
import dev.irqlab.runtime.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sink that wants no detail ({@link Trace#wantsDetail()} false) gets every event of the full trace
 * that is not detail — state changes and spans; {@code note_interrupt}'s counts, which the metrics
 * read, are not detail — in the same order, fewer events in all, and the run measures the same as
 * with a sink that reads everything.
 */
class TraceDetailTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.discover();

    static Stream<Path> shipped() throws IOException {
        return ShippedScenariosTest.shipped();
    }

    /**
     * A digest of the text of every event that is not detail, and their number (a storm's trace is too
     * long to hold); {@code detail} is its answer to {@link Trace#wantsDetail()}. A model may still
     * emit detail to a sink that wants none (the contract lets it, not makes it, leave them out).
     */
    private static final class Digest implements Trace {
        private final boolean detail;
        private final MessageDigest sha;
        private long kept;
        private long received;
        private long stateChanges;

        Digest(boolean detail) throws NoSuchAlgorithmException {
            this.detail = detail;
            this.sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void emit(TraceEvent event) {
            received++;
            if (event instanceof TraceEvent.StateChanged) {
                stateChanges++;
            }
            if (!detail(event)) {
                sha.update(event.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
                kept++;
            }
        }

        @Override
        public boolean wantsDetail() {
            return detail;
        }

        String result() {
            return kept + " events, sha-256 " + HexFormat.of().formatHex(sha.digest());
        }
    }

    private static boolean detail(TraceEvent e) {
        return e instanceof TraceEvent.SpanBegin || e instanceof TraceEvent.SpanEnd
                || (e instanceof TraceEvent.StateChanged s && !MetricNames.NOTE_INTERRUPT_COUNTS.contains(s.field()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    @DisplayName("without detail a run emits the full trace less its detail, and measures the same")
    void leavesOutDetailOnly(Path file) throws NoSuchAlgorithmException {
        Scenario s = new ScenarioLoader().load(file, REGISTRY);
        Digest full = new Digest(true);
        RunOutcome withDetail = new ScenarioRunner(REGISTRY).run(s, full);
        Digest lean = new Digest(false);
        RunOutcome without = new ScenarioRunner(REGISTRY).run(s, lean);

        assertTrue(full.stateChanges > 0, file + ": the full trace has no state change; the comparison would test nothing");
        assertEquals(full.result(), lean.result(), file + ": the events that are not detail");
        assertTrue(lean.received < full.received, file + ": without detail " + lean.received + " events, with "
                + full.received);
        assertEquals(withDetail.metrics(), without.metrics(), file + ": metrics");
        assertEquals(withDetail.info().eventsDispatched(), without.info().eventsDispatched(), file + ": events");
    }
}
