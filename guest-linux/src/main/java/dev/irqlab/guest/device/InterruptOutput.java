package dev.irqlab.guest.device;

import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;

/**
 * A device's interrupt output pin: drives the wire at the trigger's polarity and records every
 * level change as a {@code StateChanged} of field {@code line}.
 *
 * <p>The asserted level is {@link Trigger#assertedLevel()}: active-high for level-high and
 * edge-rising, active-low for level-low and edge-falling (an idle-high wire pulled low), as the
 * device-tree {@code IRQ_TYPE_*} flags describe (include/dt-bindings/interrupt-controller/irq.h).
 * Before {@link #connect} the pin is not wired; {@link #connect} drives the idle level once, so an
 * active-low receiver does not see a spurious assertion from an undriven wire.
 */
final class InterruptOutput {

    private final Sim sim;
    private final String device;
    private final Trigger trigger;
    /** The line's key in the trace ({@code <device> irq line}), asked for once. */
    private final StateKey lineKey;
    /** Where the line's changes go ({@code Trace.detailTrace}, asked once): null if the trace reads none. */
    private final Trace detail;
    private LineSink sink;
    private boolean level;

    InterruptOutput(Sim sim, String device, Trigger trigger) {
        this.sim = sim;
        this.device = device;
        this.trigger = trigger;
        this.lineKey = sim.trace().stateKey(sim.trace().name(device), "irq", "line");
        this.detail = sim.trace().detailTrace();
    }

    void connect(LineSink line) {
        if (sink != null) {
            throw new IllegalStateException(device + ": interrupt output connected twice");
        }
        sink = line;
        drive(idleLevel(), "connect");
        sink.set(level);
    }

    /** Drives the asserted level. */
    void assertLine(String cause) {
        setLevel(trigger.assertedLevel(), cause);
    }

    /** {@link #assertLine} for data event {@code n}: the cause "data event N", built only for a trace that reads it. */
    void assertLineForData(long n) {
        boolean high = trigger.assertedLevel();
        if (high != level) {
            setLevel(high, detail != null ? "data event " + n : null);
        }
    }

    /** Drives the idle level. */
    void deassertLine(String cause) {
        setLevel(idleLevel(), cause);
    }

    boolean asserted() {
        return level == trigger.assertedLevel();
    }

    boolean level() {
        return level;
    }

    private boolean idleLevel() {
        return !trigger.assertedLevel();
    }

    private void setLevel(boolean high, String cause) {
        if (high == level) {
            return;
        }
        drive(high, cause);
        if (sink != null) {
            sink.set(high);
        }
    }

    private void drive(boolean high, String cause) {
        if (high == level) {
            return;
        }
        boolean from = level;
        level = high;
        if (detail != null) {
            detail.stateChanged(sim.now(), lineKey, bit(from), bit(high), cause);
        }
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
