package dev.irqlab.pci.device;

import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.pci.PciConfigSpace;
import dev.irqlab.api.pci.PciFunction;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.TraceName;

/**
 * A PCI function that signals with INTx (a PCIe endpoint's INTx emulation, or a conventional PCI
 * function's INTx# pin): its internal interrupt is pending while unacknowledged data events are
 * queued, and it holds INTx asserted while that is so and the command register does not disable INTx.
 *
 * <h2>Configuration space (PCI Local Bus 3.0, 6.2; include/uapi/linux/pci_regs.h)</h2>
 * <ul>
 * <li>Vendor ID (0x00), Device ID (0x02): read-only, from the configuration ({@code vendor-id},
 * {@code device-id}); the host's quirks and vfio-pci's {@code nointx} list go by them.</li>
 * <li>Command (0x04): bits 0..2 (I/O, memory, bus master) and, unless {@code intx-masking: pre-2.3},
 * bit 10 Interrupt Disable are writable; setting bit 10 de-asserts INTx (6.2.2), except on a
 * {@code broken} function.</li>
 * <li>Status (0x06): bit 3 Interrupt Status, read-only, set while the internal interrupt is pending
 * whatever bit 10 says (6.2.3); reserved (0) on a {@code pre-2.3} function, and never set on a
 * {@code no-status} one.</li>
 * <li>Interrupt Pin (0x3d): 1..4 for INTA#..INTD# (configuration {@code interrupt-pin}); with the
 * {@code slot} and the {@code bridges} above it, it chooses the host line
 * ({@link PciIntxDeviceFactory#pciIntxPin}, {@link dev.irqlab.api.pci.PciHostBridge}).</li>
 * <li>Interrupt Line (0x3c): read/write scratch for software (no effect on the hardware).</li>
 * </ul>
 * Other offsets read 0 and ignore writes.
 *
 * <p>INTx is a level signal (PCI Local Bus 3.0, 2.2.6); the wire is driven at the scenario trigger's
 * polarity (x86 routing: level-low; a GIC SPI behind an arm64 host bridge: level-high). A controller
 * input programmed for an edge sees only its rising edge, as hardware would.
 *
 * <h2>BAR 0 registers (as the {@code level-status} device)</h2>
 * 0x00 STATUS (read): the number of pending data events; 0x04 ACK (write): consumes them all and
 * clears the internal interrupt.
 */
public final class PciIntxDevice implements PciFunction {

    /** BAR 0 STATUS offset. */
    public static final int STATUS = 0x00;
    /** BAR 0 ACK offset. */
    public static final int ACK = 0x04;
    private static final int COMMAND_WRITABLE = 0x0007;

    private final Sim sim;
    private final String name;
    private final Trigger trigger;
    private final IntxMasking masking;
    private final int interruptPin;
    private final int vendorId;
    private final int deviceId;
    /** The last data event's number; events {@code served + 1 .. lastEvent} are pending. */
    private long lastEvent;
    private long served;
    /** Whether the trace reads state changes ({@code Trace.wantsDetail}): else none is built. */
    private final boolean detail;
    /** The device's name as the run's trace numbers it, and the keys of its traced state. */
    private final TraceName traceName;
    private final StateKey lineKey;
    private final StateKey intxDisableKey;
    private final StateKey interruptStatusKey;
    private final DeviceRegisters registers = new Bar0();
    private final PciConfigSpace config = new ConfigSpace();
    private int command;
    private int interruptLine;
    private LineSink sink;
    private boolean level;

