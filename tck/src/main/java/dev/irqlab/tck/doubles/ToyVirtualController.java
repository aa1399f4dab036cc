package dev.irqlab.tck.doubles;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.ChipFlag;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.controller.FlowType;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqNotifiers;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.controller.ResamplerHook;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.plugin.VirtualControllerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The smallest virtual controller that honours the virtual-controller contract, and the double the
 * hypervisor contract builds its VM on. Two {@link Style}s, as KVM's two kinds of in-kernel
 * controller: {@link Style#VGIC_LIKE} injects from the event fd wake-up and keeps one level per pin
 * whatever the irq source (arm64 {@code vgic_irqfd_set_irq} ignores the source id);
 * {@link Style#IOAPIC_LIKE} needs the irqfd's work item and keeps one level per source, the pin's
 * level being their OR (x86 {@code __kvm_irq_line_state}). Per pin further: an edge latch, the guest's mask (starts masked), an
 * active bit. Hwirq = pin + 32. Flow {@code handle_fasteoi_irq}; the guest's EOI calls the pin's ack
 * notifiers; the guest's mask and unmask are trapped (an MMIO exit each) and fire mask notifiers when
 * the double has them. It models no real hardware.
 *
 * <p>Test controls: {@link #setIrqLog()}, {@link #level}, {@link #guestEoi}, {@link #guestMask},
 * {@link #trappedAccess}, {@link #bootAccess}, {@link #raiseCpu}, {@link #kick}, {@link #exitOf}, {@link #entryExitLog()},
 * {@link #initialized()}, {@link #setIrqchipFull}.
 */
public final class ToyVirtualController implements VirtualInterruptController {

    /** Hwirq of pin 0. */
    public static final int FIRST_HWIRQ = 32;

    /** How the controller takes injections. */
    public enum Style {
        /** {@code injectsInAtomicContext}, one level per pin (arm64 vGIC SPIs). */
        VGIC_LIKE,
        /** Injection from a work item, per-source levels OR-ed (x86 KVM IO-APIC). */
        IOAPIC_LIKE
    }

    /** One {@code setIrq} call. */
    public record SetIrq(int pin, int source, boolean level) {
    }

    private final String name;
    private final int vcpus;
    /** The source id a user-space line level write stands for. */
    private static final int USERSPACE_LEVEL_INFO = -1;
    private final Style style;
    private final boolean maskNotifiers;
    private boolean cpu0Asserted;
    private final ExitSink exits;
    private final List<Set<Integer>> sources = new ArrayList<>();
    private final boolean[] edge;
    private final boolean[] latched;
    private final boolean[] masked;
    /** The distributor registers user space wrote, "NAME=value", in order ({@link #uaccessWriteRegister}). */
    private final List<String> userSpaceRegisterWrites = new ArrayList<>();
    private final boolean[] active;
    private final IrqNotifiers notifiers = new IrqNotifiers();
    private final Map<Integer, CpuIrqLine> cpus = new HashMap<>();
    private final List<SetIrq> setIrqLog = new ArrayList<>();
    private final List<String> entryExitLog = new ArrayList<>();
    private ResamplerHook resampler = ResamplerHook.NONE;
    private boolean initialized;
    private final boolean guestMode;
    private boolean irqchipFull = true;
    private int nrIrqs;

    /**
     * @param pins          number of pins
     * @param style         injection path and per-source state
     * @param maskNotifiers {@link #hasMaskNotifiers()}
     */
    public ToyVirtualController(VirtualControllerContext context, int pins, Style style, boolean maskNotifiers) {
        this(context, pins, style, maskNotifiers, false);
    }

    /**
     * @param guestMode {@link #runsInGuestMode()}: the hypervisor runs the vCPUs as arm64 KVM does (in
     *                  guest mode between entry and exit; kicks exit a vCPU in guest mode)
     */
    public ToyVirtualController(VirtualControllerContext context, int pins, Style style, boolean maskNotifiers,
                                boolean guestMode) {
        this.guestMode = guestMode;
        this.name = context.name();
        this.vcpus = context.vcpus();
        this.style = style;
        this.maskNotifiers = maskNotifiers;
        this.exits = context.exits();
        for (int i = 0; i < pins; i++) {
            sources.add(new TreeSet<>());
        }
        this.edge = new boolean[pins];
        this.latched = new boolean[pins];
        this.masked = new boolean[pins];
        this.active = new boolean[pins];
        java.util.Arrays.fill(masked, true);
    }

    // ---- test controls ---------------------------------------------------------------------------

    /** Every {@code setIrq} so far, in order. */
    public List<SetIrq> setIrqLog() {
        return List.copyOf(setIrqLog);
    }

    /** The pin's level: the OR over its sources. */
    public boolean level(int pin) {
        return !sources.get(pin).isEmpty();
    }

    /** The guest EOIs the pin without having acknowledged it through {@link #acknowledge}. */
    public void guestEoi(int pin) {
        active[pin] = false;
        notifyAcked(pin);
        update();
    }

    /** The guest masks or unmasks the pin: a trapped write, as the chip's {@code mask}/{@code unmask}. */
    public void guestMask(int pin, boolean mask) {
        setMasked(pin, mask);
    }

    /** An exit the controller charges to {@code vcpu} (as for a kick), whichever vCPU runs now. */
    public void exitOf(int vcpu, ExitCause cause) {
        exits.exit(vcpu, cause, "toy kick vcpu" + vcpu);
    }

    /** {@code kvm_vcpu_kick} of {@code vcpu}: true when it forced an exit. */
    public boolean kick(int vcpu) {
        return exits.kick(vcpu, "toy kick vcpu" + vcpu);
    }

    /** Plays KVM's half of a split irqchip when false ({@code irqchip_full}). */
    public void setIrqchipFull(boolean full) {
        irqchipFull = full;
    }

    /** A trapped guest access: reports an exit, as an emulated register access would. */
    public void trappedAccess(ExitCause cause) {
        exits.exit(cause, "toy access");
    }

    /** A trapped access of the guest kernel's boot ({@code init_IRQ}): a boot exit. */
    public void bootAccess(ExitCause cause) {
        exits.bootExit(cause, "toy boot access");
    }

    /** Drives the CPU output of {@code cpu} directly. */
    public void raiseCpu(int cpu, boolean level) {
        cpus.get(cpu).set(level);
    }

    /**
     * "entry N" / "exit N" for every vCPU entry and exit, in order: the live log, to which a test may add
     * its own marks to see where its work ran between them.
     */
    public List<String> entryExitLog() {
        return entryExitLog;
    }

    /** Whether {@link #init()} ran. */
    @Override
    public boolean initialized() {
        return initialized;
    }

    /** The resampler hook the hypervisor installed ({@link ResamplerHook#NONE} if none). */
    public ResamplerHook resamplerHook() {
        return resampler;
    }

    // ---- VirtualInterruptController --------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public int pins() {
        return sources.size();
    }

    @Override
    public int hwirqForPin(int pin) {
        return pin >= 0 && pin < pins() ? pin + FIRST_HWIRQ : -1;
    }

    /** The source's level (the only level, {@link Style#VGIC_LIKE}); an edge pin latches on a rising pin level. Returns 0, or -EINVAL for a bad pin. */
    @Override
    public int setIrq(int pin, int sourceId, boolean level) {
        if (pin < 0 || pin >= pins()) {
            return -Errno.EINVAL;
        }
        setIrqLog.add(new SetIrq(pin, sourceId, level));
        boolean before = level(pin);
        if (style == Style.VGIC_LIKE) {
            sources.get(pin).clear();
        }
        if (level) {
            sources.get(pin).add(sourceId);
        } else {
            sources.get(pin).remove(sourceId);
        }
        if (edge[pin] && level && !before) {
            latched[pin] = true;
        }
        update();
        return 0;
    }

    @Override
    public boolean irqchipFull() {
        return irqchipFull;
    }

    @Override
    public boolean runsInGuestMode() {
        return guestMode;
    }

    @Override
    public boolean injectsInAtomicContext() {
        return style == Style.VGIC_LIKE;
    }

    /**
     * A {@link Style#VGIC_LIKE} toy takes a user-space line level as the vGIC does (the pin's one
     * level becomes {@code level}); the other style has no such attribute.
     */
    @Override
    public int writeLineLevelInfo(int pin, boolean level) {
        if (style != Style.VGIC_LIKE) {
            return -Errno.ENXIO;
        }
        if (pin < 0 || pin >= pins()) {
            return -Errno.EINVAL;
        }
        sources.get(pin).clear();
        if (level) {
            sources.get(pin).add(USERSPACE_LEVEL_INFO);
        }
        update();
        return 0;
    }

    /**
     * A {@link Style#VGIC_LIKE} toy records a user-space register write ({@link #userSpaceRegisterWrites})
     * and changes nothing; the other style has no such attribute.
     */
    @Override
    public int uaccessWriteRegister(String register, long value) {
        if (style != Style.VGIC_LIKE) {
            return -Errno.ENXIO;
        }
        userSpaceRegisterWrites.add(register + "=" + value);
        return 0;
    }

    /**
     * A {@link Style#VGIC_LIKE} toy records the number of interrupts the VMM sets ({@link #nrIrqs}),
     * before {@link #init} only ({@code -EBUSY} after it or a second time, as the vGIC); the other style
     * has no such attribute.
     */
    @Override
    public int setNrIrqs(int nrIrqs) {
        if (style != Style.VGIC_LIKE) {
            return -Errno.ENXIO;
        }
        if (initialized || this.nrIrqs != 0) {
            return -Errno.EBUSY;
        }
        this.nrIrqs = nrIrqs;
        return 0;
    }

    /** What the VMM set with {@link #setNrIrqs}, 0 if nothing. */
    public int nrIrqs() {
        return nrIrqs;
    }

    /** The user-space register writes so far, "NAME=value", in order. */
    public List<String> userSpaceRegisterWrites() {
        return List.copyOf(userSpaceRegisterWrites);
    }

    /** A {@link Style#VGIC_LIKE} toy takes a user-space pending write as its edge latch. */
    @Override
    public int uaccessWritePending(int pin, boolean pending) {
        if (style != Style.VGIC_LIKE) {
            return -Errno.ENXIO;
        }
        if (pin < 0 || pin >= pins()) {
            return -Errno.EINVAL;
        }
        latched[pin] = pending;
        update();
        return 0;
    }

    @Override
    public IrqNotifiers notifiers() {
        return notifiers;
    }

    @Override
    public boolean hasMaskNotifiers() {
        return maskNotifiers;
    }

    @Override
    public boolean isMasked(int pin) {
        return masked[pin];
    }

    @Override
    public void setResamplerHook(ResamplerHook hook) {
        resampler = hook == null ? ResamplerHook.NONE : hook;
    }

    @Override
    public void init() {
        initialized = true;
    }

    @Override
    public void vcpuEntry(int vcpu) {
        entryExitLog.add("entry " + vcpu);
    }

    @Override
    public void vcpuExit(int vcpu) {
        entryExitLog.add("exit " + vcpu);
    }

    @Override
    public void connectCpu(int cpu, CpuIrqLine line) {
        if (cpu < 0 || cpu >= vcpus) {
            throw new IllegalArgumentException(name + " has vCPUs 0.." + (vcpus - 1) + ", not " + cpu);
        }
        cpus.put(cpu, line);
        if (cpu == 0) {
            cpu0Asserted = false;
        }
        update();
    }

    @Override
    public int acknowledge(int cpu) {
        int p = next();
        if (p < 0) {
            return SPURIOUS;
        }
        active[p] = true;
        latched[p] = false;
        update();
        return p + FIRST_HWIRQ;
    }

    @Override
    public IrqChip chip() {
        return new Chip();
    }

    @Override
    public PinState state(int hwirq) {
        int p = hwirq - FIRST_HWIRQ;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("line", bit(level(p)));
        m.put("masked", bit(masked[p]));
        m.put("active", bit(active[p]));
        m.put("config", edge[p] ? "edge" : "level");
        String summary = (active[p] ? "active" : pending(p) ? "pending" : "inactive") + (masked[p] ? " masked" : "");
        return new PinState() {
            @Override
            public String summary() {
                return summary;
            }

            @Override
            public Map<String, String> fields() {
                return m;
            }
        };
    }

    @Override
    public Registers registers() {
        return new Registers() {
            @Override
            public List<String> names() {
                return List.of("MASK");
            }

            @Override
            public long read(String register, int cpu) {
                check(register);
                long v = 0;
                for (int p = 0; p < pins(); p++) {
                    v |= masked[p] ? 1L << p : 0;
                }
                return v;
            }

            @Override
            public void write(String register, int cpu, long value) {
                check(register);
                for (int p = 0; p < pins(); p++) {
                    setMasked(p, (value & (1L << p)) != 0);
                }
            }

            private void check(String register) {
                if (!register.equals("MASK")) {
                    throw new IllegalArgumentException("no register " + register + "; known: MASK");
                }
            }
        };
    }

    // ---- internals -------------------------------------------------------------------------------

    private boolean pending(int p) {
        return edge[p] ? latched[p] : level(p);
    }

    private int next() {
        for (int p = 0; p < pins(); p++) {
            if (!masked[p] && pending(p) && !active[p]) {
                return p;
            }
        }
        return -1;
    }

    private void update() {
        CpuIrqLine l = cpus.get(0);
        boolean want = next() >= 0;
        if (l != null && want != cpu0Asserted) {
            cpu0Asserted = want;
            l.set(want);
        }
    }

    private void notifyAcked(int pin) {
        notifiers.notifyAcked(pin);
    }

    private void setMasked(int p, boolean m) {
        exits.exit(ExitCause.MMIO, "toy MASK write");
        if (masked[p] != m) {
            masked[p] = m;
            if (maskNotifiers) {
                notifiers.fireMaskNotifiers(p, m);
            }
        }
        update();
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    private final class Chip implements IrqChip {
        @Override
        public String name() {
            return "TOY-VIC";
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
            edge[hwirq - FIRST_HWIRQ] = trigger.isEdge();
            return 0;
        }

        @Override
        public void mask(int hwirq) {
            setMasked(hwirq - FIRST_HWIRQ, true);
        }

        @Override
        public void unmask(int hwirq) {
            setMasked(hwirq - FIRST_HWIRQ, false);
        }

        @Override
        public void eoi(int hwirq) {
            guestEoi(hwirq - FIRST_HWIRQ);
        }
    }
}
