package dev.irqlab.tck.doubles;

import dev.irqlab.api.device.DeviceRegisters;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.pci.PciConfigSpace;
import dev.irqlab.api.pci.PciFunction;

/**
 * A PCI 2.3 function for forwarder contracts: {@link #setInterrupt} sets or clears its internal
 * interrupt (Status.Interrupt Status), and it drives INTx (active high here) while that is set and
 * Command.Interrupt Disable is clear (PCI Local Bus 3.0, 6.2.2-6.2.3). Interrupt Pin reads INTA.
 * The configuration space implements Command (bit 10 writable), Status and Interrupt Pin; the rest
 * reads 0.
 */
public final class ToyPciFunction implements PciFunction {

    private final String name;
    private LineSink line = level -> { };
    private boolean interrupt;
    private int command;
    private boolean level;

    public ToyPciFunction(String name) {
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
    public void connect(LineSink sink) {
        this.line = sink;
        sink.set(level);
    }

    @Override
    public void dataArrives() {
        setInterrupt(true);
    }

    /** The function's internal interrupt: raised (data pending) or serviced. */
    public void setInterrupt(boolean pending) {
        interrupt = pending;
        update();
    }

    public boolean intxDisabled() {
        return (command & Pci.COMMAND_INTX_DISABLE) != 0;
    }

    @Override
    public int pendingEvents() {
        return interrupt ? 1 : 0;
    }

    @Override
    public boolean lineLevel() {
        return level;
    }

    @Override
    public DeviceRegisters registers() {
        return new DeviceRegisters() {
            @Override
            public long read(int offset) {
                return 0;
            }

            @Override
            public void write(int offset, long value) {
                // no BAR registers
            }
        };
    }

    @Override
    public PciConfigSpace config() {
        return new PciConfigSpace() {
            @Override
            public int read(int offset, int size) {
                long dword = (command & 0xffffL) | ((interrupt ? Pci.STATUS_INTERRUPT : 0L) << 16);
                long high = 1L << 8; // Interrupt Pin (0x3d) = INTA in the dword at 0x3c
                long value = offset < 4 ? 0 : offset < 8 ? dword >>> (8 * (offset - 4))
                        : offset >= 0x3c && offset < 0x40 ? high >>> (8 * (offset - 0x3c)) : 0;
                return (int) (value & (size == 4 ? 0xffff_ffffL : (1L << (8 * size)) - 1));
            }

            @Override
            public void write(int offset, int size, int value) {
                if (offset == Pci.COMMAND && size >= 2) {
                    command = value & 0xffff & (0x0007 | Pci.COMMAND_INTX_DISABLE);
                    update();
                }
            }
        };
    }

    private void update() {
        boolean next = interrupt && !intxDisabled();
        if (next != level) {
            level = next;
            line.set(next);
        }
    }
}
