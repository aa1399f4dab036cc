package dev.irqlab.guest.device;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.sim.Timer;

/**
 * A level-signalling device with a status/acknowledge register pair, the common shape of a
 * memory-mapped peripheral: its interrupt stays asserted until the driver acknowledges it.
 *
 * <h2>Register map</h2>
 * <table>
 * <caption>level-status registers</caption>
 * <tr><th>offset</th><th>name</th><th>access</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>STATUS</td><td>read</td><td>number of pending data events (0 = the interrupt
 * is not from this device)</td></tr>
 * <tr><td>0x04</td><td>ACK</td><td>write (any value)</td><td>consumes every pending event
 * ({@code DeviceServed} for each) and de-asserts the line</td></tr>
 * </table>
 * Other offsets read as 0 and ignore writes (reported, see {@link UnknownRegister}).
 *
 * <h2>Behaviour</h2>
 * {@link #dataArrives} queues an event and asserts the line (or keeps it asserted: data arriving
 * while asserted is simply another pending event). Configuration {@code reassert-delay}: after an
 * acknowledgement the device holds its line idle for that long; data arriving in that window is
 * queued and the line re-asserts when the window ends ("re-asserts N µs after acknowledgement when
 * more data arrives"). 0 means no hold-off.
 */
public final class LevelStatusDevice extends EventQueueDevice {

    /** The name of the deferred event, built once (the base class has set {@code name}). */
    private final String reassertName = name + " reassert after hold-off";

    /** STATUS register offset. */
    public static final int STATUS = 0x00;
    /** ACK register offset. */
    public static final int ACK = 0x04;

    private final long reassertDelayNs;
    private long holdOffUntil = -1;
    private Timer reassert;

    public LevelStatusDevice(DeviceContext context) {
        super(context);
        this.reassertDelayNs = context.config().durationNs(LevelStatusDeviceFactory.REASSERT_DELAY);
    }

    @Override
    public void dataArrives() {
        long n = events.arrive();
        if (inHoldOff()) {
            scheduleReassert();
            return;
        }
        line.assertLineForData(n);
        events.asserted(n);
    }

    @Override
    public DeviceRegisters registers() {
        return new DeviceRegisters() {
            @Override
            public long read(int offset) {
                if (offset == STATUS) {
                    return events.count();
                }
                return UnknownRegister.read(sim, name, offset);
            }

            @Override
            public void write(int offset, long value) {
                if (offset == ACK) {
                    acknowledge();
                } else {
                    UnknownRegister.write(sim, name, offset, value);
                }
            }
        };
    }

    private void acknowledge() {
        events.serveAll();
        line.deassertLine("ACK write");
        if (reassertDelayNs > 0) {
            holdOffUntil = sim.now() + reassertDelayNs;
        }
    }

    private boolean inHoldOff() {
        return holdOffUntil >= 0 && sim.now() < holdOffUntil;
    }

    private void scheduleReassert() {
        if (reassert != null && reassert.isPending()) {
            return;
        }
        reassert = sim.scheduler().scheduleAt(holdOffUntil, reassertName, () -> {
            if (events.isEmpty() || inHoldOff()) {
                return;
            }
            line.assertLine("reassert-delay elapsed");
            events.assertedAllPending();
        });
    }
}
