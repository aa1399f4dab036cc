package dev.irqlab.runtime.assembly;

import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * One host controller input driven by several devices, as a shared level interrupt line is wired:
 * PCI INTx# is open drain and wire-ORed (PCI Local Bus 3.0, 2.2.6: "the INTx# signals are
 * open drain ... multiple devices may connect to the same line"), so the input sees the asserted
 * level while any device asserts. For an active-low trigger the wire is low while any device drives
 * it low; for an active-high one (a host bridge that inverts, arm64) high while any drives it high.
 * Only built when two or more devices name the same line, so a single device's wiring is unchanged.
 */
final class SharedLine {

    private final LineSink input;
    private final Trigger trigger;
    private final List<Boolean> drivers = new ArrayList<>();
    private Boolean level;

    SharedLine(LineSink input, Trigger trigger) {
        this.input = input;
        this.trigger = trigger;
    }

    Trigger trigger() {
        return trigger;
    }

    /** A new device's connection to the wire, idle until it drives. */
    LineSink driver() {
        int slot = drivers.size();
        drivers.add(!trigger.assertedLevel());
        return high -> {
            drivers.set(slot, high);
            boolean asserted = drivers.contains(trigger.assertedLevel());
            boolean next = asserted == trigger.assertedLevel();
            if (level == null || next != level) {
                level = next;
                input.set(next);
            }
        };
    }
}
