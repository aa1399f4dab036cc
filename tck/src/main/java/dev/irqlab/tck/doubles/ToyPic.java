package dev.irqlab.tck.doubles;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smallest controller that honours the physical-controller contract: 16 pins, each with a
 * line, an enable bit, a pending latch (edge) or line-following pending (level) and an active bit.
 * Flow: {@code handle_fasteoi_irq} for both triggers (acknowledge makes it active, EOI ends it).
 * A test double that proves the kit and stands in for the host controller in the kernel and
 * forwarder contracts; it models no real hardware.
 */
public final class ToyPic implements PhysicalInterruptController {

    private static final int PINS = 16;
    private final boolean[] line = new boolean[PINS];
    private final boolean[] enabled = new boolean[PINS];
    private final boolean[] latched = new boolean[PINS];
    private final boolean[] active = new boolean[PINS];
    private final boolean[] edge = new boolean[PINS];
    private CpuIrqLine cpu = asserted -> { };

    private boolean pending(int i) {
        return edge[i] ? latched[i] : line[i];
    }

    private int next() {
        for (int i = 0; i < PINS; i++) {
            if (enabled[i] && pending(i) && !active[i]) {
                return i;
            }
        }
        return SPURIOUS;
    }

    private void update() {
        cpu.set(next() != SPURIOUS);
    }

    /** Whether the interrupt is unmasked (its enable bit), for tests that check a kernel's masking. */
    public boolean isEnabled(int hwirq) {
        return enabled[hwirq];
    }

    /** Whether the interrupt is active (acknowledged, not yet EOIed). */
    public boolean isActive(int hwirq) {
        return active[hwirq];
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public void connectCpu(int c, CpuIrqLine out) {
        cpu = out;
    }

    @Override
    public int acknowledge(int c) {
        int i = next();
        if (i != SPURIOUS) {
            active[i] = true;
            latched[i] = false;
        }
        update();
        return i;
    }

    @Override
    public int hwirqForLine(int l) {
        return l >= 0 && l < PINS ? l : -1;
    }

    @Override
    public LineSink input(int hwirq) {
        return high -> {
            if (high && !line[hwirq]) {
                latched[hwirq] = true;
            }
            line[hwirq] = high;
            update();
        };
    }

    @Override
    public PinState state(int hwirq) {
        return new PinState() {
            @Override
            public String summary() {
                return active[hwirq] ? "active" : pending(hwirq) ? "pending" : "inactive";
            }

            @Override
            public Map<String, String> fields() {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("enabled", enabled[hwirq] ? "1" : "0");
                m.put("active", active[hwirq] ? "1" : "0");
                return m;
            }
        };
    }

    @Override
    public Registers registers() {
        return new Registers() {
            @Override
            public List<String> names() {
                return List.of("ENABLE");
            }

            @Override
            public long read(String register, int c) {
                check(register);
                long v = 0;
                for (int i = 0; i < PINS; i++) {
                    v |= enabled[i] ? 1L << i : 0;
                }
                return v;
            }

            @Override
            public void write(String register, int c, long value) {
                check(register);
                for (int i = 0; i < PINS; i++) {
                    enabled[i] = (value & (1L << i)) != 0;
                }
                update();
            }

            private void check(String register) {
                if (!register.equals("ENABLE")) {
                    throw new IllegalArgumentException("no register " + register + "; known: ENABLE");
                }
            }
        };
    }

    @Override
    public IrqChip chip() {
        return new IrqChip() {
            @Override
            public String name() {
                return "toy";
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
                if (trigger != Trigger.LEVEL_HIGH && trigger != Trigger.EDGE_RISING) {
                    return -Errno.EINVAL;
                }
                edge[hwirq] = trigger.isEdge();
                return 0;
            }

            @Override
            public void mask(int hwirq) {
                enabled[hwirq] = false;
                update();
            }

            @Override
            public void unmask(int hwirq) {
                enabled[hwirq] = true;
                update();
            }

            @Override
            public void eoi(int hwirq) {
                active[hwirq] = false;
                update();
            }
        };
    }
}
