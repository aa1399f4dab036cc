package dev.irqlab.genirq;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.Capabilities;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.MessageKey;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.plugin.AbstractIrqlabPlugin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plugin {@code linux}: the Linux interrupt core (kernel/irq) as KernelFactory {@code linux}. */
public final class LinuxGenirqPlugin extends AbstractIrqlabPlugin {

    public static final String NAME = "linux";

    private static final List<MessageKey> MESSAGES = List.of(
            new MessageKey("genirq.type_mismatch",
                    "mapping a hwirq with a trigger other than the one it was first mapped with",
                    "kernel/irq/irqdomain.c: irq_create_fwspec_mapping \"type mismatch, failed to map hwirq\""),
            new MessageKey("genirq.set_type_failed",
                    "the interrupt controller refused irq_set_type",
                    "kernel/irq/manage.c: __irq_set_trigger \"setting trigger mode %lu for irq %u failed\""),
            new MessageKey("genirq.flags_mismatch",
                    "request_irq on a line whose other action has incompatible flags",
                    "kernel/irq/manage.c: __setup_irq \"Flags mismatch irq %d\""),
            new MessageKey("genirq.threaded_no_oneshot",
                    "request_threaded_irq(handler=NULL) without IRQF_ONESHOT, refused",
                    "kernel/irq/manage.c: __setup_irq \"Threaded irq requested with handler=NULL and !ONESHOT\""),
            new MessageKey("genirq.free_already_free",
                    "free_irq of an irq with no action",
                    "kernel/irq/manage.c: __free_irq \"Trying to free already-free IRQ\""),
            new MessageKey("genirq.unbalanced_wake_disable",
                    "irq_set_irq_wake(irq, 0) without a matching enable",
                    "kernel/irq/manage.c: irq_set_irq_wake \"Unbalanced IRQ %d wake disable\""),
            new MessageKey("genirq.unexpected_irq",
                    "an interrupt arrived for a hwirq with no mapping",
                    "kernel/irq/irqdesc.c: handle_irq_desc; arch/x86/kernel/irq.c: __common_interrupt"),
            new MessageKey("genirq.unbalanced_enable",
                    "enable_irq on an irq whose disable depth is 0",
                    "kernel/irq/manage.c: __enable_irq \"Unbalanced enable for IRQ %d\""),
            new MessageKey("genirq.no_thread_fn",
                    "a handler returned IRQ_WAKE_THREAD but the action has no thread",
                    "kernel/irq/handle.c: warn_no_thread"),
            new MessageKey("genirq.nobody_cared",
                    "99,900 of 100,000 interrupts unhandled: the spurious detector reports the line",
                    "kernel/irq/spurious.c: __report_bad_irq \"irq %d: nobody cared\""),
            new MessageKey("genirq.bad_irq_handlers",
                    "after nobody cared: \"handlers:\" and one line per action of the line, with its functions",
                    "kernel/irq/spurious.c: __report_bad_irq \"handlers:\", \"[<%p>] %ps threaded [<%p>] %ps\""),
            new MessageKey("genirq.disabling",
                    "the spurious detector disables the line after nobody cared",
                    "kernel/irq/spurious.c: note_interrupt \"Disabling IRQ #%d\""),
            new MessageKey("pm.irq_wakeup",
                    "an armed wake irq fired while interrupts are suspended: the suspend is aborted (printed only "
                            + "with pm-debug-messages: pm_pr_dbg)",
                    "kernel/irq/pm.c: irq_pm_check_wakeup; drivers/base/power/wakeup.c: pm_system_irq_wakeup "
                            + "\"Triggering wakeup from IRQ %d\""));

    public LinuxGenirqPlugin() {
        super(NAME, "the host and guest Linux interrupt core: irq descriptors, flow handlers, threads, spurious detection",
                new Capabilities(Map.of(Role.KERNEL, Set.of(NAME)), Set.of(), Set.of(), Set.of()),
                MESSAGES);
    }

    @Override
    public int spiVersion() {
        return Spi.VERSION;
    }

    /** The component graph: a kernel's interrupt core ({@link LinuxIrqCore}) from its part factory. */
    @Override
    protected void configure() {
        bind(LinuxIrqCore.Factory.class);
        bindFactory(KernelFactory.class, NAME, LinuxKernelFactory.class);
    }
}
