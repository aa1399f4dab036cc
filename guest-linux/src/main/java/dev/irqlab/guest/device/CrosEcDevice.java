package dev.irqlab.guest.device;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;

/**
 * A ChromeOS embedded controller with MKBP host events (drivers/platform/chrome/cros_ec_proto.c
 * {@code cros_ec_get_next_event}): EC_INT is asserted (level, usually active low) while an event is
 * queued; each {@code EC_CMD_GET_NEXT_EVENT} returns one event and says whether more are queued
 * ({@code EC_MKBP_HAS_MORE_EVENTS}); the last one releases the line.
 *
 * <h2>Register map</h2>
 * <table>
 * <caption>cros-ec registers (the host command transfer is modelled by the driver)</caption>
 * <tr><th>offset</th><th>name</th><th>access</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>EVENT</td><td>read</td><td>pops the oldest event ({@code DeviceServed});
 * bits 31..0: its event number, 0 if none was queued ({@code get_next_event} returning 0, "no
 * data"); bit {@link #HAS_MORE_EVENTS_BIT}: set when further events remain</td></tr>
 * </table>
 * Other offsets read as 0 and ignore writes (reported, see {@link UnknownRegister}).
 */
public final class CrosEcDevice extends LevelWhilePendingDevice {

    /** EVENT register offset. */
    public static final int EVENT = 0x00;
    /** The model's position of {@code EC_MKBP_HAS_MORE_EVENTS} in the EVENT value. */
    public static final int HAS_MORE_EVENTS_BIT = 32;
    /** Mask of the event-number field of EVENT. */
    public static final long EVENT_MASK = 0xFFFF_FFFFL;

    /** The line's release cause when a read of EVENT pops the last event. */
    private static final String EVENT_READ = "EVENT read";

    /** The register file, one for the device's life (a driver reads it at every interrupt). */
    private final DeviceRegisters registers = new DeviceRegisters() {
        @Override
        public long read(int offset) {
            if (offset == EVENT) {
                long n = popEvent(EVENT_READ) & EVENT_MASK;
                return hasEvents() ? n | (1L << HAS_MORE_EVENTS_BIT) : n;
            }
            return UnknownRegister.read(sim, name(), offset);
        }

        @Override
        public void write(int offset, long value) {
            UnknownRegister.write(sim, name(), offset, value);
        }
    };

    public CrosEcDevice(DeviceContext context) {
        super(context);
    }

    @Override
    public DeviceRegisters registers() {
        return registers;
    }
}
