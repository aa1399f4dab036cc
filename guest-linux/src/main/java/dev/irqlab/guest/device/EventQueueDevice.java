package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.sim.Sim;

/**
 * What every device model here shares: one interrupt output ({@link InterruptOutput}) and a queue of
 * numbered data events ({@link DataEvents}). Subclasses decide when the line moves and which
 * register access consumes events.
 */
abstract class EventQueueDevice implements Device {

    protected final Sim sim;
    protected final String name;
    private final Trigger trigger;
    protected final InterruptOutput line;
    protected final DataEvents events;

    EventQueueDevice(DeviceContext context) {
        this.sim = context.sim();
        this.name = context.name();
        this.trigger = context.trigger();
        this.line = new InterruptOutput(sim, name, trigger);
        this.events = new DataEvents(sim, name);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Trigger trigger() {
        return trigger;
    }

    @Override
    public final void connect(LineSink sink) {
        line.connect(sink);
    }

    @Override
    public final int pendingEvents() {
        return events.count();
    }

    @Override
    public final boolean lineLevel() {
        return line.level();
    }
}
