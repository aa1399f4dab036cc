package dev.irqlab.guest.device;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;

/**
 * An edge-signalling device: each data event produces one pulse on its interrupt line and is kept
 * in a FIFO until the driver reads it.
 *
 * <h2>Register map</h2>
 * <table>
 * <caption>edge-pulse registers</caption>
 * <tr><th>offset</th><th>name</th><th>access</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>STATUS</td><td>read</td><td>number of events in the FIFO</td></tr>
 * <tr><td>0x04</td><td>DATA</td><td>read</td><td>pops the oldest event ({@code DeviceServed}) and
 * returns its number; 0 when the FIFO is empty</td></tr>
 * </table>
 * Other offsets read as 0 and ignore writes (reported, see {@link UnknownRegister}).
 *
 * <h2>Behaviour</h2>
 * {@link #dataArrives} queues an event and pulses the line: asserted level, then idle after
 * configuration {@code pulse-width}. With the default 0 the pulse is two {@link LineSink#set} calls at
 * the same instant (an edge-triggered receiver latches the edge; a level receiver may miss it, as
 * real hardware would). Reading DATA does not touch the line.
 */
public final class EdgePulseDevice extends EventQueueDevice {

    /** The name of the deferred event, built once (the base class has set {@code name}). */
    private final String pulseEndName = name + " end of pulse";

    /** STATUS register offset. */
    public static final int STATUS = 0x00;
    /** DATA register offset. */
    public static final int DATA = 0x04;

    private final long pulseWidthNs;

    public EdgePulseDevice(DeviceContext context) {
        super(context);
        this.pulseWidthNs = context.config().durationNs(EdgePulseDeviceFactory.PULSE_WIDTH);
    }

    @Override
    public void dataArrives() {
        long n = events.arrive();
        // A pulse still high from an earlier event cannot make a new edge: the event rides on it.
        line.assertLineForData(n);
        events.asserted(n);
        if (pulseWidthNs == 0) {
            line.deassertLine("end of pulse");
        } else {
            sim.scheduler().schedule(pulseWidthNs, pulseEndName, () -> line.deassertLine("end of pulse"));
        }
    }

    @Override
    public DeviceRegisters registers() {
        return new DeviceRegisters() {
            @Override
            public long read(int offset) {
                if (offset == STATUS) {
                    return events.count();
                }
                if (offset == DATA) {
                    return events.serveOne();
                }
                return UnknownRegister.read(sim, name, offset);
            }

            @Override
            public void write(int offset, long value) {
                UnknownRegister.write(sim, name, offset, value);
            }
        };
    }
}
