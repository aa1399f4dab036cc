package dev.irqlab.gic.kvm;

import com.google.inject.Inject;
import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.ExitSink;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.IrqNotifiers;
import dev.irqlab.api.controller.IrqchipState;
import dev.irqlab.api.controller.MaskNotifier;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.controller.ResamplerHook;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.gic.arch.DistributorAccess;
import dev.irqlab.gic.arch.DistributorRegisters;
import dev.irqlab.gic.arch.GicAccess;
import dev.irqlab.gic.arch.GicDriver;
import dev.irqlab.gic.arch.GicPinState;
import dev.irqlab.gic.arch.GicRegisters;
import dev.irqlab.gic.arch.GicVersion;
import dev.irqlab.gic.arch.ListRegister;
import dev.irqlab.gic.arch.LrContents;
import dev.irqlab.gic.arch.StateTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * KVM's vGIC for SPIs, arch/arm64/kvm/vgic/vgic.c: {@link VgicIrq} state per SPI, an ap_list per
 * vCPU, {@code vgic_queue_irq_unlock}, the flush of the list registers at guest entry and their fold
 * at exit, and the resampling of mapped level interrupts. Its parts follow the kernel's files:
 * list registers {@link VgicLrs} (vgic-v3.c / vgic-v2.c), the emulated distributor {@link VgicMmio}
 * (vgic-mmio*.c), {@link VgicInit} (vgic-init.c), {@link VgicIrqfd} (vgic-irqfd.c); the guest's
 * virtual CPU interface is {@link VirtualCpuInterface}. The guest kernel's GIC driver is given
 * ({@link GicDriver}) and drives it through a {@link GicAccess} whose distributor accesses are MMIO
 * exits.
 *
 * <p>Pins are KVM irqchip pins: pin n is SPI INTID 32 + n. The initial state is KVM's
 * (vgic-init.c {@code kvm_vgic_dist_init}, 6.17-6.19: the SPIs are {@code kcalloc}ed, so edge
 * ({@code VGIC_CONFIG_EDGE} is 0), priority 0, disabled, inactive, {@code target_vcpu} vCPU 0 with
 * {@code targets} 0 (v2) / {@code mpidr} 0 (v3); {@code dist->enabled} 0). A VMM may put its own
 * state (QEMU does at every system reset); the guest's GIC driver reprograms it when the guest kernel
 * boots ({@link #driverInit}, {@code gic_dist_init}, each access an MMIO exit).
 */
public final class Vgic implements VirtualInterruptController {

    private final GicVersion version;
    private final KvmRelease release;
    private final String name;
    private final StateTrace trace;
    private final ExitSink exits;
    /**
     * {@code dist->spis}: allocated when the number of SPIs is frozen ({@link #spis}), null before; an
     * SPI's entry is null until its object is made ({@link #irq}), its state meanwhile in {@link #cold}.
     */
    private VgicIrq[] irqs;
    /** The state of the SPIs whose object is not made yet; null with {@link #irqs}. */
    private ColdSpis cold;
    /** {@code dist->nr_spis} as the VMM set it ({@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS}), 0 until then. */
    private int nrSpis;
    private final VgicCpu[] cpus;
    private final int listRegisters;
    private final boolean maskNotifiers;
    private final boolean resampleOnEnable;
    private final ResampleOnEnable resampleRule;
    private final Sim sim;
    private final IrqNotifiers notifiers = new IrqNotifiers();
    private ResamplerHook resampler = ResamplerHook.NONE;
    private final VgicInit init;
    private final VgicIrqfd irqfd;
    private final VgicLrs lrs;
    private final VirtualCpuInterface vcpuInterface;
    /** The emulated distributor ({@code vgic-mmio*.c}): the guest's accesses' and user space's. */
    private final VgicMmio mmio;
    private final GicDriver chip;
    private final GicRegisters registers;
    /**
     * The distributor registers without a gate, so no exit and no LR sync: as user space reaches them,
     * and the writes of a guest's {@link #writeRun}, which brackets each itself.
     */
    private final DistributorRegisters uaccessRegisters;
    /** {@code vgic_dist.enabled}: 0 until the guest's GICD_CTLR write (vgic-init.c leaves it zeroed). */
    boolean distributorEnabled;
    private int currentVcpu = -1;
    /** Inside {@link #driverInit}: exits are reported as {@link ExitSink#bootExit boot exits}. */
    private boolean booting;
    /** {@code vgic_dist.active_spis} (6.19): SPIs queued and not yet seen deactivated. */
    private int activeSpis;

    /** Makes a VM's vGIC of the version the plugin's Guice module binds, with a run's values. */
    public static final class Factory {
        private final GicVersion version;
        private final GicDriver.Factory guestDriver;

        @Inject
        Factory(GicVersion version, GicDriver.Factory guestDriver) {
            this.version = version;
            this.guestDriver = guestDriver;
        }

        public Vgic create(Sim sim, String name, VgicSpec spec, ExitSink exits) {
            return new Vgic(version, guestDriver, sim, name, spec, exits);
        }
    }

    /**
     * The vGIC as a plugin's Guice module builds it: the guest kernel's GIC driver is the one the
     * module binds ({@link GicDriver.Factory}).
     */
    Vgic(GicVersion version, GicDriver.Factory guestDriver, Sim sim, String name, VgicSpec spec, ExitSink exits) {
        this(version, spec.release(), sim, name, spec.vcpus(), 0, spec.listRegisters(), spec.guestEoiMode(),
                spec.maskNotifiers(), spec.resampleOnEnable(), spec.resampleRule(), exits,
                access -> guestDriver.create(access, spec.guestEoiMode()));
    }

    /**
     * @param release          the upstream release whose vGIC is modelled
     * @param spis             the SPIs the VMM sets before init ({@link #setNrIrqs} of spis + 32: 32..992,
     *                         a multiple of 32), or 0 for none: KVM's default of 224 at init
     * @param guestEoiMode     the EOImode the guest programs (a Linux guest at EL1: 0)
     * @param maskNotifiers    fire mask notifiers on guest enable changes (not upstream)
     * @param resampleOnEnable the {@code vgic-resample-on-enable} fix
     * @param guestDriver      the guest kernel's GIC driver, given the register access
     */
    public Vgic(GicVersion version, KvmRelease release, Sim sim, String name, int vcpus, int spis, int listRegisters,
                int guestEoiMode, boolean maskNotifiers, boolean resampleOnEnable, ExitSink exits,
                Function<GicAccess, GicDriver> guestDriver) {
        this(version, release, sim, name, vcpus, spis, listRegisters, guestEoiMode, maskNotifiers, resampleOnEnable,
                ResampleOnEnable.DEFAULT, exits, guestDriver);
    }

    /**
     * As above, with the order and window of the {@code vgic-resample-on-enable} fix's two steps
     * ({@link ResampleOnEnable}).
     */
    public Vgic(GicVersion version, KvmRelease release, Sim sim, String name, int vcpus, int spis, int listRegisters,
                int guestEoiMode, boolean maskNotifiers, boolean resampleOnEnable, ResampleOnEnable resampleRule,
                ExitSink exits, Function<GicAccess, GicDriver> guestDriver) {
        if (vcpus < 1 || (version == GicVersion.V2 && vcpus > 8)) {
            throw new IllegalArgumentException(name + ": " + vcpus + " vCPUs; " + version.virtualName()
                    + " supports 1.." + (version == GicVersion.V2 ? 8 : "any"));
        }
        this.version = version;
        this.release = release;
        this.name = name;
        this.trace = new StateTrace(sim, name);
        this.exits = exits;
        this.listRegisters = listRegisters;
        this.maskNotifiers = maskNotifiers;
        this.resampleOnEnable = resampleOnEnable;
        this.resampleRule = resampleRule;
        this.sim = sim;
        if (spis != 0 && setNrIrqs(spis + 32) != 0) {
            throw new IllegalArgumentException(name + ": " + spis + " SPIs; KVM_DEV_ARM_VGIC_GRP_NR_IRQS allows "
                    + "32..992 SPIs, a multiple of 32");
        }
        this.cpus = new VgicCpu[vcpus];
        for (int v = 0; v < vcpus; v++) {
            cpus[v] = new VgicCpu(v, listRegisters, guestEoiMode);
        }
        this.init = new VgicInit(version, trace);
        this.irqfd = new VgicIrqfd(this, init);
        this.lrs = new VgicLrs(this, trace);
        this.vcpuInterface = new VirtualCpuInterface(this, version, trace, vcpus);
        this.mmio = new VgicMmio(this);
        GicRegisters.CpuSide cpuSide = new GuestCpuSide();
        GicRegisters.DistributorGate gate = new MmioGate();
        this.uaccessRegisters = new DistributorRegisters(version, mmio);
        this.registers = new GicRegisters(version, uaccessRegisters, cpuSide, gate);
        this.chip = guestDriver.apply(new DistributorAccess(version, mmio, cpuSide, gate, this::vcpuHolding,
                this::currentVcpu));
    }

    // ---------------------------------------------------------------- identity

    public GicVersion version() {
        return version;
    }

    /** The upstream release whose vGIC this is. */
    public KvmRelease release() {
        return release;
    }

    /** {@code vgic_dist.active_spis} (always 0 before 6.19). */
    public int activeSpis() {
        return activeSpis;
    }

    /** vgic-v3.c {@code vgic_v3_fold_lr}: {@code atomic_dec_if_positive(&active_spis)} at a deactivation. */
    void activeSpiDeactivated() {
        if (activeSpis > 0) {
            activeSpis--;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public IrqChip chip() {
        return chip;
    }

    @Override
    public Registers registers() {
        return registers;
    }

    /**
     * vgic-kvm-device.c {@code vgic_set_common_attr}, {@code KVM_DEV_ARM_VGIC_GRP_NR_IRQS}: the VMM sets
     * the number of interrupts, SGIs and PPIs included, before {@code vgic_init}: at least 64, at most
     * {@code VGIC_MAX_RESERVED} (1023), a multiple of 32, else {@code -EINVAL}; {@code -EBUSY} once the
     * number is set or frozen by {@code vgic_init}.
     */
    @Override
    public int setNrIrqs(int nrIrqs) {
        if (nrIrqs < 32 + 32 || nrIrqs > 1023 || (nrIrqs & 31) != 0) {
            return -Errno.EINVAL;
        }
        if (nrSpis != 0 || irqs != null) {
            return -Errno.EBUSY;
        }
        nrSpis = nrIrqs - 32;
        return 0;
    }

    /**
     * {@code dist->spis}. vgic-init.c {@code vgic_init} freezes the number of SPIs: the VMM's, or
     * {@code VGIC_NR_IRQS_LEGACY - VGIC_NR_PRIVATE_IRQS} (224) when it set none, and
     * {@code kvm_vgic_dist_init} allocates them: target_vcpu vCPU 0, targets / mpidr 0, group 1 on a
     * vGICv3 (0 on a vGICv2), edge (VGIC_CONFIG_EDGE is 0), the rest zeroed. The model freezes at
     * {@code vgic_init} or at the first use before it (KVM has no SPIs before; nothing here uses them
     * before the VMM's {@code KVM_DEV_ARM_VGIC_CTRL_INIT} but a GICv2 vGIC's lazy init).
     */
    VgicIrq[] spis() {
        VgicIrq[] a = irqs;
        return a != null ? a : allocateSpis();
    }

    /**
     * {@link #spis} the first time: {@code kvm_vgic_dist_init}'s allocation. Each SPI's object is made
     * when first used ({@link #irq}): until then {@link ColdSpis} holds its state, KVM's reset state and
     * what the whole-register writes of a reset put and a guest's boot gave it.
     */
    private VgicIrq[] allocateSpis() {
        int n = nrSpis != 0 ? nrSpis : KVM_DEFAULT_SPIS;
        cold = new ColdSpis(n, version == GicVersion.V3);
        irqs = new VgicIrq[n];
        return irqs;
    }

    /** The state of SPIs whose object {@link #spis} does not hold yet (a null entry). */
    ColdSpis cold() {
        spis();
        return cold;
    }

    /** Pin {@code pin}'s object, made from its {@link ColdSpis} state the first time. */
    VgicIrq spi(int pin) {
        VgicIrq irq = spis()[pin];
        return irq != null ? irq : make(pin);
    }

    private VgicIrq make(int pin) {
        VgicIrq irq = cold.make(pin);
        irqs[pin] = irq;
        return irq;
    }

    @Override
    public int pins() {
        return spis().length;
    }

    @Override
    public int hwirqForPin(int pin) {
        return pin >= 0 && pin < spis().length ? pin + 32 : -1;
    }

    int lastIntid() {
        return 31 + spis().length;
    }

    boolean isSpi(int intid) {
        return intid >= 32 && intid <= lastIntid();
    }

    VgicIrq irq(int intid) {
        VgicIrq irq = ifMade(intid);
        return irq != null ? irq : make(intid - 32);
    }

    /** {@link #irq}'s object if it is made, else null (its state is in {@link #cold()}). */
    VgicIrq ifMade(int intid) {
        VgicIrq[] a = spis();
        int i = intid - 32;
        if (i < 0 || i >= a.length) {
            throw new IllegalArgumentException(name + ": INTID " + intid + " is not an SPI (32.." + lastIntid() + ")");
        }
        return a[i];
    }

    int vcpuCount() {
        return cpus.length;
    }

    StateTrace trace() {
        return trace;
    }

    /** The number of list registers per vCPU ({@code kvm_vgic_global_state.nr_lr}). */
    public int listRegisters() {
        return listRegisters;
    }

    /** The list registers a vCPU uses, as values, LR 0 first. */
    public List<LrContents> listRegisterContents(int vcpu) {
        VgicCpu c = cpu(vcpu);
        List<LrContents> out = new ArrayList<>();
        for (int i = 0; i < c.usedLrs; i++) {
            out.add(c.lrs[i].contents(vcpu));
        }
        return out;
    }

    VgicCpu cpu(int vcpu) {
        if (vcpu < 0 || vcpu >= cpus.length) {
            throw new IllegalArgumentException(name + ": no vCPU " + vcpu + " (0.." + (cpus.length - 1) + ")");
        }
        return cpus[vcpu];
    }

    @Override
    public void connectCpu(int cpu, CpuIrqLine line) {
        cpu(cpu).line = line;
        cpu(cpu).asserted = false;
        updateLine(cpu);
    }

    // ---------------------------------------------------------------- hypervisor side

    /** {@code kvm_set_irq} → {@code vgic_irqfd_set_irq} ({@link VgicIrqfd}). */
    @Override
    public int setIrq(int pin, int sourceId, boolean level) {
        return irqfd.setIrq(pin, level);
    }

    /**
     * vgic.c {@code kvm_vgic_inject_irq} → {@code vgic_inject_irq_unlock} for an initialised vGIC.
     * Level: queue when {@code line_level} changes; edge: a 1 sets {@code pending_latch} and queues,
     * a 0 is ignored.
     */
    void injectIrq(int intid, boolean level) {
        VgicIrq irq = irq(intid);
        int before = tracedBefore(irq);
        boolean queue = false;
        if (!irq.edge) {
            queue = irq.lineLevel != level;
            irq.lineLevel = level;
        } else if (level) {
            queue = true;
            irq.pendingLatch = true;
        }
        traced(irq, before, level ? "kvm_vgic_inject_irq level 1" : "kvm_vgic_inject_irq level 0");
        if (queue) {
            queue(irq);
        }
        updateAllLines();
    }

    /**
     * {@code KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO} written from user space: vgic-mmio.c
     * {@code vgic_write_irq_line_level_info}, "Line level is set irrespective of irq type", and a 1
     * queues the interrupt. Only the GICv3 vGIC has the group (vgic-kvm-device.c
     * {@code vgic_v3_set_attr}); a GICv2 one answers {@code -ENXIO}.
     */
    @Override
    public int writeLineLevelInfo(int pin, boolean level) {
        if (version != GicVersion.V3) {
            return -Errno.ENXIO;
        }
        if (pin < 0 || pin >= spis().length) {
            return -Errno.EINVAL;
        }
        lineLevelInfo(spi(pin), level);
        return 0;
    }

    /**
     * {@code KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO} as the ABI takes it, 32 interrupts a write: vgic-mmio.c
     * {@code vgic_write_irq_line_level_info} walks them in order; those past the last SPI are ignored.
     */
    @Override
    public int writeLineLevelInfoBits(int firstPin, int levels) {
        return eachOf32(firstPin, levels, Vgic::lineLevelInfo);
    }

    /**
     * A 32-pin user-space write, each interrupt given its bit in order: 0, {@code -ENXIO} on a GICv2
     * vGIC, {@code -EINVAL} off a multiple of 32.
     */
    private int eachOf32(int firstPin, int bits, BitWrite write) {
        if (version != GicVersion.V3) {
            return -Errno.ENXIO;
        }
        if (firstPin < 0 || firstPin % 32 != 0) {
            return -Errno.EINVAL;
        }
        VgicIrq[] a = spis();
        long present = cold.present(firstPin, 32);
        if (present == 0) {
            return 0;
        }
        // a 0 on an SPI not made (low, not pending) changes nothing (QEMU's reset put): the made ones and
        // the 1s are visited, in ascending order
        for (long visit = (cold.made(firstPin, 32) | (bits & 0xffff_ffffL)) & present; visit != 0;
                visit &= visit - 1) {
            int i = Long.numberOfTrailingZeros(visit);
            VgicIrq irq = a[firstPin + i];
            write.apply(this, irq != null ? irq : make(firstPin + i), ((bits >>> i) & 1) != 0);
        }
        return 0;
    }

    /**
     * One interrupt's bit of a 32-pin user-space write ({@link #eachOf32}), unboxed; the vGIC is an
     * argument, so that the method reference captures nothing (QEMU's reset put: 16 writes a run).
     */
    @FunctionalInterface
    private interface BitWrite {
        void apply(Vgic vgic, VgicIrq irq, boolean bit);
    }

    /** {@code vgic_write_irq_line_level_info} for one interrupt. */
    private void lineLevelInfo(VgicIrq irq, boolean level) {
        if (!level && !irq.lineLevel) {
            return; // a 0 on a low line: nothing changes, nothing is queued (QEMU's reset put, every pin)
        }
        boolean changed = irq.lineLevel != level;
        int before = tracedBefore(irq);
        irq.lineLevel = level;
        traced(irq, before, level ? "KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO 1" : "KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO 0");
        if (level) {
            queue(irq);
        }
        if (changed) {
            updateAllLines();
        }
    }

    /**
     * {@code GICD_ISPENDR} written from user space ({@code KVM_DEV_ARM_VGIC_GRP_DIST_REGS}):
     * vgic-mmio-v3.c {@code vgic_v3_uaccess_write_pending}, {@code pending_latch} = the bit
     * "irrespective of irq type", a 1 queues. Modelled for GICv3, whose put QEMU makes at reset.
     */
    @Override
    public int uaccessWritePending(int pin, boolean pending) {
        if (version != GicVersion.V3) {
            return -Errno.ENXIO;
        }
        if (pin < 0 || pin >= spis().length) {
            return -Errno.EINVAL;
        }
        uaccessPending(spi(pin), pending);
        return 0;
    }

    /** {@code GICD_ISPENDR} from user space, a whole register: {@code vgic_v3_uaccess_write_pending} bit by bit. */
    @Override
    public int uaccessWritePendingBits(int firstPin, int bits) {
        return eachOf32(firstPin, bits, Vgic::uaccessPending);
    }

    /** {@code vgic_v3_uaccess_write_pending} for one interrupt. */
    private void uaccessPending(VgicIrq irq, boolean pending) {
        if (!pending && !irq.pendingLatch) {
            return; // a 0 on a clear latch: nothing changes, nothing is queued (QEMU's reset put, every pin)
        }
        boolean changed = irq.pendingLatch != pending;
        int before = tracedBefore(irq);
        irq.pendingLatch = pending;
        traced(irq, before, pending ? "GICD_ISPENDR from user space 1" : "GICD_ISPENDR from user space 0");
        if (pending) {
            queue(irq);
        }
        if (changed) {
            updateAllLines();
        }
    }

    /**
     * {@code KVM_DEV_ARM_VGIC_GRP_DIST_REGS} written from user space, modelled for GICD_ICFGR: the
     * register's handler is the guest's, vgic-mmio.c {@code vgic_mmio_write_config} (vgic-mmio-v3.c /
     * vgic-mmio-v2.c register tables: no uaccess variant), so the SPIs' trigger becomes what the VMM
     * writes. Other registers: {@code -ENXIO} (not modelled from user space).
     */
    @Override
    public int uaccessWriteRegister(String register, long value) {
        return uaccessRegisters.writeIn(DistributorRegisters.Family.ICFGR, register, value) ? 0 : -Errno.ENXIO;
    }

    @Override
    public boolean injectsInAtomicContext() {
        return irqfd.injectsInAtomicContext();
    }

    /**
     * KVM runs an arm64 vCPU in guest mode from entry to its next exit (arm.c
     * {@code kvm_arch_vcpu_ioctl_run}): the LRs stay loaded across guest work, kicks and traps make
     * their own exits here, and the guest's WFI halts it.
     */
    @Override
    public boolean runsInGuestMode() {
        return true;
    }

    /** {@code KVM_DEV_ARM_VGIC_CTRL_INIT} → vgic-init.c {@code vgic_init}. */
    @Override
    public void init() {
        if (irqs == null) {
            // kvm_vgic_dist_init's allocation, here rather than in spis(): a branch taken once a run
            // would stay in the code of every SPI access
            allocateSpis();
        }
        init.init();
    }

    /**
     * The guest kernel's {@code init_IRQ}: its GIC driver's {@code gic_dist_init} on {@code bootCpu},
     * every distributor access an MMIO exit charged to the vCPU making it.
     */
    @Override
    public void driverInit(int bootCpu) {
        booting = true;
        try {
            chip.distInit(bootCpu);
        } finally {
            booting = false;
        }
    }

    /** {@code vgic_initialized(kvm)}. */
    @Override
    public boolean initialized() {
        return init.initialized();
    }

    @Override
    public IrqNotifiers notifiers() {
        return notifiers;
    }

    @Override
    public boolean hasMaskNotifiers() {
        return maskNotifiers;
    }

    @Override
    public void addMaskNotifier(int pin, MaskNotifier notifier) {
        if (!maskNotifiers) {
            throw new UnsupportedOperationException(name + " fires no mask notifiers (upstream vGIC has none;"
                    + " select fix irqfd-mask-notifier or set mask-notifiers: true)");
        }
        notifiers.addMaskNotifier(pin, notifier);
    }

    @Override
    public boolean isMasked(int pin) {
        VgicIrq irq = spis()[pin];
        return irq == null || !irq.enabled; // an SPI not made is disabled (ColdSpis)
    }

    @Override
    public void setResamplerHook(ResamplerHook hook) {
        this.resampler = hook == null ? ResamplerHook.NONE : hook;
    }

    boolean resampleOnEnable() {
        return resampleOnEnable;
    }

    ResampleOnEnable resampleRule() {
        return resampleRule;
    }

    Sim sim() {
        return sim;
    }

    ResamplerHook resampler() {
        return resampler;
    }

    /** {@code kvm_vgic_map_phys_irq}: sets hw, host_irq and hwintid. */
    @Override
    public int mapPhysIrq(int pin, PhysicalInterruptController host, int hostHwirq) {
        if (pin < 0 || pin >= spis().length || host == null) {
            return -Errno.EINVAL;
        }
        VgicIrq irq = spi(pin);
        irq.hw = true;
        irq.host = host;
        irq.hwintid = hostHwirq;
        trace.changed(irq.intid, "hw", "0", "1", "kvm_vgic_map_phys_irq pINTID " + hostHwirq);
        return 0;
    }

    /** {@code kvm_notify_acked_irq(kvm, 0, pin)}: the ack notifiers of that pin, newest first. */
    void notifyAcked(int pin) {
        notifiers.notifyAcked(pin);
    }

    /** {@code kvm_fire_mask_notifiers}-like; only when mask notifiers are enabled. */
    void fireMaskNotifiers(int pin, boolean masked) {
        if (maskNotifiers) {
            notifiers.fireMaskNotifiers(pin, masked);
        }
    }

    // ---------------------------------------------------------------- ap_list

    /** vgic.c {@code vgic_target_oracle}. */
    int targetOracle(VgicIrq irq) {
        if (irq.active) {
            return irq.vcpu >= 0 ? irq.vcpu : irq.targetVcpu;
        }
        if (irq.enabled && irq.isPending()) {
            if (!distributorEnabled) {
                return -1;
            }
            return irq.targetVcpu;
        }
        return -1;
    }

    /**
     * vgic.c {@code vgic_queue_irq_unlock}: nothing to do when already on an ap_list or when the oracle
     * says no (kick the target anyway); otherwise add to the target's ap_list and kick it.
     */
    boolean queue(VgicIrq irq) {
        int v = targetOracle(irq);
        if (irq.vcpu >= 0 || v < 0) {
            if (v >= 0) {
                kick(v);
            }
            return false;
        }
        cpus[v].apList.add(irq);
        irq.vcpu = v;
        trace.changed(irq.intid, "ap_list", "-", cpus[v].name, "vgic_queue_irq_unlock");
        // 6.19 vgic.c vgic_queue_irq_unlock: "A new SPI may result in deactivation trapping on all
        // vcpus": every SPI queued counts in active_spis (vgic_model_needs_bcst_kick: a GICv3 guest on a
        // CPU with TDIR), and the first one is a kvm_make_all_cpus_request(KVM_REQ_IRQ_PENDING).
        boolean broadcast = release.lrOverflow() && version == GicVersion.V3 && isSpi(irq.intid) && activeSpis++ == 0;
        if (broadcast) {
            for (int u = 0; u < cpus.length; u++) {
                kick(u);
            }
        } else {
            kick(v);
        }
        return true;
    }

    /** vgic.c {@code vgic_kick_vcpus}: a kick for every vCPU with something to take on its ap_list. */
    void kickVcpus() {
        for (int v = 0; v < cpus.length; v++) {
            if (pendingIrq(v)) {
                kick(v);
            }
        }
    }

    /** vgic.c {@code kvm_vgic_vcpu_pending_irq}: an enabled, pending, inactive irq on the ap_list. */
    private boolean pendingIrq(int v) {
        if (!distributorEnabled) {
            return false;
        }
        ApList list = cpus[v].apList;
        for (int i = 0; i < list.size(); i++) { // asked after every exit, the boot's 364 too
            VgicIrq irq = list.get(i);
            if (irq.isPending() && irq.enabled && !irq.active && irq.priority < cpus[v].pmr) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code kvm_vcpu_kick}: a vCPU in guest mode is forced out (an exit) and re-enters with its list
     * registers flushed again; an idle one is woken through its interrupt line.
     */
    private void kick(int v) {
        VgicCpu c = cpus[v];
        if (c.running && !c.inExit) {
            // An exit only in guest mode; a vCPU in the host (an exit's handling) sees the request at
            // its next entry, whose flush takes the new interrupt: the same fold and flush, no exit.
            exits.kick(v, c.kickDetail);
            resync(v);
            checkMaintenance(v);
        }
        updateLine(v);
    }

    /**
     * vgic-init.c {@code vgic_init}: {@code VGIC_NR_IRQS_LEGACY - VGIC_NR_PRIVATE_IRQS}, the SPIs of a
     * VM whose VMM set no number of interrupts.
     */
    static final int KVM_DEFAULT_SPIS = 256 - 32;

    /**
     * vgic.c {@code vgic_irq_cmp} from 6.19 ("Invert ap_list sorting to push active interrupts out",
     * "Move undeliverable interrupts to the end of ap_list"): what cannot go to this vCPU last; then
     * enabled, pending and not active first; then priority; then HW before non-HW. (Group enables are
     * not modelled: a Linux guest enables group 1.)
     */
    private Comparator<VgicIrq> overflowOrder(int v) {
        return (a, b) -> {
            int r = Boolean.compare(targetOracle(b) == v, targetOracle(a) == v);
            if (r != 0) {
                return r;
            }
            r = Boolean.compare(b.enabled && b.isPending() && !b.active, a.enabled && a.isPending() && !a.active);
            if (r != 0) {
                return r;
            }
            r = Integer.compare(a.priority, b.priority);
            return r != 0 ? r : Boolean.compare(b.hw, a.hw);
        };
    }

    // ---------------------------------------------------------------- flush / fold

    /**
     * {@code list_sort} (a stable merge sort) of an ap_list. A list already in order, as it mostly is
     * from one entry to the next, stays as it is: checked in one pass, without the sort's copy.
     */
    private static void sort(ApList list, Comparator<VgicIrq> order) {
        for (int i = 1; i < list.size(); i++) {
            if (order.compare(list.get(i - 1), list.get(i)) > 0) {
                list.sort(order);
                return;
            }
        }
    }

    /**
     * vgic.c {@code kvm_vgic_flush_hwstate} -> {@code vgic_flush_lr_state}. Up to 6.18: sort when the
     * ap_list is longer than the LRs ({@code compute_ap_list_depth}), UIE when an entry is left over
     * ({@code vgic_set_underflow}). From 6.19: {@code summarize_ap_list} counts what targets this vCPU,
     * sorts only when it overflows the LRs, and {@code vgic_v3_configure_hcr} sets NPIE, LRENPIE, UIE
     * and TDIR (also while {@code active_spis} is non-zero) and zeroes EOIcount.
     */
    private void flush(int v) {
        VgicCpu c = cpus[v];
        c.running = true;
        if (c.apList.size() == 0) {
            flushNothing(c);
            return;
        }
        int pending = 0;
        int active = 0;
        int size = c.apList.size();
        // 6.19 summarize_ap_list's counts: a walk of their own when the list can overflow the LRs (the
        // sort needs them first), else taken in the one walk below, which then reaches every entry.
        boolean summarized = release.lrOverflow() && size > listRegisters;
        if (summarized) {
            for (int i = 0; i < size; i++) {
                VgicIrq irq = c.apList.get(i);
                if (targetOracle(irq) == v) {
                    if (irq.active) {
                        active++;
                    } else {
                        pending++;
                    }
                }
            }
            if (pending + active > listRegisters) {
                sort(c.apList, overflowOrder(v));
            }
        } else if (!release.lrOverflow() && size > listRegisters && !c.apList.inOrder()) {
            c.apList.sort(ApList.AP_ORDER);
        }
        int count = 0;
        c.underflow = false;
        for (int i = 0; i < size; i++) {
            VgicIrq irq = c.apList.get(i);
            if (targetOracle(irq) == v) {
                if (!summarized) {
                    if (irq.active) {
                        active++;
                    } else {
                        pending++;
                    }
                }
                c.lrs[count] = lrs.populate(irq, c.register(count));
                count++;
            }
            if (count == listRegisters) {
                if (!release.lrOverflow() && i != size - 1) {
                    c.underflow = true; // vgic_set_underflow
                }
                break;
            }
        }
        for (int i = count; i < c.usedLrs; i++) { // only lrs[0..usedLrs) are loaded
            c.lrs[i] = null;
        }
        c.usedLrs = count;
        c.eoiCount = 0;
        if (release.lrOverflow()) {
            boolean outside = pending + active > listRegisters; // irqs_outside_lrs
            c.underflow = outside;
            c.npie = pending > listRegisters;
            c.lrenpie = active > 0 && outside;
            c.tdir = version == GicVersion.V3 && (c.lrenpie || activeSpis > 0);
        }
    }

    /**
     * {@link #flush} of a vCPU with an empty ap_list: vgic.c {@code kvm_vgic_flush_hwstate} ("If there
     * are no virtual interrupts active or pending for this VCPU, then there is no work to do"): no LR
     * is loaded, so the state is the one the walks would leave, set without them: no LR in use, no
     * underflow, EOIcount zeroed, and from 6.19 NPIE and LRENPIE clear with TDIR while
     * {@code active_spis} is non-zero ({@code vgic_v3_configure_hcr}).
     */
    private void flushNothing(VgicCpu c) {
        for (int i = 0; i < c.usedLrs; i++) {
            c.lrs[i] = null;
        }
        c.usedLrs = 0;
        c.underflow = false;
        c.eoiCount = 0;
        if (release.lrOverflow()) {
            c.npie = false;
            c.lrenpie = false;
            c.tdir = version == GicVersion.V3 && activeSpis > 0;
        }
    }

    /**
     * Whether a guest DIR write traps: from 6.19, GICv3 while ICH_HCR_EL2.TDIR is set; GICv2 always
     * ("KVM: arm64: GICv2: Always trap GICV_DIR register").
     */
    boolean dirTrapped(VgicCpu c) {
        return release.lrOverflow() && (version == GicVersion.V2 || c.tdir);
    }

    /** vgic.c {@code kvm_vgic_sync_hwstate} -> {@code vgic_fold_lr_state} + {@code vgic_prune_ap_list}. */
    private void fold(int v) {
        VgicCpu c = cpus[v];
        if (c.usedLrs == 0 && c.apList.size() == 0) {
            // kvm_vgic_sync_hwstate: "An empty ap_list_head implies used_lrs == 0": no fold, no prune
            // (the prune's reports are consumed, as a walk of the empty list would).
            c.underflow = false;
            c.eoiCount = 0;
            c.apList.startPrune(this);
            return;
        }
        lrs.fold(c, release);
        if (release.lrOverflow()) {
            foldEoiCount(v);
        }
        c.eoiCount = 0;
        prune(v);
    }

    /**
     * 6.19 vgic-v3.c {@code vgic_v3_fold_lr_state} (vgic-v2.c alike): "EOIMode=0: use EOIcount to
     * emulate deactivation": for each EOI counted (kept only with LRENPIE, {@code __vgic_v3_save_state})
     * the next active interrupt of this vCPU on the ap_list gets a pseudo-LR ({@code vgic_v3_compute_lr}
     * without the active bit), a physical deactivation when it has the HW bit ({@code gic_write_dir}),
     * and is folded. The walk starts at the head of the ap_list (7.0's 6da5e537f5af starts after
     * {@code last_lr_irq}; the same here, since the LR interrupts folded just before are no longer
     * active unless the guest activated them after raising the maintenance interrupt, which the model's
     * immediate maintenance exit does not allow).
     */
    private void foldEoiCount(int v) {
        VgicCpu c = cpus[v];
        int count = c.lrenpie ? c.eoiCount : 0;
        for (int i = 0; i < c.apList.size() && count > 0; i++) {
            VgicIrq irq = c.apList.get(i);
            if (targetOracle(irq) != v || !irq.active) {
                continue;
            }
            deactivateOutsideLrs(irq, "vgic_v3_fold_lr_state EOIcount");
            count--;
        }
    }

    /** The pseudo-LR deactivation of {@code vgic_v3_fold_lr_state} and {@code vgic_v3_deactivate}. */
    private void deactivateOutsideLrs(VgicIrq irq, String cause) {
        ListRegister pseudo = lrs.compute(irq);
        pseudo.active = false;
        if (pseudo.hw) {
            irq.host.deactivateFromVcpu(pseudo.pintid); // vgic_v3_deactivate_phys
        }
        lrs.foldLr(pseudo, release, cause);
    }

    /**
     * A trapped guest DIR (6.19: GICv3 ICC_DIR_EL1 with TDIR, a system-register exit; GICv2 GICC_DIR, an
     * MMIO exit), handled after the exit's fold: sys_regs.c {@code access_gic_dir} ->
     * vgic-v3.c {@code vgic_v3_deactivate} (vgic-v2.c {@code vgic_v2_deactivate}). Only in EOImode 1;
     * an irq on no ap_list needs nothing; one still in an LR of another vCPU is deactivated as a
     * GICD_ICACTIVER write would be ({@code vgic_mmio_write_cactive}: every running vCPU is halted);
     * otherwise a pseudo-LR is folded. The target vCPU prunes its ap_list at its next entry
     * ({@code KVM_REQ_VGIC_PROCESS_UPDATE}).
     */
    void trappedDir(int vcpu, int intid, String detail) {
        ExitCause cause = version == GicVersion.V3 ? ExitCause.SYSREG : ExitCause.MMIO;
        trap(cause, detail, vcpu, () -> {
            VgicCpu c = cpus[vcpu];
            if (c.eoiMode == 0 || !isSpi(intid)) {
                return;
            }
            VgicIrq irq = irq(intid);
            int target = irq.vcpu;
            if (target < 0) {
                return;
            }
            if (irq.onLr) {
                haltGuest(vcpu, () -> traceIrq(irq, "vgic_v3_deactivate: vgic_mmio_write_cactive", () -> {
                    irq.active = false;
                    if (irq.hw) {
                        setPhysActive(irq, false); // vgic_hw_irq_change_active
                    }
                }));
            } else {
                deactivateOutsideLrs(irq, "vgic_v3_deactivate");
            }
            cpus[target].processUpdate = true;
        });
    }

    /**
     * vgic-mmio.c {@code vgic_access_active_prepare} -> arm.c {@code kvm_arm_halt_guest}: every other
     * vCPU in guest mode is kicked out (an exit) and folds its LRs, the change is made, and they
     * re-enter.
     */
    private void haltGuest(int self, Runnable change) {
        List<Integer> halted = new ArrayList<>();
        for (VgicCpu c : cpus) {
            if (c.index != self && c.running && !c.inExit) {
                exits.kick(c.index, "kvm_arm_halt_guest vcpu" + c.index); // KVM_REQ_SLEEP to all vCPUs
                c.inExit = true;
                fold(c.index);
                halted.add(c.index);
            }
        }
        change.run();
        for (int v : halted) {
            flush(v);
            cpus[v].inExit = false;
        }
    }

    /** {@link #prune}'s answer per ap_list entry (stays), kept between calls. */
    private boolean[] keep = new boolean[16];

    /**
     * vgic.c {@code vgic_prune_ap_list}: every entry whose target ({@link #targetOracle}) is no longer
     * this vCPU leaves the list, in list order; one with another target moves to that vCPU's list and
     * kicks it. Only the interrupts whose state changed since the last prune can leave
     * ({@link ApList#startPrune}); without a migration (the common case, and every one-vCPU VM) nothing
     * else changes and they are taken out in one pass. A migration kicks the other vCPU, whose fold
     * may re-enter this list: then the entries are walked over a copy, as the kernel walks them.
     */
    private void prune(int v) {
        VgicCpu c = cpus[v];
        ApList list = c.apList;
        int leaving = list.startPrune(this);
        if (leaving == 0) {
            return;
        }
        if (leaving > 0) {
            boolean migrates = false;
            for (int i = 0; i < leaving && !migrates; i++) {
                migrates = targetOracle(list.leaving(i)) >= 0;
            }
            if (!migrates) {
                for (int i = 0; i < leaving; i++) {
                    VgicIrq irq = list.leaving(i);
                    irq.vcpu = -1;
                    trace.changed(irq.intid, "ap_list", c.name, "-", "vgic_prune_ap_list");
                }
                list.removeLeaving(leaving);
                return;
            }
        }
        int size = list.size();
        boolean stays = true;
        boolean migrates = false;
        if (keep.length < size) {
            keep = new boolean[Math.max(size, 2 * keep.length)];
        }
        for (int i = 0; i < size && !migrates; i++) {
            int t = targetOracle(list.get(i));
            keep[i] = t == v;
            stays &= t == v;
            migrates = t >= 0 && t != v;
        }
        if (stays) {
            return;
        }
        if (!migrates) {
            // Every entry's target was taken above; pruning one changes no other's.
            for (int i = 0; i < size; i++) {
                if (!keep[i]) {
                    VgicIrq irq = list.get(i);
                    irq.vcpu = -1;
                    trace.changed(irq.intid, "ap_list", c.name, "-", "vgic_prune_ap_list");
                }
            }
            list.removeWhere(keep);
            return;
        }
        for (VgicIrq irq : list.toArray()) {
            int t = targetOracle(irq);
            if (t == v) {
                continue;
            }
            list.remove(irq);
            irq.vcpu = -1;
            if (t < 0) {
                trace.changed(irq.intid, "ap_list", c.name, "-", "vgic_prune_ap_list");
            } else {
                cpus[t].apList.add(irq);
                irq.vcpu = t;
                trace.changed(irq.intid, "ap_list", c.name, cpus[t].name, "vgic_prune_ap_list (migrate)");
                kick(t);
            }
        }
    }

    /** vgic.c {@code vgic_irq_handle_resampling}: only for mapped level interrupts. */
    void handleResampling(VgicIrq irq, boolean lrDeactivated, boolean lrPending) {
        if (!irq.isMappedLevel()) {
            return;
        }
        if (lrPending || (lrDeactivated && irq.lineLevel)) {
            irq.lineLevel = physLineLevel(irq);
            if (!irq.lineLevel) {
                setPhysActive(irq, false);
            }
        }
    }

    /** vgic.c {@code vgic_get_phys_line_level}: {@code irq_get_irqchip_state(host_irq, PENDING)}. */
    boolean physLineLevel(VgicIrq irq) {
        return irq.host.chip().getIrqchipState(irq.hwintid, IrqchipState.PENDING).orElse(false);
    }

    /** vgic.c {@code vgic_irq_set_phys_active}. */
    void setPhysActive(VgicIrq irq, boolean active) {
        irq.host.chip().setIrqchipState(irq.hwintid, IrqchipState.ACTIVE, active);
    }

    /** vgic.c {@code vgic_irq_set_phys_pending}. */
    void setPhysPending(VgicIrq irq, boolean pending) {
        irq.host.chip().setIrqchipState(irq.hwintid, IrqchipState.PENDING, pending);
    }

    /** An exit and re-entry of a running vCPU: fold the LRs, then flush them again. */
    private void resync(int v) {
        VgicCpu c = cpus[v];
        c.inExit = true;
        fold(v);
        flush(v);
        c.inExit = false;
    }

    @Override
    public void vcpuEntry(int vcpu) {
        VgicCpu c = cpu(vcpu);
        if (c.running) {
            fold(vcpu); // entering twice: resynchronise rather than lose LR state
        }
        if (c.processUpdate) {
            c.processUpdate = false;
            prune(vcpu); // arm.c check_vcpu_requests -> kvm_vgic_process_async_update
        }
        currentVcpu = vcpu;
        flush(vcpu);
        updateLine(vcpu);
        checkMaintenance(vcpu);
    }

    @Override
    public void vcpuExit(int vcpu) {
        VgicCpu c = cpu(vcpu);
        if (c.running) {
            fold(vcpu);
        }
        c.running = false;
        if (currentVcpu == vcpu) {
            currentVcpu = -1;
        }
        updateLine(vcpu);
    }

    // ---------------------------------------------------------------- guest accesses

    /**
     * A guest access to the emulated distributor or a trapped system register: an exit ({@code detail}
     * is the register), with the LRs of the accessing vCPU folded before the emulation and flushed
     * after it (the exit's {@code kvm_vgic_sync_hwstate} / re-entry's {@code kvm_vgic_flush_hwstate}).
     */
    private void trap(ExitCause cause, String detail, int vcpu, Runnable emulate) {
        int synced = enterTrap(cause, detail, vcpu);
        emulate.run();
        leaveTrap(synced);
    }

    /**
     * The first half of {@link #trap}: the exit, and the fold of the accessing vCPU's LRs when it runs
     * guest code. The vCPU folded, else -1, for {@link #leaveTrap} after the emulation.
     */
    private int enterTrap(ExitCause cause, String detail, int vcpu) {
        if (booting) {
            exits.bootExit(cause, detail);
        } else {
            exits.exit(cause, detail);
        }
        return foldOnTrap(vcpu);
    }

    /** {@link #enterTrap} by the vCPU running guest code ({@link #currentVcpu}), which the exit's report answers. */
    private int enterRunningTrap(ExitCause cause, String detail) {
        int running = exits.runningExit(cause, detail, booting);
        return foldOnTrap(running >= 0 && running < cpus.length ? running : currentVcpu);
    }

    /** The fold of {@link #enterTrap}: the vCPU folded, else -1. */
    private int foldOnTrap(int vcpu) {
        VgicCpu c = vcpu >= 0 && vcpu < cpus.length ? cpus[vcpu] : null;
        if (c != null && c.running && !c.inExit) {
            c.inExit = true;
            fold(vcpu);
            return vcpu;
        }
        return -1;
    }

    /** The second half of {@link #trap}: the flush of a folded vCPU, then every vCPU's line. */
    private void leaveTrap(int synced) {
        if (synced >= 0) {
            flush(synced);
            cpus[synced].inExit = false;
            checkMaintenance(synced);
        }
        for (int v = 0; v < cpus.length; v++) {
            updateLine(v);
        }
    }

    /** The guest's distributor accesses as MMIO exits ({@link #trap}), without a closure per access. */
    private final class MmioGate implements GicRegisters.DistributorGate {
        @Override
        public int enter(String detail, int cpu) {
            return enterTrap(ExitCause.MMIO, detail, cpu);
        }

        @Override
        public int enter(String detail) {
            return enterRunningTrap(ExitCause.MMIO, detail);
        }

        @Override
        public void leave(int entered) {
            leaveTrap(entered);
        }

        @Override
        public boolean writeRun(DistributorRegisters.Family family, int first, int end, long value) {
            return Vgic.this.writeRun(family, first, end, value);
        }
    }

    /**
     * A run of whole-register writes by the vCPU making accesses now, registers {@code first..end-1} of
     * {@code family} each written with {@code value}: the loops of the guest's {@code gic_dist_init} and
     * {@code gic_dist_config} ({@link GicDriver#distInit}, Linux 6.17). Every register is its own MMIO
     * exit, charged, then emulated, in order, as through {@link MmioGate} one by one. What the run leaves
     * out cannot change anything: while that vCPU is not in guest mode (the boot) a trap folds and
     * flushes no list registers ({@link #foldOnTrap}), and after a register whose SPIs are all still
     * cold ({@link ColdSpis}: disabled, not pending, on no ap_list) no vCPU's line can have changed since
     * the update after the run's first register, so the update after each access ({@link #leaveTrap})
     * is made only after the first and after registers of SPIs whose objects are made. A GICD_IROUTER
     * of a cold SPI is written into its cold state with the value decoded once for the run
     * ({@code vgic_mmio_write_irouter}), and when the trace reads no state changes, all of them at the
     * end of the run ({@link #writeColdRoutes}). False, nothing written, while the vCPU runs guest
     * code: the caller then makes the accesses one by one.
     */
    private boolean writeRun(DistributorRegisters.Family family, int first, int end, long value) {
        int v = currentVcpu();
        if (v >= 0 && cpus[v].running) {
            return false;
        }
        ColdSpis c = cold();
        if (family == DistributorRegisters.Family.IROUTER && version == GicVersion.V3 && !trace.detail()
                && first >= 32 && end - 1 <= lastIntid()) {
            writeColdRoutes(c, first, end, value);
            return true;
        }
        int per = family.perRegister();
        boolean routes = family == DistributorRegisters.Family.IROUTER && version == GicVersion.V3;
        long routeReg = mmio.routeRegister(value);
        int target = mmio.routeTarget(routeReg);
        int lastIntid = lastIntid();
        for (int i = first; i < end; i++) {
            String r = family.name(i);
            exits.runningExit(ExitCause.MMIO, r, booting);
            int firstPin = i * per - 32;
            boolean cold = firstPin >= 0 && firstPin + per - 1 <= lastIntid - 32 && c.made(firstPin, per) == 0;
            if (routes && cold) {
                mmio.writeColdRoute(i, routeReg, target, r);
            } else {
                uaccessRegisters.write(family, i, value, r);
            }
            if (i == first || !cold) {
                leaveTrap(-1);
            }
        }
        return true;
    }

    /**
     * {@link #writeRun} of GICD_IROUTER{@code first..end-1} (gic_dist_init's loop: every SPI to the boot
     * CPU, 256 exits on QEMU's {@code virt}) when the trace reads no state changes: each register's
     * exit in order, an SPI whose object is made written at its own exit as one access would
     * ({@link VgicMmio#writeRoute}, then the line update), and the cold ones' state set once the run
     * is over ({@link ColdSpis#setRoutes}): no one reads a cold SPI's route in between (its write
     * queues nothing, kicks no one and traces nothing here), so the state after the run is what the
     * accesses one by one leave.
     */
    private void writeColdRoutes(ColdSpis c, int first, int end, long value) {
        for (int intid = first; intid < end; intid++) {
            String r = DistributorRegisters.Family.IROUTER.name(intid);
            exits.runningExit(ExitCause.MMIO, r, booting);
            if (c.isMade(intid - 32)) {
                mmio.writeRoute(intid, value, r);
                leaveTrap(-1);
            } else if (intid == first) {
                leaveTrap(-1); // the lines as one access leaves them; no cold SPI's write changes one
            }
        }
        long routeReg = mmio.routeRegister(value);
        c.setRoutes(first - 32, end - 32, routeReg, mmio.routeTarget(routeReg));
    }

    /** The vCPU whose list register holds an INTID, else the current one, else 0. */
    int vcpuHolding(int intid) {
        int current = currentVcpu();
        if (current >= 0 && cpus[current].lrFor(intid) != null) {
            return current;
        }
        for (VgicCpu c : cpus) {
            if (c.lrFor(intid) != null) {
                return c.index;
            }
        }
        return Math.max(current, 0);
    }

    /**
     * The vCPU running guest code: the hypervisor's answer, else the one last entered (a caller that
     * brackets each piece of guest work with {@link #vcpuEntry} / {@link #vcpuExit}).
     */
    private int currentVcpu() {
        int running = exits.runningVcpu();
        return running >= 0 && running < cpus.length ? running : currentVcpu;
    }

    /** The guest driver's acknowledge on its virtual CPU interface (no exit). */
    @Override
    public int acknowledge(int vcpu) {
        return chip.acknowledge(vcpu);
    }

    /** A trap handled at EL2 without a return to the host's exit handling: no fold, no flush. */
    void exitNoSync(ExitCause cause, String detail) {
        exits.exit(cause, detail);
    }

    /** A maintenance interrupt: an exit whose handling folds (and, while running, reloads) the LRs. */
    void maintenance(int vcpu, String detail) {
        exits.exit(vcpu, ExitCause.MAINTENANCE, detail); // taken by the vCPU whose LRs raised it
        VgicCpu c = cpus[vcpu];
        if (c.running && !c.inExit) {
            resync(vcpu);
        } else {
            c.inExit = true;
            fold(vcpu);
            if (c.running) {
                flush(vcpu);
            }
            c.inExit = false;
        }
    }

    /**
     * The level conditions of ICH_MISR_EL2 (IHI 0069 12.4.9) that KVM enables in ICH_HCR_EL2,
     * evaluated when the vCPU enters guest mode and after the guest changes its LRs: U (UIE and at most
     * one valid LR), LRENP (LRENPIE and EOIcount non-zero), NP (NPIE and no pending LR); EOI is raised by
     * the deactivation itself. One maintenance exit per evaluation: a single-LR vGIC whose U condition
     * holds again after the refill would exit at every entry; the model takes it once.
     */
    void checkMaintenance(int v) {
        VgicCpu c = cpus[v];
        if (!c.running || c.inExit) {
            return;
        }
        String why = null;
        if (c.underflow && c.validLrs() <= 1) {
            why = "underflow maintenance";
        } else if (c.lrenpie && c.eoiCount > 0) {
            why = "LRENP maintenance (EOIcount " + c.eoiCount + ")";
        } else if (c.npie && !c.hasPendingLr()) {
            why = "NP maintenance";
        }
        if (why != null) {
            maintenance(v, why);
        }
    }

    // ---------------------------------------------------------------- the vCPU interrupt line

    /**
     * Asserts a vCPU's line while it has something to take: while running, a pending LR that passes the
     * priority mask and running priority; while not running, {@code kvm_vgic_vcpu_pending_irq} (an
     * enabled, pending, inactive interrupt on its ap_list with priority below the mask).
     */
    void updateLine(int v) {
        VgicCpu c = cpus[v];
        boolean want = false;
        if (c.running) {
            for (int i = 0; i < c.usedLrs && !want; i++) {
                ListRegister lr = c.lrs[i];
                want = lr.pending && !lr.active && lr.priority < c.pmr && lr.priority < c.runningPriority();
            }
        } else {
            want = pendingIrq(v);
        }
        if (want != c.asserted) {
            c.asserted = want;
            if (c.line != null) {
                c.line.set(want);
            }
        }
    }

    void updateAllLines() {
        for (int v = 0; v < cpus.length; v++) {
            updateLine(v);
        }
    }

    void traceIrq(VgicIrq irq, String cause, Runnable change) {
        int before = tracedBefore(irq);
        change.run();
        traced(irq, before, cause);
    }

    /**
     * {@link #traceIrq} for a caller that changed the interrupt itself, without a closure:
     * {@code before} is its {@link VgicIrq#traced} before the change.
     */
    void traced(VgicIrq irq, int before, String cause) {
        if (trace.detail()) {
            trace.changed(irq.intid, VgicIrq.TRACED, before, irq.traced(), cause);
        }
        touched(irq);
    }

    /**
     * {@link VgicIrq#traced} before a change, for {@link #traced} after it; 0 when the trace reads no
     * state changes, which then emits nothing and needs no bits.
     */
    int tracedBefore(VgicIrq irq) {
        return trace.detail() ? irq.traced() : 0;
    }

    /**
     * The state of {@code irq} changed in a way that can move it on its ap_list or change its target
     * ({@link #targetOracle}): its list looks at it again at the next flush and prune ({@link ApList}).
     * Every change of a traced field comes here through {@link #traced} (whether or not the change is
     * traced, and whether or not a field changed); a priority, configuration or routing write calls it
     * itself.
     */
    void touched(VgicIrq irq) {
        if (irq.vcpu >= 0) {
            cpus[irq.vcpu].apList.touched(irq);
        }
    }

    /**
     * Tests: every vCPU's ap_list checks its tracking against the kernel's walks, tracked while longer
     * than {@code walkedLongest} ({@link ApList#checkAgainstWalks}).
     */
    void checkApLists(int walkedLongest) {
        for (VgicCpu c : cpus) {
            c.apList.checkAgainstWalks(walkedLongest);
        }
    }

    /** In check mode: the order checks of every ap_list, and the prunes that took interrupts off without a walk. */
    long[] apListChecks() {
        long[] n = new long[2];
        for (VgicCpu c : cpus) {
            n[0] += c.apList.orderChecks;
            n[1] += c.apList.targetedPrunes;
        }
        return n;
    }

    /** {@code dist->enabled} was written: every interrupt's target may have changed. */
    void distributorSwitched() {
        for (VgicCpu c : cpus) {
            c.apList.allTouched();
        }
    }

    /** KVM's {@code struct vgic_irq} of SPI {@code intid}, and the list register holding it, as values. */
    public VgicIrqState irqState(int intid) {
        VgicIrq irq = irq(intid);
        Optional<LrContents> lr = Optional.empty();
        for (VgicCpu c : cpus) {
            ListRegister l = c.lrFor(intid);
            if (l != null) {
                lr = Optional.of(l.contents(c.index));
            }
        }
        return new VgicIrqState(intid, irq.enabled, irq.active, irq.pendingLatch, irq.lineLevel, irq.isPending(),
                irq.edge, irq.hw, irq.hwintid, irq.priority, irq.targetVcpu, irq.vcpu, irq.group, lr);
    }

    @Override
    public PinState state(int hwirq) {
        VgicIrqState irq = irqState(hwirq);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("enabled", StateTrace.bit(irq.enabled()));
        m.put("active", StateTrace.bit(irq.active()));
        m.put("pending_latch", StateTrace.bit(irq.pendingLatch()));
        m.put("line_level", StateTrace.bit(irq.lineLevel()));
        m.put("pending", StateTrace.bit(irq.pending()));
        m.put("config", irq.edge() ? "edge" : "level");
        m.put("hw", StateTrace.bit(irq.hw()));
        m.put("hwintid", String.valueOf(irq.hwintid()));
        m.put("priority", String.format("0x%02x", irq.priority()));
        m.put("target_vcpu", String.valueOf(irq.targetVcpu()));
        m.put("ap_list", irq.apListVcpu() < 0 ? "-" : "vcpu" + irq.apListVcpu());
        m.put("lr", irq.lr().map(l -> l.state().label() + " (vcpu" + l.vcpu() + ")").orElse("-"));
        String summary = irq.state().label() + (irq.enabled() ? "" : " disabled");
        return new GicPinState(summary, m);
    }

    /** The guest's virtual CPU interface registers (ICC_*_EL1 / GICC_* as the guest sees them). */
    private final class GuestCpuSide implements GicRegisters.CpuSide {
        @Override
        public int iar(int cpu) {
            return vcpuInterface.iar(cpu);
        }

        @Override
        public void eoir(int cpu, int intid) {
            vcpuInterface.eoir(cpu, intid);
        }

        @Override
        public void dir(int cpu, int intid) {
            vcpuInterface.dir(cpu, intid);
        }

        @Override
        public int rpr(int cpu) {
            return Vgic.this.cpu(cpu).runningPriority();
        }

        @Override
        public int pmr(int cpu) {
            return Vgic.this.cpu(cpu).pmr;
        }

        @Override
        public void setPmr(int cpu, int pmr) {
            Vgic.this.cpu(cpu).pmr = pmr;
            updateLine(cpu);
        }

        @Override
        public int eoiMode(int cpu) {
            return Vgic.this.cpu(cpu).eoiMode;
        }

        @Override
        public void setEoiMode(int cpu, int mode) {
            Vgic.this.cpu(cpu).eoiMode = mode;
        }
    }

    /** Number of active priorities held by a vCPU's virtual CPU interface (ICC_AP1R0_EL1 bits). */
    public int activePriorities(int vcpu) {
        return cpu(vcpu).activePriorities.size();
    }
}
