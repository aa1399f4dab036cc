/**
 * KVM's vGIC (arch/arm64/kvm/vgic/), one class per kernel file: {@link dev.irqlab.gic.kvm.Vgic}
 * (vgic.c: state, ap_list queueing, flush/fold), {@link dev.irqlab.gic.kvm.VgicLrs} (vgic-v3.c /
 * vgic-v2.c: list registers), {@link dev.irqlab.gic.kvm.VgicMmio} (vgic-mmio.c, vgic-mmio-v2.c,
 * vgic-mmio-v3.c: register handlers), {@link dev.irqlab.gic.kvm.VgicInit} (vgic-init.c),
 * {@link dev.irqlab.gic.kvm.VgicIrqfd} (vgic-irqfd.c); plus the guest's virtual CPU interface that
 * the list registers feed ({@link dev.irqlab.gic.kvm.VirtualCpuInterface}).
 */
package dev.irqlab.gic.kvm;
