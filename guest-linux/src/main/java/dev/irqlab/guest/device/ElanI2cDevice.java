package dev.irqlab.guest.device;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;

/**
 * An Elan I2C touchpad as its driver sees it (drivers/input/mouse/elan_i2c_core.c,
 * elan_i2c_i2c.c): the ATTN line is asserted (level) while a report is waiting; the driver reads the
 * report with one I2C transfer ({@code elan_i2c_get_report}: {@code i2c_master_recv} of the report
 * length), which releases the line when no report is left. A read while nothing is pending still
 * completes with a full-length buffer whose report id byte is 0, which {@code elan_isr} rejects with
 * "invalid report id data (0)".
 *
 * <h2>Register map</h2>
 * <table>
 * <caption>elan-i2c registers (the I2C transfer is modelled by the driver's latency)</caption>
 * <tr><th>offset</th><th>name</th><th>access</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>REPORT</td><td>read</td><td>pops the oldest report ({@code DeviceServed}) and
 * returns its report id {@link #ETP_REPORT_ID} (0x5D); returns 0 (an empty report) when none is
 * pending; de-asserts the line when no report is left</td></tr>
 * </table>
 * Other offsets read as 0 and ignore writes (reported, see {@link UnknownRegister}).
 */
public final class ElanI2cDevice extends LevelWhilePendingDevice {

    /** REPORT register offset. */
    public static final int REPORT = 0x00;
    /** {@code ETP_REPORT_ID} (elan_i2c.h): an absolute-mode touch report. */
    public static final int ETP_REPORT_ID = 0x5D;

    /** The line's release cause when a read of REPORT pops the last event. */
    private static final String REPORT_READ = "REPORT read";

    /** The register file, one for the device's life (a driver reads it at every interrupt). */
    private final DeviceRegisters registers = new DeviceRegisters() {
        @Override
        public long read(int offset) {
            if (offset == REPORT) {
                return popEvent(REPORT_READ) == 0 ? 0 : ETP_REPORT_ID;
            }
            return UnknownRegister.read(sim, name(), offset);
        }

        @Override
        public void write(int offset, long value) {
            UnknownRegister.write(sim, name(), offset, value);
        }
    };

    public ElanI2cDevice(DeviceContext context) {
        super(context);
    }

    @Override
    public DeviceRegisters registers() {
        return registers;
    }
}
