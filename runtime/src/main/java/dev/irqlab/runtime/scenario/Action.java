package dev.irqlab.runtime.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One management step of the scenario's {@code actions:} list: what a kernel engineer does by hand
 * at a given virtual time — a call of a kernel's interrupt-core API on a device's irq, or a register
 * access on an interrupt controller, as a debugger or the guest would make it.
 *
 * <p>Every action runs on a CPU of its side, through that side's executor: host actions on a host
 * CPU, guest actions on a vCPU (so a guest access to the virtual controller traps and costs what a
 * guest MMIO access costs, and waits while the vCPU is busy in an exit).
 */
public sealed interface Action permits Action.KernelCall, Action.RegisterWrite, Action.RegisterRead {

    /** When the action is due, in virtual nanoseconds (it runs when the CPU gets to it). */
    long atNs();

    /** The host or the guest: whose kernel is called, whose controller is accessed. */
    Side side();

    /** The CPU (host) or vCPU (guest) that performs the action. */
    int cpu();

    /**
     * Where the action is written: the {@code call} value of a kernel call, the register name of
     * a register access, so reports point at what can be wrong.
     */
    Location location();

    /** Host or guest, as written ({@code kernel: host}, {@code controller: guest}). */
    enum Side {
        HOST("host"),
        GUEST("guest");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Optional<Side> fromLabel(String label) {
            return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst();
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(Side::label).toList();
        }
    }

    /** A kernel's driver-API call on the Linux irq of {@code device} in that kernel (resolved at run time). */
    record KernelCall(long atNs, Side side, int cpu, String device, Call call, Location location) implements Action {
    }

    /** A register write through {@code InterruptController.registers()}, with the manual's register name. */
    record RegisterWrite(long atNs, Side side, int cpu, String register, long value, Location location)
            implements Action {
    }

    /** A register read through {@code InterruptController.registers()}; the value read goes to the trace. */
    record RegisterRead(long atNs, Side side, int cpu, String register, Location location) implements Action {
    }

    /** The status flags a scenario may set or clear ({@code include/linux/irq.h}). */
    enum StatusFlag {
        /** {@code IRQ_DISABLE_UNLAZY}: {@code irq_disable} masks at once (kernel/irq/chip.c {@code __irq_disable}). */
        IRQ_DISABLE_UNLAZY;

        public static Optional<StatusFlag> fromName(String name) {
            return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(StatusFlag::name).toList();
        }
    }

    /** The kernel functions a scenario may call, named as in the kernel. */
    sealed interface Call permits DisableIrq, DisableIrqNosync, EnableIrq, SetIrqWake, SetStatusFlags,
            ClearStatusFlags {

        /** The kernel function's name. */
        String function();
    }

    /** kernel/irq/manage.c {@code disable_irq}. */
    record DisableIrq() implements Call {
        @Override
        public String function() {
            return "disable_irq";
        }
    }

    /** kernel/irq/manage.c {@code disable_irq_nosync}. */
    record DisableIrqNosync() implements Call {
        @Override
        public String function() {
            return "disable_irq_nosync";
        }
    }

    /** kernel/irq/manage.c {@code enable_irq}. */
    record EnableIrq() implements Call {
        @Override
        public String function() {
            return "enable_irq";
        }
    }

    /** kernel/irq/manage.c {@code irq_set_irq_wake}. */
    record SetIrqWake(boolean on) implements Call {
        @Override
        public String function() {
            return "irq_set_irq_wake";
        }
    }

    /** include/linux/irq.h {@code irq_set_status_flags} (kernel/irq/chip.c {@code irq_modify_status}). */
    record SetStatusFlags(StatusFlag flag) implements Call {
        @Override
        public String function() {
            return "irq_set_status_flags";
        }
    }

    /** include/linux/irq.h {@code irq_clear_status_flags} (kernel/irq/chip.c {@code irq_modify_status}). */
    record ClearStatusFlags(StatusFlag flag) implements Call {
        @Override
        public String function() {
            return "irq_clear_status_flags";
        }
    }

    /** The call names in the order error messages list them. */
    static List<String> callNames() {
        return List.of("disable_irq", "disable_irq_nosync", "enable_irq", "irq_set_irq_wake", "irq_set_status_flags",
                "irq_clear_status_flags");
    }
}
