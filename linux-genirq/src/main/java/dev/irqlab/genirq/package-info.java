/**
 * The Linux interrupt core (kernel/irq) as a plugin: descriptors ({@link dev.irqlab.genirq.IrqDesc}),
 * flow handlers ({@link dev.irqlab.genirq.FlowHandlers}, chip.c), actions and threads (handle.c,
 * manage.c), resend (resend.c), spurious detection (spurious.c) and system-suspend handling (pm.c),
 * read from Kingxukai/linux commit 9b44fff6 (≈ v6.17). {@link dev.irqlab.genirq.LinuxIrqCore} is the
 * {@link dev.irqlab.api.kernel.IrqCore}; {@link dev.irqlab.genirq.LinuxGenirqPlugin} binds it as
 * KernelFactory {@code linux}.
 */
package dev.irqlab.genirq;
