package dev.irqlab.runtime.engine;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;

/**
 * A device as its guest driver sees it in an explored run: every register access is reported to the
 * chooser as a touch of the device, and so is every query of its state ({@link Simulation#touch}), since a read that finds nothing changes
 * no traced state yet decides the driver's outcome. Everything else is the device's own.
 */
public final class ObservedDevice implements Device {

    private final Simulation sim;
    private final Device device;
    private final DeviceRegisters registers;

    private ObservedDevice(Simulation sim, Device device) {
        this.sim = sim;
        this.device = device;
        DeviceRegisters inner = device.registers();
        this.registers = new DeviceRegisters() {
            @Override
            public long read(int offset) {
                sim.touch(device.name());
                return inner.read(offset);
            }

            @Override
            public void write(int offset, long value) {
                sim.touch(device.name());
                inner.write(offset, value);
            }
        };
    }

    /** {@code device} itself in a plain run; in an explored one, the device with its accesses observed. */
    public static Device of(Simulation sim, Device device) {
        return sim.explored() ? new ObservedDevice(sim, device) : device;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public Trigger trigger() {
        return device.trigger();
    }

    @Override
    public void connect(LineSink line) {
        device.connect(line);
    }

    @Override
    public void dataArrives() {
        device.dataArrives();
    }

    @Override
    public int pendingEvents() {
        sim.touch(device.name());
        return device.pendingEvents();
    }

    @Override
    public boolean lineLevel() {
        sim.touch(device.name());
        return device.lineLevel();
    }

    @Override
    public DeviceRegisters registers() {
        return registers;
    }
}
