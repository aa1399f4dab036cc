package dev.irqlab.kvm;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ConfigKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The KVM plugin's configuration: latencies of the injection paths and the cost a vCPU pays per exit,
 * by cause. All durations in nanoseconds.
 *
 * <p>Defaults are order-of-magnitude figures for a current arm64/x86 host with VHE/VMX: a trap to
 * KVM and back costs about a microsecond before any emulation; an MMIO exit adds instruction decode
 * and the device emulation (another microsecond); a GIC maintenance interrupt or a trapped LAPIC EOI
 * is handled in KVM without going to user space. Scenarios override them per machine.
 *
 * @param injectionLatencyNs    from the virtual controller raising a vCPU's line to the guest's
 *                              interrupt entry: the kick (IPI or the vCPU noticing the request) and
 *                              the world switch into the guest
 * @param irqfdInjectLatencyNs  from {@code schedule_work(&irqfd->inject)} to {@code irqfd_inject}
 *                              running on a kworker (x86 IO-APIC pins, and every assign-time injection)
 * @param exitCostNs            per exit cause, the time the vCPU spends outside guest code
 * @param resamplerAckWindowNs  how long after its de-assert {@code irqfd_resampler_ack} signals the
 *                              resamplefds; 0 (the default) at once, as one step. Not a cost: a window
 *                              for {@code irqlab explore} to let other CPUs' work land between the two
 *                              (Dmytro Maluka's remark in the thread); write it as a range there
 */
public record KvmConfig(long injectionLatencyNs, long irqfdInjectLatencyNs, Map<ExitCause, Long> exitCostNs,
                        String kvmVersion, long resamplerAckWindowNs) {

    public static final String INJECTION_LATENCY = "injection-latency";
    public static final String IRQFD_INJECT_LATENCY = "irqfd-inject-latency";
    public static final String EXIT_COST_PREFIX = "exit-cost.";
    public static final String KVM_VERSION = "kvm-version";
    public static final String RESAMPLER_ACK_WINDOW = "resampler-ack-window";

    /** @throws IllegalArgumentException when a cause has no cost: every exit is charged one */
    public KvmConfig {
        exitCostNs = Map.copyOf(exitCostNs);
        List<String> missing = new ArrayList<>();
        for (ExitCause cause : ExitCause.values()) {
            if (!exitCostNs.containsKey(cause)) {
                missing.add(exitCostKey(cause));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("kvm: no exit cost for " + String.join(", ", missing)
                    + " (every exit cause needs one: " + EXIT_COST_PREFIX + "<cause>)");
        }
    }

    /** The key naming the cost of one exit cause: {@code exit-cost.<label>}, e.g. {@code exit-cost.mmio}. */
    public static String exitCostKey(ExitCause cause) {
        return EXIT_COST_PREFIX + cause.label();
    }

    /** Default exit costs in ns (see the class comment). */
    static long defaultExitCost(ExitCause cause) {
        switch (cause) {
            case MMIO:
                return 2_000;
            case APIC_EOI:
            case IOAPIC_EOI: // the EOI-induced exit itself; the VMM adds its handling (ExitSink.exitToVmm)
            case MAINTENANCE:
            case SYSREG:
            case EXTERNAL_INTERRUPT:
                return 1_000;
            case IDLE:
                return 2_000;
            default:
                throw new IllegalStateException("no default cost for exit cause " + cause);
        }
    }

    /** The configuration keys of factory "kvm". */
    public static List<ConfigKey> schema() {
        List<ConfigKey> keys = new ArrayList<>();
        keys.add(ConfigKey.duration(INJECTION_LATENCY, 1_000,
                "virtual controller output to guest interrupt entry on the vCPU (kick + entry)")
                        .withSource("virt/kvm/kvm_main.c: kvm_vcpu_kick"));
        keys.add(ConfigKey.duration(IRQFD_INJECT_LATENCY, 5_000,
                "schedule_work(irqfd->inject) to irqfd_inject running (work-queue path of KVM_IRQFD)")
                        .withSource("virt/kvm/eventfd.c: irqfd_wakeup, irqfd_inject"));
        keys.add(ConfigKey.choice(KVM_VERSION, IrqfdWaitQueue.DEFAULT.label, IrqfdWaitQueue.NAMES,
                "how an irqfd waits on its eventfd: linux-5.10 a plain waiter; linux-5.11 (to 6.16) the exclusive "
                        + "priority waiter that hides the signal from later waiters; linux-6.17 that, and -EBUSY when "
                        + "another VM's irqfd already waits on the eventfd")
                        .withSource("virt/kvm/eventfd.c: kvm_irqfd_register, irqfd_wakeup; kernel/sched/wait.c: "
                                + "add_wait_queue_priority_exclusive"));
        for (ExitCause cause : ExitCause.values()) {
            keys.add(ConfigKey.duration(exitCostKey(cause), defaultExitCost(cause),
                    "time a vCPU spends outside the guest for one '" + cause.label() + "' exit")
                        .withSource("arch/arm64/kvm/handle_exit.c: handle_exit; arch/x86/kvm/vmx/vmx.c: vmx_handle_exit"));
        }
        keys.add(ConfigKey.duration(RESAMPLER_ACK_WINDOW, 0,
                "irqfd_resampler_ack: from the de-assert to the resamplefd signal (0: at once; a range for explore)"));
        return List.copyOf(keys);
    }

    /** Reads a validated configuration of this schema. */
    public static KvmConfig from(Config config) {
        Map<ExitCause, Long> costs = new EnumMap<>(ExitCause.class);
        for (ExitCause cause : ExitCause.values()) {
            costs.put(cause, config.durationNs(exitCostKey(cause)));
        }
        return new KvmConfig(config.durationNs(INJECTION_LATENCY), config.durationNs(IRQFD_INJECT_LATENCY), costs,
                config.text(KVM_VERSION), config.durationNs(RESAMPLER_ACK_WINDOW));
    }

    public long exitCost(ExitCause cause) {
        return exitCostNs.get(cause);
    }
}
