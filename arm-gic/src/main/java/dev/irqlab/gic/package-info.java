/**
 * ARM GICv2 / GICv3 plugins "gicv2" and "gicv3": the factories, their configuration, and the host's
 * controller ({@link dev.irqlab.gic.PhysicalGic}: the hardware with Linux's driver). The model is laid
 * out as the kernel and the manuals lay it out:
 * <ul>
 *   <li>{@link dev.irqlab.gic.arch} — the GIC architecture (IHI 0048B, IHI 0069): distributor, CPU
 *       interfaces, list registers, register layouts, and the register access software uses;</li>
 *   <li>{@link dev.irqlab.gic.linux} — Linux's GIC irqchip driver (irq-gic.c, irq-gic-v3.c), one
 *       model for host and guest;</li>
 *   <li>{@link dev.irqlab.gic.kvm} — KVM's vGIC (arch/arm64/kvm/vgic/), split as vgic.c,
 *       vgic-v3.c/vgic-v2.c, vgic-mmio*.c, vgic-init.c and vgic-irqfd.c are.</li>
 * </ul>
 */
package dev.irqlab.gic;
