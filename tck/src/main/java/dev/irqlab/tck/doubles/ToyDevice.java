package dev.irqlab.tck.doubles;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * A level device for VMM tests: {@link #dataArrives} raises its line and counts an event; a read of
 * offset 0 returns the events pending, a write to offset 0 consumes them all and lowers the line.
 * Every register access is logged ("read 0", "write 0 = 1").
 */
public final class ToyDevice implements Device {

    private final String name;
    private final List<String> accesses = new ArrayList<>();
    private LineSink line = level -> { };
    private int pending;

    public ToyDevice(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Trigger trigger() {
        return Trigger.LEVEL_HIGH;
    }

    @Override
    public void connect(LineSink line) {
        this.line = line;
    }

    @Override
    public void dataArrives() {
        pending++;
        line.set(true);
    }

    @Override
    public int pendingEvents() {
        return pending;
    }

    @Override
    public boolean lineLevel() {
        return pending > 0;
    }

    @Override
    public DeviceRegisters registers() {
        return new DeviceRegisters() {
            @Override
            public long read(int offset) {
                accesses.add("read " + offset);
                return offset == 0 ? pending : 0;
            }

            @Override
            public void write(int offset, long value) {
                accesses.add("write " + offset + " = " + value);
                if (offset == 0) {
                    pending = 0;
                    line.set(false);
                }
            }
        };
    }

    /** Every register access that reached the device, in order. */
    public List<String> accesses() {
        return List.copyOf(accesses);
    }
}
