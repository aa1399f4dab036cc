/**
 * The irqlab SPI: the seams between the models of an interrupt-forwarding stack.
 *
 * <p>Every interface here is implemented by a plugin and called by the runtime or by another plugin,
 * always on the single simulation thread, in virtual time. Nothing in this module keeps state or
 * contains model logic; it depends on the JDK only.
 *
 * <ul>
 *   <li>{@link dev.irqlab.api.sim} — the services the engine gives every model: virtual clock,
 *       scheduler, deferred work, event fds, seeded randomness, the trace.</li>
 *   <li>{@link dev.irqlab.api.controller} — interrupt controllers, physical and virtual, with the
 *       {@code struct irq_chip} operations a kernel performs on them.</li>
 *   <li>{@link dev.irqlab.api.kernel} — the driver-facing API of a Linux interrupt core
 *       ({@code request_threaded_irq}, {@code disable_irq_nosync}, ...).</li>
 *   <li>{@link dev.irqlab.api.device}, {@link dev.irqlab.api.forwarder},
 *       {@link dev.irqlab.api.hypervisor} — devices, vfio-platform and KVM.</li>
 *   <li>{@link dev.irqlab.api.plugin} — the plugin entry point and the factories it binds by name.</li>
 * </ul>
 */
package dev.irqlab.api;
