package dev.irqlab.tck.doubles;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
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
 * A one-pin, one-CPU level controller shaped like a GIC SPI, for tests of a kernel, a forwarder or a
 * driver on a host line: pending follows the line, an enable bit (reset clear, like GICD_ISENABLER),
 * an active bit set by acknowledge and cleared by EOI; the CPU line is asserted while pending,
 * enabled and not active. Line {@code n} is hwirq {@code n}. Its chip has no {@code irq_disable}
 * (so genirq's disable is lazy) and no IRQCHIP_EOI_THREADED, like GICv2/v3, and skips set_wake
 * ({@code IRQCHIP_SKIP_SET_WAKE}). It records every chip call with its time. It models no real
 * hardware.
 */
public final class ToyLevelController implements PhysicalInterruptController {

    private final Sim sim;
    private final int hwirq;
    private final List<String> calls = new ArrayList<>();
    private CpuIrqLine cpu = asserted -> { };
    private boolean line;
    private boolean enabled;
    private boolean active;

    /** @param hwirq the one interrupt it has (and the number of its one line) */
    public ToyLevelController(Sim sim, int hwirq) {
        this.sim = sim;
        this.hwirq = hwirq;
    }

    /** The input of its one line. */
    public LineSink input() {
        return input(hwirq);
    }

    /** The chip calls and acknowledges, each with its time: "1000 unmask 40", "1200 ack 40", "1300 eoi 40". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** {@link #calls()} without their times: "unmask 40", "ack 40". */
    public List<String> ops() {
        return calls.stream().map(c -> c.substring(c.indexOf(' ') + 1)).toList();
    }

    /** The time of the {@code occurrence}-th (from 0) call {@code op} ("eoi 40"). */
    public long timeOf(String op, int occurrence) {
        int seen = 0;
        for (String c : calls) {
            if (c.endsWith(" " + op) && seen++ == occurrence) {
                return Long.parseLong(c.substring(0, c.indexOf(' ')));
            }
        }
        throw new AssertionError("no occurrence " + occurrence + " of " + op + " in " + calls);
    }

    /** Whether the interrupt is unmasked (its enable bit). */
    public boolean enabled() {
        return enabled;
    }

    /** Whether the interrupt is active (acknowledged, not yet EOIed). */
    public boolean active() {
        return active;
    }

    private void record(String op) {
        calls.add(sim.now() + " " + op);
    }

    private void update() {
        cpu.set(line && enabled && !active);
    }

    @Override
    public String name() {
        return "toy-level";
    }

    @Override
    public int hwirqForLine(int l) {
        return l == hwirq ? hwirq : -1;
    }

    @Override
    public LineSink input(int hw) {
        return high -> {
            line = high;
            update();
        };
    }

    @Override
    public IrqChip chip() {
        return new IrqChip() {
            @Override
            public String name() {
                return "TOY-LEVEL";
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
        throw new UnsupportedOperationException(name() + " has no registers");
    }
}
