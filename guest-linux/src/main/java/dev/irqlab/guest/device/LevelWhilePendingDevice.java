package dev.irqlab.guest.device;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.sim.Sim;

/**
 * A device whose interrupt line is asserted exactly while it holds at least one unread data event
 * (an I2C touchpad's ATTN line, an embedded controller's EC_INT): the driver's read of the last
 * event releases the line.
 */
abstract class LevelWhilePendingDevice implements Device {

    protected final Sim sim;
    private final String name;
    private final Trigger trigger;
    private final InterruptOutput line;
    private final DataEvents events;

    LevelWhilePendingDevice(DeviceContext context) {
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
    public final void dataArrives() {
        long n = events.arrive();
        line.assertLine("data event " + n);
        events.asserted(n);
    }

    @Override
    public final int pendingEvents() {
        return events.count();
    }

    @Override
    public final boolean lineLevel() {
        return line.level();
    }

    /** Pops the oldest event (served) and releases the line when none is left; 0 if none was pending. */
    protected final long popEvent(String register) {
        long n = events.serveOne();
        if (events.isEmpty()) {
            line.deassertLine(register + " read");
        }
        return n;
    }

    protected final boolean hasEvents() {
        return !events.isEmpty();
    }
}
