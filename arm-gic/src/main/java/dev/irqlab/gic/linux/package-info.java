/**
 * Linux's GIC irqchip driver (drivers/irqchip/irq-gic.c, irq-gic-v3.c, irq-gic-common.c): one model,
 * {@link dev.irqlab.gic.linux.LinuxGicChip}, over {@link dev.irqlab.gic.arch.GicAccess}, used by the
 * host on the physical GIC and by the guest on KVM's vGIC.
 */
package dev.irqlab.gic.linux;
