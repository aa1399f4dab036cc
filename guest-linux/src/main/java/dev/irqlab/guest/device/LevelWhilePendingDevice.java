package dev.irqlab.guest.device;

import dev.irqlab.api.device.DeviceContext;

/**
 * A device whose interrupt line is asserted exactly while it holds at least one unread data event
 * (an I2C touchpad's ATTN line, an embedded controller's EC_INT): the driver's read of the last
 * event releases the line.
 */
abstract class LevelWhilePendingDevice extends EventQueueDevice {

    LevelWhilePendingDevice(DeviceContext context) {
        super(context);
    }

    @Override
    public final void dataArrives() {
        long n = events.arrive();
        line.assertLineForData(n);
        events.asserted(n);
    }

    /**
     * Pops the oldest event (served) and releases the line when none is left; 0 if none was pending.
     * {@code readCause} is the read that pops it ("REPORT read"), a constant of the device's register.
     */
    protected final long popEvent(String readCause) {
        long n = events.serveOne();
        if (events.isEmpty()) {
            line.deassertLine(readCause);
        }
        return n;
    }

    protected final boolean hasEvents() {
        return !events.isEmpty();
    }
}
