package dev.irqlab.genirq;

import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.irq.Trigger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small GIC-like controller for kernel tests: per hwirq a line level, an edge latch, an enable
 * (mask) bit and an active bit; pending = line (level) or latch (edge); it signals CPU 0 while some
 * interrupt is pending, enabled and not active. Every chip call is appended to {@link #log} as
 * "mask 40", "unmask 40", "eoi 40", ... {@link #queueAck} forces the next acknowledge values.
 */
final class RecordingController implements InterruptController {

    final List<String> log;
    final Set<ChipFlag> flags = EnumSet.noneOf(ChipFlag.class);
    FlowType levelFlow = FlowType.FASTEOI;
    FlowType edgeFlow = FlowType.EDGE;
    boolean hasDisable;
    boolean hasAck = true;
    boolean hasMaskAck;
    boolean canRetrigger = true;
    int setTypeResult;
    boolean hasSetType = true;
    /** null: no irq_set_affinity callback; else its return value. */
    Integer setAffinityResult;
    int activateResult;
    int setWakeResult;
    String chipName = "FAKE-GIC";
    int acks;

    private final Map<Integer, Pin> pins = new HashMap<>();
    private final Deque<Integer> forcedAcks = new ArrayDeque<>();
    private CpuIrqLine cpu0;
    private final RecordingChip chip = new RecordingChip();

    private static final class Pin {
        boolean edge;
        boolean line;
        boolean latch;
        boolean enabled;
        boolean active;
    }

    RecordingController(List<String> log) {
        this.log = log;
    }

    RecordingController() {
        this(new ArrayList<>());
    }

    private Pin pin(int hwirq) {
        return pins.computeIfAbsent(hwirq, h -> new Pin());
    }

    /** The device drives the line of {@code hwirq}; a rising edge latches an edge interrupt. */
    void setLine(int hwirq, boolean high) {
        Pin p = pin(hwirq);
        if (high && !p.line && p.edge) {
            p.latch = true;
        }
        p.line = high;
        update();
    }

    /** An edge pulse. */
    void pulse(int hwirq) {
        setLine(hwirq, true);
        setLine(hwirq, false);
    }

    /** Next acknowledges return these values first (a race on another CPU, an unmapped hwirq). */
    void queueAck(int hwirq) {
        forcedAcks.add(hwirq);
        if (cpu0 != null) {
            cpu0.set(true);
        }
    }

    boolean enabled(int hwirq) {
        return pin(hwirq).enabled;
    }

    boolean active(int hwirq) {
        return pin(hwirq).active;
    }

    private boolean deliverable(Pin p) {
        boolean pending = p.edge ? p.latch : p.line || p.latch;
        return pending && p.enabled && !p.active;
    }

    private void update() {
        if (cpu0 == null) {
            return;
        }
        boolean any = !forcedAcks.isEmpty() || pins.values().stream().anyMatch(this::deliverable);
        cpu0.set(any);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public IrqChip chip() {
        return chip;
    }

    @Override
    public void connectCpu(int cpu, CpuIrqLine line) {
        if (cpu == 0) {
            cpu0 = line;
        }
    }

    @Override
    public int acknowledge(int cpu) {
        acks++;
        if (!forcedAcks.isEmpty()) {
            int h = forcedAcks.poll();
            log.add("ack " + h);
            update();
            return h;
        }
        int best = -1;
        for (Map.Entry<Integer, Pin> e : pins.entrySet()) {
            if (deliverable(e.getValue()) && (best < 0 || e.getKey() < best)) {
                best = e.getKey();
            }
        }
        if (best < 0) {
            log.add("ack spurious");
            return SPURIOUS;
        }
        Pin p = pin(best);
        p.active = true;
        p.latch = false;
        log.add("ack " + best);
        update();
        return best;
    }

    @Override
    public PinState state(int hwirq) {
        throw new UnsupportedOperationException("not needed by kernel tests");
    }

    /** init_IRQ's driver initialisation: logged as "driverInit cpuN". */
    @Override
    public void driverInit(int bootCpu) {
        log.add("driverInit cpu" + bootCpu);
    }

    @Override
    public Registers registers() {
        throw new UnsupportedOperationException("not needed by kernel tests");
    }

    private final class RecordingChip implements IrqChip {
        @Override
        public String name() {
            return chipName;
        }

        @Override
        public Set<ChipFlag> flags() {
            return flags;
        }

        @Override
        public FlowType flowFor(int hwirq, Trigger trigger) {
            return trigger.isLevel() ? levelFlow : edgeFlow;
        }

        @Override
        public int setType(int hwirq, Trigger trigger) {
            log.add("set_type " + hwirq + " " + trigger.dtName());
            if (setTypeResult == 0) {
                pin(hwirq).edge = trigger.isEdge();
            }
            return setTypeResult;
        }

        @Override
        public boolean hasSetType() {
            return hasSetType;
        }

        @Override
        public boolean hasSetAffinity() {
            return setAffinityResult != null;
        }

        @Override
        public int setAffinity(int hwirq, dev.irqlab.api.controller.CpuMask mask, boolean force) {
            log.add("set_affinity " + hwirq + " " + mask + (force ? " force" : ""));
            return setAffinityResult;
        }

        @Override
        public int activate(int hwirq) {
            log.add("activate " + hwirq);
            return activateResult;
        }

        @Override
        public void deactivate(int hwirq) {
            log.add("deactivate " + hwirq);
        }

        @Override
        public void mask(int hwirq) {
            log.add("mask " + hwirq);
            pin(hwirq).enabled = false;
            update();
        }

        @Override
        public void unmask(int hwirq) {
            log.add("unmask " + hwirq);
            pin(hwirq).enabled = true;
            update();
        }

        @Override
        public void eoi(int hwirq) {
            log.add("eoi " + hwirq);
            pin(hwirq).active = false;
            update();
        }

        @Override
        public boolean hasAck() {
            return hasAck;
        }

        @Override
        public void ack(int hwirq) {
            log.add("ack_chip " + hwirq);
            pin(hwirq).active = false;
            update();
        }

        @Override
        public boolean hasMaskAck() {
            return hasMaskAck;
        }

        @Override
        public void maskAck(int hwirq) {
            log.add("mask_ack " + hwirq);
            Pin p = pin(hwirq);
            p.enabled = false;
            p.active = false;
            update();
        }

        @Override
        public boolean hasDisable() {
            return hasDisable;
        }

        @Override
        public void disable(int hwirq) {
            log.add("disable " + hwirq);
            pin(hwirq).enabled = false;
            update();
        }

        @Override
        public boolean retrigger(int hwirq) {
            log.add("retrigger " + hwirq);
            if (!canRetrigger) {
                return false;
            }
            pin(hwirq).latch = true;
            update();
            return true;
        }

        @Override
        public int setWake(int hwirq, boolean on) {
            log.add("set_wake " + hwirq + " " + on);
            return setWakeResult;
        }
    }
}
