package dev.irqlab.api.device;

import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;

/**
 * A device with one interrupt output and registers.
 *
 * <p>Protocol: the runtime calls {@link #connect} once before the run; the workload then calls
 * {@link #dataArrives} each time the device has something new (a touch, a packet, a wake event).
 * The device numbers these data events from 1, emits {@code DeviceAsserted} when it raises its
 * interrupt for one, drives its line according to its behaviour (a level device holds it asserted
 * until its driver acknowledges; an edge device pulses), and emits {@code DeviceServed} when a
 * driver's register access consumes an event. Register layouts are the device model's own and
 * documented by it.
 */
public interface Device {

    /** Component name in traces. */
    String name();

    /** How the device signals (its device-tree interrupt type). */
    Trigger trigger();

    /** Connects the interrupt output; called once before the run. */
    void connect(LineSink line);

    /** A new data event happened at the device. */
    void dataArrives();

    /** Data events raised and not yet consumed by a driver. */
    int pendingEvents();

    /** Current level of the interrupt output. */
    boolean lineLevel();

    /** Register access from a driver. */
    DeviceRegisters registers();

    /**
     * The device as a driver reaches it through other registers: a VMM's view whose accesses trap
     * (they exit to the VMM, which performs them on {@code real}); everything else is {@code real}'s,
     * and the view has no line of its own.
     */
    static Device withRegisters(Device real, DeviceRegisters registers) {
        return new Device() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Trigger trigger() {
                return real.trigger();
            }

            @Override
            public void connect(LineSink line) {
                throw new IllegalStateException(real.name() + ": the guest's view of the device has no line");
            }

            @Override
            public void dataArrives() {
                real.dataArrives();
            }

            @Override
            public int pendingEvents() {
                return real.pendingEvents();
            }

            @Override
            public boolean lineLevel() {
                return real.lineLevel();
            }

            @Override
            public DeviceRegisters registers() {
                return registers;
            }
        };
    }
}
