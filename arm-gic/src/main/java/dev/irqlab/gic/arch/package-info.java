/**
 * The GIC architecture, written once for GICv2 (IHI 0048B) and GICv3 (IHI 0069): the distributor's
 * per-SPI state machines and GICD_* register layouts, the CPU interfaces, the list registers of the
 * virtualisation extensions, and {@link dev.irqlab.gic.arch.GicAccess}, the register accesses a driver
 * makes. Nothing here knows Linux or KVM.
 */
package dev.irqlab.gic.arch;
