package dev.irqlab.kvm;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal virtual controller for KVM tests: level pins whose level is the OR over sources (as x86
 * {@code __kvm_irq_line_state}), a guest mask per pin that fires mask notifiers, a test method for
 * the guest's EOI that calls the ack notifiers, and a log of every {@code setIrq}.
 */
final class FakeVirtualController implements VirtualInterruptController {

    /** One {@code setIrq} call. */
    record SetIrq(int pin, int source, boolean level) {
    }

    private final String name;
    private final int pins;
    private final boolean atomic;
    private final boolean maskNotifiers;
    private final ExitSink exits;
    private final Map<Integer, Set<Integer>> highSources = new HashMap<>();
    private final IrqNotifiers notifiers = new IrqNotifiers();
    private final Map<Integer, Boolean> masked = new HashMap<>();
    private final Map<Integer, CpuIrqLine> cpus = new HashMap<>();
    final List<SetIrq> setIrqLog = new ArrayList<>();
    final List<String> entryExitLog = new ArrayList<>();
    ResamplerHook hook = ResamplerHook.NONE;
    /** {@code irqchip_full}; false plays KVM's half of the split irqchip. */
    boolean full = true;
    private final boolean guestMode;

    FakeVirtualController(VirtualControllerContext context, int pins, boolean atomic, boolean maskNotifiers) {
        this(context, pins, atomic, maskNotifiers, false);
    }

    /** @param guestMode {@link #runsInGuestMode}: the vCPUs run as arm64 KVM runs them */
    FakeVirtualController(VirtualControllerContext context, int pins, boolean atomic, boolean maskNotifiers,
                          boolean guestMode) {
        this.guestMode = guestMode;
        this.name = context.name();
        this.pins = pins;
        this.atomic = atomic;
        this.maskNotifiers = maskNotifiers;
        this.exits = context.exits();
    }

    // ---- test controls -------------------------------------------------------------------------

    @Override
    public boolean irqchipFull() {
        return full;
    }

    /** The guest EOIs the pin: {@code kvm_notify_acked_irq}. */
    void guestEoi(int pin) {
        notifiers.notifyAcked(pin);
    }

    /** The guest masks or unmasks the pin: {@code kvm_fire_mask_notifiers}. */
    void guestMask(int pin, boolean m) {
        masked.put(pin, m);
        notifiers.fireMaskNotifiers(pin, m);
    }

    /** An exit the controller charges to {@code vcpu} (a kick), whichever vCPU runs now. */
    void exitOf(int vcpu, ExitCause cause) {
        exits.exit(vcpu, cause, "kick vcpu" + vcpu);
    }

    /** {@code kvm_vcpu_kick}: true when it forced an exit. */
    boolean kick(int vcpu) {
        return exits.kick(vcpu, "kick vcpu" + vcpu);
    }

    @Override
    public boolean runsInGuestMode() {
        return guestMode;
    }

    /** A trapped guest access: report an exit. */
    void trappedAccess(ExitCause cause) {
        exits.exit(cause, "test access");
    }

    boolean level(int pin) {
        return !highSources.getOrDefault(pin, Set.of()).isEmpty();
    }

    boolean sourceLevel(int pin, int source) {
        return highSources.getOrDefault(pin, Set.of()).contains(source);
    }

    int ackNotifierCount(int pin) {
        return notifiers.ackNotifierCount(pin);
    }

    void raiseCpu(int cpu, boolean level) {
        cpus.get(cpu).set(level);
    }

    // ---- VirtualInterruptController --------------------------------------------------------------

    @Override
    public int pins() {
        return pins;
    }

    @Override
    public int hwirqForPin(int pin) {
        return pin + 32;
    }

    @Override
    public int setIrq(int pin, int sourceId, boolean level) {
        setIrqLog.add(new SetIrq(pin, sourceId, level));
        Set<Integer> s = highSources.computeIfAbsent(pin, p -> new java.util.TreeSet<>());
        if (level) {
            s.add(sourceId);
        } else {
            s.remove(sourceId);
        }
        return 1;
    }

    @Override
    public boolean injectsInAtomicContext() {
        return atomic;
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
        return masked.getOrDefault(pin, false);
    }

    @Override
    public void setResamplerHook(ResamplerHook hook) {
        this.hook = hook;
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
    public String name() {
        return name;
    }

    @Override
    public IrqChip chip() {
        return new IrqChip() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public Set<dev.irqlab.api.controller.ChipFlag> flags() {
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
                guestMask(hwirq - 32, true);
            }

            @Override
            public void unmask(int hwirq) {
                guestMask(hwirq - 32, false);
            }

            @Override
            public void eoi(int hwirq) {
                guestEoi(hwirq - 32);
            }
        };
    }

    @Override
    public void connectCpu(int cpu, CpuIrqLine line) {
        cpus.put(cpu, line);
    }

    @Override
    public int acknowledge(int cpu) {
        return SPURIOUS;
    }

    @Override
    public PinState state(int hwirq) {
        return new PinState() {
            @Override
            public String summary() {
                return level(hwirq - 32) ? "high" : "low";
            }

            @Override
            public Map<String, String> fields() {
                return Map.of("line", level(hwirq - 32) ? "1" : "0");
            }
        };
    }

    @Override
    public Registers registers() {
        throw new UnsupportedOperationException("no registers in the fake");
    }
}