    public PciIntxDevice(DeviceContext context) {
        this.sim = context.sim();
        this.name = context.name();
        this.trigger = context.trigger();
        this.masking = IntxMasking.of(context.config().text(PciIntxDeviceFactory.INTX_MASKING));
        this.interruptPin = PciIntxDeviceFactory.pinNumber(context.config().text(PciIntxDeviceFactory.INTERRUPT_PIN));
        this.vendorId = (int) context.config().integer(PciIntxDeviceFactory.VENDOR_ID);
        this.deviceId = (int) context.config().integer(PciIntxDeviceFactory.DEVICE_ID);
        this.level = !trigger.assertedLevel();
        this.detail = sim.trace().wantsDetail();
        this.traceName = sim.trace().name(name);
        this.lineKey = sim.trace().stateKey(traceName, "irq", "line");
        this.intxDisableKey = sim.trace().stateKey(traceName, "config", "intx_disable");
        this.interruptStatusKey = sim.trace().stateKey(traceName, "config", "interrupt_status");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Trigger trigger() {
        return trigger;
    }

    @Override
    public void connect(LineSink line) {
        if (sink != null) {
            throw new IllegalStateException(name + ": INTx connected twice");
        }
        sink = line;
        sink.set(level);
    }

    @Override
    public void dataArrives() {
        boolean was = interruptStatus();
        long n = ++lastEvent;
        String cause = detail ? "data event " + n : null;
        if (!was) {
            traceStatus(false, true, cause);
        }
        sim.trace().deviceAsserted(sim.now(), traceName, n);
        updateLine(cause);
    }

    @Override
    public int pendingEvents() {
        return (int) (lastEvent - served);
    }

    @Override
    public boolean lineLevel() {
        return level;
    }

    /** The function's internal interrupt state (what Status.Interrupt Status shows on a 2.3 function). */
    public boolean interruptStatus() {
        return lastEvent != served;
    }

    /** Command.Interrupt Disable as the register holds it. */
    public boolean intxDisabled() {
        return (command & Pci.COMMAND_INTX_DISABLE) != 0;
    }

    @Override
    public DeviceRegisters registers() {
        return registers;
    }

    @Override
    public PciConfigSpace config() {
        return config;
    }

    /** BAR 0. */
    private final class Bar0 implements DeviceRegisters {
        @Override
        public long read(int offset) {
            return offset == STATUS ? pendingEvents() : 0;
        }

        @Override
        public void write(int offset, long value) {
            if (offset == ACK) {
                acknowledge();
            }
        }
    }

    /** Configuration space, byte by byte. */
    private final class ConfigSpace implements PciConfigSpace {
        @Override
        public int read(int offset, int size) {
            int value = 0;
            for (int i = 0; i < size; i++) {
                value |= readByte(offset + i) << (8 * i);
            }
            return value;
        }

        @Override
        public void write(int offset, int size, int value) {
            for (int i = 0; i < size; i++) {
                writeByte(offset + i, (value >>> (8 * i)) & 0xff);
            }
        }
    }

    private void writeByte(int offset, int b) {
        switch (offset) {
            case Pci.COMMAND -> writeCommand((command & 0xff00) | b);
            case Pci.COMMAND + 1 -> writeCommand((command & 0x00ff) | (b << 8));
            case Pci.INTERRUPT_LINE -> interruptLine = b;
            default -> {
                // read-only or not implemented: ignored
            }
        }
    }

    private int readByte(int offset) {
        return switch (offset) {
            case Pci.COMMAND -> command & 0xff;
            case Pci.COMMAND + 1 -> (command >>> 8) & 0xff;
            case Pci.VENDOR_ID -> vendorId & 0xff;
            case Pci.VENDOR_ID + 1 -> vendorId >>> 8;
            case Pci.DEVICE_ID -> deviceId & 0xff;
            case Pci.DEVICE_ID + 1 -> deviceId >>> 8;
            case Pci.STATUS -> masking != IntxMasking.PRE_2_3 && masking != IntxMasking.NO_STATUS && interruptStatus()
                    ? Pci.STATUS_INTERRUPT : 0;
            case Pci.INTERRUPT_LINE -> interruptLine;
            case Pci.INTERRUPT_PIN -> interruptPin;
            default -> 0;
        };
    }

    private void writeCommand(int value) {
        int writable = COMMAND_WRITABLE | (masking == IntxMasking.PRE_2_3 ? 0 : Pci.COMMAND_INTX_DISABLE);
        int old = command;
        command = value & writable;
        boolean wasDisabled = (old & Pci.COMMAND_INTX_DISABLE) != 0;
        if (wasDisabled != intxDisabled()) {
            sim.trace().stateChanged(sim.now(), intxDisableKey,
                    wasDisabled ? "1" : "0", intxDisabled() ? "1" : "0", "COMMAND write");
            updateLine(intxDisabled() ? "Interrupt Disable set" : "Interrupt Disable cleared");
        }
    }

    private void acknowledge() {
        boolean was = interruptStatus();
        while (served != lastEvent) {
            sim.trace().deviceServed(sim.now(), traceName, ++served);
        }
        if (was) {
            traceStatus(true, false, "ACK write");
        }
        updateLine("ACK write");
    }

    /**
     * INTx follows the internal interrupt gated by Interrupt Disable (gated on a {@code pci-2.3} and a
     * {@code no-status} function; not on a {@code broken} one, and the bit does not exist before 2.3).
     */
    private void updateLine(String cause) {
        boolean gated = intxDisabled() && (masking == IntxMasking.PCI_2_3 || masking == IntxMasking.NO_STATUS);
        boolean asserted = interruptStatus() && !gated;
        boolean high = asserted == trigger.assertedLevel();
        if (high == level) {
            return;
        }
        if (detail) {
            sim.trace().stateChanged(sim.now(), lineKey, level ? "1" : "0", high ? "1" : "0", cause);
        }
        level = high;
        if (sink != null) {
            sink.set(high);
        }
    }

    private void traceStatus(boolean from, boolean to, String cause) {
        if (detail) {
            sim.trace().stateChanged(sim.now(), interruptStatusKey, from ? "1" : "0", to ? "1" : "0", cause);
        }
    }
}
