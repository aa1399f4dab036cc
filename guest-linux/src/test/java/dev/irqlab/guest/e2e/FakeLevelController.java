package dev.irqlab.guest.e2e;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.sim.Sim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny GIC-like controller with one level-sensitive input: pending follows the line, an enable
 * bit (reset clear, like GICD_ISENABLER), an active bit set by acknowledge and cleared by EOI; the
 * CPU line is asserted while pending, enabled and not active. No irq_disable callback (lazy disable)
 * and no IRQCHIP_EOI_THREADED, like GICv2/v3. Records every chip call with its time.
 */
final class FakeLevelController implements InterruptController {

    private final Sim sim;
    private final int hwirq;
    private final List<String> calls = new ArrayList<>();
    private CpuIrqLine cpu;
    private boolean line;
    private boolean enabled;
    private boolean active;

    FakeLevelController(Sim sim, int hwirq) {
        this.sim = sim;
        this.hwirq = hwirq;
    }

    LineSink input() {
        return high -> {
            line = high;
            update();
        };
    }

    /** "mask 40", "unmask 40", "eoi 40", "ack 40", each prefixed with the time: "1000 eoi 40". */
    List<String> calls() {
        return List.copyOf(calls);
    }

    /** The chip calls without their times. */
    List<String> ops() {
        return calls.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList();
    }

    long timeOf(String op, int occurrence) {
        int seen = 0;
        for (String c : calls) {
            if (c.endsWith(" " + op)) {
                if (seen++ == occurrence) {
                    return Long.parseLong(c.substring(0, c.indexOf(' ')));
                }
            }
        }
        throw new AssertionError("no occurrence " + occurrence + " of " + op + " in " + calls);
    }

    private void record(String op) {
        calls.add(sim.now() + " " + op);
    }

    private void update() {
        if (cpu != null) {
            cpu.set(line && enabled && !active);
        }
    }

    @Override
    public String name() {
        return "fake";
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
                return Set.of(ChipFlag.SKIP_SET_WAKE);
            }

            @Override
            public FlowType flowFor(int hw, Trigger trigger) {
                return FlowType.FASTEOI;
            }

            @Override
            public int setType(int hw, Trigger trigger) {
                return 0;
            }

            @Override
            public void mask(int hw) {
                record("mask " + hw);
                enabled = false;
                update();
            }

            @Override
            public void unmask(int hw) {
                record("unmask " + hw);
                enabled = true;
                update();
            }

            @Override
            public void eoi(int hw) {
                record("eoi " + hw);
                active = false;
                update();
            }
        };
    }

    @Override
    public void connectCpu(int cpuNo, CpuIrqLine cpuLine) {
        this.cpu = cpuLine;
    }

    @Override
    public int acknowledge(int cpuNo) {
        if (line && enabled && !active) {
            active = true;
            record("ack " + hwirq);
            update();
            return hwirq;
        }
        return SPURIOUS;
    }

    @Override
    public PinState state(int hw) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("line", line ? "1" : "0");
        f.put("enabled", enabled ? "1" : "0");
        f.put("active", active ? "1" : "0");
        return new PinState() {
            @Override
            public String summary() {
                return active ? "active" : line ? "pending" : "inactive";
            }

            @Override
            public Map<String, String> fields() {
                return f;
            }
        };
    }

    @Override
    public Registers registers() {
        throw new UnsupportedOperationException("not needed");
    }
}
