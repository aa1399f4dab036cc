/**
 * ARM GICv2 / GICv3: the host's physical distributor and CPU interfaces with Linux's irqchip
 * ({@link dev.irqlab.gic.PhysicalGic}), and KVM's vGIC with list registers, maintenance interrupts and
 * HW-mapped interrupts ({@link dev.irqlab.gic.Vgic}). Plugins "gicv2" and "gicv3".
 */
package dev.irqlab.gic;
