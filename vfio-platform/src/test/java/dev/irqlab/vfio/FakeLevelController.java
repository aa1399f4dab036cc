package dev.irqlab.vfio;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import java.util.Map;
import java.util.Set;

/**
 * A one-pin, one-CPU level controller shaped like a GIC SPI: enable bit (mask), active from
 * acknowledge to EOI, CPU line = level && enabled && !active. Its chip has no {@code irq_disable},
 * so genirq's {@code disable_irq} is lazy.
 */
final class FakeLevelController implements PhysicalInterruptController {

    static final int HWIRQ = 40;

    private boolean level;
    private boolean enabled = true;
    private boolean active;
    private CpuIrqLine cpu = asserted -> { };
    int maskCalls;
    int unmaskCalls;

    private void update() {
        cpu.set(level && enabled && !active);
    }

    @Override
    public int hwirqForLine(int line) {
        return line == 8 ? HWIRQ : -1;
    }

    @Override
    public LineSink input(int hwirq) {
        return high -> {
            level = high;
            update();
        };
    }

    boolean enabled() {
        return enabled;
    }

    @Override
    public String name() {
        return "host.fake";
    }

    @Override
    public IrqChip chip() {
        return new IrqChip() {
            @Override
            public String name() {
                return "FAKE";
            }

            @Override
            public Set<ChipFlag> flags() {
                return Set.of();
            }

            @Override
            public FlowType flowFor(int hwirq, Trigger trigger) {
                return FlowType.FASTEOI;
            }

            @Override
            public int setType(int hwirq, Trigger trigger) {
                return 0;
            }

            @Override
            public void mask(int hwirq) {
                maskCalls++;
                enabled = false;
                update();
            }

            @Override
            public void unmask(int hwirq) {
                unmaskCalls++;
                enabled = true;
                update();
            }

            @Override
            public void eoi(int hwirq) {
                active = false;
                update();
            }
        };
    }

    @Override
    public void connectCpu(int c, CpuIrqLine line) {
        cpu = line;
    }

    @Override
    public int acknowledge(int c) {
        if (level && enabled && !active) {
            active = true;
            update();
            return HWIRQ;
        }
        return SPURIOUS;
    }

    @Override
    public PinState state(int hwirq) {
        return new PinState() {
            @Override
            public String summary() {
                return active ? "active" : level ? "pending" : "inactive";
            }

            @Override
            public Map<String, String> fields() {
                return Map.of("enabled", enabled ? "1" : "0");
            }
        };
    }

    @Override
    public Registers registers() {
        throw new UnsupportedOperationException("no registers in the fake");
    }
}
