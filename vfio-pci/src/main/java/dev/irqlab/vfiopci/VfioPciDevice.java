package dev.irqlab.vfiopci;

import com.google.inject.Inject;
import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.pci.Pci;
import dev.irqlab.api.pci.PciFunction;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.vfio.core.IrqSetValidation;
import dev.irqlab.vfio.core.Virqfd;
import java.util.EnumSet;
import java.util.Set;

/**
 * One device bound to vfio-pci, its interrupt side ({@code struct vfio_pci_core_device}'s
 * {@code irq_type}, {@code pci_2_3}, {@code virq_disabled}, and the INTx {@code vfio_pci_irq_ctx}),
 * as drivers/vfio/pci/vfio_pci_core.c and vfio_pci_intrs.c of Linux 6.17 (the {@code Kingxukai/linux}
 * copy, commit 0291023e) handle it. INTx only: the function has no MSI or MSI-X capability, so those
 * indexes report count 0 and every {@code SET_IRQS} on them is refused by the argument checks, as
 * the kernel refuses them for such a function.
 *
 * <p>Two masking modes, chosen at {@code vfio_pci_core_enable}: a PCI 2.3 function
 * ({@code pci_2_3}: Interrupt Disable works, and the {@code nointxmask} option is off) is masked at
 * the function with DisINTx and its irq requested {@code IRQF_SHARED}; any other is masked at the
 * irq chip with {@code disable_irq_nosync} and needs the line exclusively.
 *
 * <p>{@code vdev->irqlock} is a spinlock taken with interrupts off, so the handler never sees the
 * inside of a mask or unmask; where an {@code enable_irq} could re-enter the handler synchronously
 * (a resend in the host kernel model) the flag is updated first, as the real handler would see it
 * after the lock is dropped.
 */
public final class VfioPciDevice implements Forwarder {

    private final Sim sim;
    private final String component;
    private final IrqCore host;
    /** {@code pdev->irq}: the host's Linux irq number of the function's INTx. */
    private final int hostIrq;
    private final String subject;
    /** The mask's key in the trace ({@code <component> irq N masked}), asked for once. */
    private final StateKey maskedKey;
    private final PciFunction pdev;
    private final PciCore pci;
    private final boolean pci23;
    /** {@code vdev->nointx}: INTx hidden from the user (vfio_pci_nointx), Interrupt Disable kept set. */
    private final boolean nointx;
    private final String intxName;
    private final Virqfd unmaskFd;
    private boolean intxEnabled;
    private boolean virqDisabled;
    private boolean masked;
    private EventFd trigger;
    private EventFd errTrigger;
    private EventFd reqTrigger;

    /** Makes one function's vfio-pci interrupt side with a run's context and the module's options. */
    static final class Factory {
        private final PciCore.Factory pciCores;

        @Inject
        Factory(PciCore.Factory pciCores) {
            this.pciCores = pciCores;
        }

        VfioPciDevice create(ForwarderContext context, boolean nointxmask, long virqfdWorkNs) {
            return new VfioPciDevice(pciCores, context, nointxmask, virqfdWorkNs);
        }
    }

    /** @param pciCores the host PCI core's INTx helpers over a function's configuration space */
    VfioPciDevice(PciCore.Factory pciCores, ForwarderContext context, boolean nointxmask, long virqfdWorkNs) {
        if (!(context.device() instanceof PciFunction function)) {
            throw new IllegalArgumentException(context.name() + ": vfio-pci binds PCI functions; device "
                    + (context.device() == null ? "(none)" : "'" + context.device().name() + "'")
                    + " is not one (use a PCI device model such as pci-intx, or the vfio-platform forwarder)");
        }
        if (context.irqs().size() != 1) {
            throw new IllegalArgumentException(context.name() + ": a PCI function has one INTx; "
                    + context.irqs().size() + " host irqs given");
        }
        this.sim = context.sim();
        this.component = context.name();
        this.host = context.hostKernel();
        this.hostIrq = context.irqs().get(0).irq();
        this.subject = "irq " + hostIrq;
        this.maskedKey = sim.trace().stateKey(sim.trace().name(component), subject, "masked");
        this.pdev = function;
        this.pci = pciCores.create(function.config());
        // enumeration: dev->broken_intx_masking (probe.c pci_intx_mask_broken, quirks.c quirk_broken_intx_masking)
        boolean broken = pci.brokenIntxMasking();
        // vfio_pci_core_enable: "if (likely(!nointxmask)) { if (vfio_pci_nointx(pdev)) { pci_info(...);
        // vdev->nointx = true; pci_intx(pdev, 0); } else vdev->pci_2_3 = pci_intx_mask_supported(pdev); }"
        this.nointx = !nointxmask && PciCore.vfioNointx(pci.vendor(), pci.device());
        String device = component.startsWith("vfio.") ? component.substring("vfio.".length()) : component;
        if (nointx) {
            sim.trace().kernelMessage(sim.now(), component, "vfio-pci.nointx",
                    "vfio-pci " + device + ": Masking broken INTx support");
            pci.intx(false);
        }
        this.pci23 = !nointxmask && !nointx && !broken;
        // vfio_pci_core_enable: a 2.3 function starts with Interrupt Disable clear.
        int cmd = function.config().read(Pci.COMMAND, 2);
        if (pci23 && (cmd & Pci.COMMAND_INTX_DISABLE) != 0) {
            function.config().write(Pci.COMMAND, 2, cmd & ~Pci.COMMAND_INTX_DISABLE);
        }
        // vfio_intx_enable: kasprintf("vfio-intx(%s)", pci_name(pdev))
        this.intxName = "vfio-intx(" + device + ")";
        this.unmaskFd = new Virqfd(this::intxUnmaskHandler, this::sendIntxEventfd, sim, virqfdWorkNs,
                component + " unmask");
    }

    @Override
    public int deviceFlags() {
        return Vfio.DEVICE_FLAGS_PCI;
    }

    /** {@code VFIO_PCI_NUM_IRQS}: INTx, MSI, MSI-X, ERR, REQ. */
    @Override
    public int irqCount() {
        return Vfio.PCI_NUM_IRQS;
    }

    /**
     * vfio_pci_core.c {@code vfio_pci_ioctl_get_irq_info}: EVENTFD always; INTx adds MASKABLE and
     * AUTOMASKED, the others NORESIZE; count from {@code vfio_pci_get_irq_count}. The function is a
     * PCIe endpoint, so the ERR index exists.
     */
    @Override
    public IrqInfo irqInfo(int index) {
        if (index < 0 || index >= Vfio.PCI_NUM_IRQS) {
            throw new IndexOutOfBoundsException("irq index " + index + "; vfio-pci has " + Vfio.PCI_NUM_IRQS);
        }
        int flags = Vfio.IRQ_INFO_EVENTFD | (index == Vfio.PCI_INTX_IRQ_INDEX
                ? Vfio.IRQ_INFO_MASKABLE | Vfio.IRQ_INFO_AUTOMASKED : Vfio.IRQ_INFO_NORESIZE);
        return new IrqInfo(index, flags, irqCountOf(index));
    }

    /**
     * vfio_pci_core.c {@code vfio_pci_get_irq_count}: INTx 1 when the virtual Interrupt Pin register
     * is non-zero, which vfio_pci_config.c {@code vfio_config_init} copies from the function and
     * clears for a {@code nointx} one; MSI and MSI-X 0 (no capability); ERR 1 (PCIe); REQ 1.
     */
    private int irqCountOf(int index) {
        return switch (index) {
            case Vfio.PCI_INTX_IRQ_INDEX -> !nointx && pdev.config().read(Pci.INTERRUPT_PIN, 1) != 0 ? 1 : 0;
            case Vfio.PCI_ERR_IRQ_INDEX, Vfio.PCI_REQ_IRQ_INDEX -> 1;
            default -> 0;
        };
    }

    /**
     * vfio_pci_core.c {@code vfio_pci_core_ioctl_set_irqs}: {@code vfio_set_irqs_validate_and_prepare}
     * with the index's own count and {@code VFIO_PCI_NUM_IRQS}, then vfio_pci_intrs.c
     * {@code vfio_pci_set_irqs_ioctl}: the handler for index and action, {@code -ENOTTY} when there is
     * none.
     */
    @Override
    public int setIrqs(int flags, int index, int start, int count, IrqSetData data) {
        IrqSetData payload = data == null ? new IrqSetData.None() : data;
        int max = index >= 0 && index < Vfio.PCI_NUM_IRQS ? irqCountOf(index) : 0;
        int ret = IrqSetValidation.validate(flags, index, start, count, payload, max, Vfio.PCI_NUM_IRQS);
        if (ret != 0) {
            return ret;
        }
        int action = flags & Vfio.IRQ_SET_ACTION_TYPE_MASK;
        return switch (index) {
            case Vfio.PCI_INTX_IRQ_INDEX -> switch (action) {
                case Vfio.IRQ_SET_ACTION_MASK -> setIntxMask(start, count, flags, payload);
                case Vfio.IRQ_SET_ACTION_UNMASK -> setIntxUnmask(start, count, flags, payload);
                case Vfio.IRQ_SET_ACTION_TRIGGER -> setIntxTrigger(start, count, flags, payload);
                default -> -Errno.ENOTTY;
            };
            case Vfio.PCI_ERR_IRQ_INDEX, Vfio.PCI_REQ_IRQ_INDEX -> action == Vfio.IRQ_SET_ACTION_TRIGGER
                    ? setCtxTriggerSingle(index, start, count, flags, payload) : -Errno.ENOTTY;
            // MSI/MSI-X: unreachable for this function (count 0 fails validation); mask/unmask: "XXX"
            default -> action == Vfio.IRQ_SET_ACTION_TRIGGER ? -Errno.EINVAL : -Errno.ENOTTY;
        };
    }

    /** vfio_pci_intrs.c {@code vfio_pci_set_intx_mask}: no eventfd form ({@code -ENOTTY}, "XXX implement me"). */
    private int setIntxMask(int start, int count, int flags, IrqSetData data) {
        if (!intxEnabled || start != 0 || count != 1) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || ((flags & Vfio.IRQ_SET_DATA_BOOL) != 0 && firstBool(data))) {
            intxMask();
        } else if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            return -Errno.ENOTTY;
        }
        return 0;
    }

    /**
     * vfio_pci_intrs.c {@code vfio_pci_set_intx_unmask}: DATA_NONE / BOOL unmask now
     * ({@code __vfio_pci_intx_unmask}); DATA_EVENTFD installs the unmask virqfd (KVM's resamplefd)
     * with {@code vfio_pci_intx_unmask_handler} and {@code vfio_send_intx_eventfd} as its thread.
     */
    private int setIntxUnmask(int start, int count, int flags, IrqSetData data) {
        if (!intxEnabled || start != 0 || count != 1) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || ((flags & Vfio.IRQ_SET_DATA_BOOL) != 0 && firstBool(data))) {
            intxUnmask();
        } else if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            EventFd fd = firstFd(data);
            if (fd != null) {
                return unmaskFd.enable(fd);
            }
            unmaskFd.disable();
        }
        return 0;
    }

    /**
     * vfio_pci_intrs.c {@code vfio_pci_set_intx_trigger}: {@code count == 0} with DATA_NONE while INTx is
     * enabled disables it; otherwise start 0 / count 1 only; DATA_EVENTFD enables INTx with the fd
     * ({@code vfio_intx_enable}) or, when enabled, swaps the fd ({@code vfio_intx_set_signal}); DATA_NONE
     * or BOOL(true) on enabled INTx signals the trigger (loopback).
     */
    private int setIntxTrigger(int start, int count, int flags, IrqSetData data) {
        if (intxEnabled && count == 0 && (flags & Vfio.IRQ_SET_DATA_NONE) != 0) {
            intxDisable();
            return 0;
        }
        if (start != 0 || count != 1) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_EVENTFD) != 0) {
            EventFd fd = firstFd(data);
            if (intxEnabled) {
                trigger = fd;
                return 0;
            }
            return intxEnable(fd);
        }
        if (!intxEnabled) {
            return -Errno.EINVAL;
        }
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0 || firstBool(data)) {
            sendIntxEventfd();
        }
        return 0;
    }

    /** vfio_pci_intrs.c {@code vfio_pci_set_ctx_trigger_single} for ERR and REQ (never signalled here). */
    private int setCtxTriggerSingle(int index, int start, int count, int flags, IrqSetData data) {
        if (start != 0 || count > 1) {
            return -Errno.EINVAL;
        }
        EventFd current = index == Vfio.PCI_ERR_IRQ_INDEX ? errTrigger : reqTrigger;
        EventFd next = current;
        if ((flags & Vfio.IRQ_SET_DATA_NONE) != 0) {
            if (current != null && count == 1) {
                current.signal();
            } else if (current != null) {
                next = null;
            }
        } else if ((flags & Vfio.IRQ_SET_DATA_BOOL) != 0) {
            if (count == 0) {
                return -Errno.EINVAL;
            }
            if (firstBool(data) && current != null) {
                current.signal();
            }
        } else {
            if (count == 0) {
                return -Errno.EINVAL;
            }
            next = firstFd(data);
        }
        if (index == Vfio.PCI_ERR_IRQ_INDEX) {
            errTrigger = next;
        } else {
            reqTrigger = next;
        }
        return 0;
    }

    /**
     * vfio_pci_intrs.c {@code vfio_intx_enable}: {@code -ENODEV} without a host irq; {@code masked}
     * starts as {@code virq_disabled}; a 2.3 function gets Interrupt Disable to match and is requested
     * {@code IRQF_SHARED}; any other is requested exclusively, {@code IRQF_NO_AUTOEN} when it starts
     * masked. A failed {@code request_irq} (e.g. {@code -EBUSY}: an exclusive request on a line another
     * driver holds, kernel/irq/manage.c {@code __setup_irq}) undoes everything.
     */
    private int intxEnable(EventFd fd) {
        if (hostIrq <= 0) {
            return -Errno.ENODEV;
        }
        trigger = fd;
        setMasked(virqDisabled, "vfio_intx_enable");
        Set<IrqFlag> irqflags;
        if (pci23) {
            pci.intx(!masked);
            irqflags = EnumSet.of(IrqFlag.SHARED);
        } else {
            irqflags = masked ? EnumSet.of(IrqFlag.NO_AUTOEN) : EnumSet.noneOf(IrqFlag.class);
        }
        intxEnabled = true;
        int ret = host.requestIrq(hostIrq, IrqHandler.named("vfio_intx_handler", this::intxHandler), irqflags, intxName, this);
        if (ret != 0) {
            intxEnabled = false;
            trigger = null;
            sim.trace().kernelMessage(sim.now(), component, "vfio-pci.request_irq_failed",
                    intxName + ": request_irq failed: " + Errno.name(ret));
            return ret;
        }
        return 0;
    }

    /** vfio_pci_intrs.c {@code vfio_intx_disable}: virqfds off, {@code free_irq}, trigger dropped. */
    private void intxDisable() {
        unmaskFd.disable();
        host.freeIrq(hostIrq, this);
        trigger = null;
        intxEnabled = false;
    }

    /**
     * vfio_pci_intrs.c {@code vfio_intx_handler}: a non-2.3 function is masked at the chip
     * ({@code disable_irq_nosync}) and the interrupt is its own; a 2.3 function claims it only if not
     * already masked and {@code pci_check_and_mask_intx} finds its Interrupt Status set ("may be
     * shared"): otherwise {@code IRQ_NONE}. The trigger is signalled after the lock, when HANDLED.
     */
    IrqReturn intxHandler(int irq) {
        IrqReturn ret = IrqReturn.NONE;
        if (!pci23) {
            host.disableIrqNosync(hostIrq);
            setMasked(true, "vfio_intx_handler");
            ret = IrqReturn.HANDLED;
        } else if (!masked && pci.checkAndMaskIntx()) {
            setMasked(true, "vfio_intx_handler");
            ret = IrqReturn.HANDLED;
        }
        if (ret == IrqReturn.HANDLED) {
            sendIntxEventfd();
        }
        return ret;
    }

    /** vfio_pci_intrs.c {@code vfio_send_intx_eventfd}: only while INTx is on and not {@code virq_disabled}. */
    private void sendIntxEventfd() {
        if (intxEnabled && !virqDisabled && trigger != null) {
            trigger.signal();
        }
    }

    /**
     * vfio_pci_intrs.c {@code __vfio_pci_intx_mask}: always masks (DisINTx, not check-and-mask, "we always
     * want to mask"), or {@code disable_irq_nosync}; without INTx enabled the physical bit follows the
     * virtual one on a 2.3 function. Returns whether {@code masked} changed.
     */
    boolean intxMask() {
        if (!intxEnabled) {
            if (pci23) {
                pci.intx(false);
            }
            return false;
        }
        if (masked) {
            return false;
        }
        if (pci23) {
            pci.intx(false);
        } else {
            host.disableIrqNosync(hostIrq);
        }
        setMasked(true, "vfio_pci_intx_mask");
        return true;
    }

    /**
     * vfio_pci_intrs.c {@code vfio_pci_intx_unmask_handler}: if masked and not {@code virq_disabled}, a
     * 2.3 function is unmasked with {@code pci_check_and_unmask_intx}, which refuses while Interrupt
     * Status is still set: then it stays masked and the answer is true ("re-send the interrupt to the
     * user" instead of taking it again); any other is {@code enable_irq}d. True asks the caller to
     * signal the trigger (the virqfd's thread, or {@code __vfio_pci_intx_unmask} directly).
     */
    boolean intxUnmaskHandler() {
        if (!intxEnabled) {
            if (pci23) {
                pci.intx(true);
            }
            return false;
        }
        boolean resend = false;
        if (masked && !virqDisabled) {
            if (pci23) {
                resend = !pci.checkAndUnmaskIntx();
                setMasked(resend, resend ? "vfio_pci_intx_unmask_handler: still pending" : "vfio_pci_intx_unmask_handler");
            } else {
                setMasked(false, "vfio_pci_intx_unmask_handler");
                host.enableIrq(hostIrq);
            }
        }
        return resend;
    }

    /** vfio_pci_intrs.c {@code __vfio_pci_intx_unmask}: the unmask handler, then the trigger if it asks. */
    void intxUnmask() {
        if (intxUnmaskHandler()) {
            sendIntxEventfd();
        }
    }

    /**
     * A write of the command register through the VFIO config region (the guest's own
     * {@code pci_intx()}, via the VMM): drivers/vfio/pci/vfio_pci_config.c
     * {@code vfio_basic_config_write} virtualizes Interrupt Disable: setting it sets
     * {@code virq_disabled} and masks ({@code vfio_pci_intx_mask}), clearing it clears
     * {@code virq_disabled} and unmasks ({@code vfio_pci_intx_unmask}). The other command bits are not
     * modelled here.
     */
    public void guestCommandWrite(int value) {
        boolean virtIntxDisable = (value & Pci.COMMAND_INTX_DISABLE) != 0;
        if (virtIntxDisable && !virqDisabled) {
            virqDisabled = true;
            intxMask();
        } else if (!virtIntxDisable && virqDisabled) {
            virqDisabled = false;
            intxUnmask();
        }
    }

    /** {@code vfio_pci_release}/{@code vfio_pci_core_close_device}: INTx torn down. */
    public void release() {
        if (intxEnabled) {
            intxDisable();
        }
    }

    /** The INTx context's {@code masked}. */
    public boolean masked() {
        return masked;
    }

    /** {@code vdev->nointx}: INTx hidden from the user, the function's Interrupt Disable kept set. */
    public boolean nointx() {
        return nointx;
    }

    /** {@code vdev->pci_2_3}: DisINTx masking on a shareable line. */
    public boolean pci23() {
        return pci23;
    }

    /** {@code vdev->virq_disabled}: the guest's (virtual) Interrupt Disable. */
    public boolean virqDisabled() {
        return virqDisabled;
    }

    private void setMasked(boolean value, String cause) {
        boolean old = masked;
        masked = value;
        if (old != value) {
            sim.trace().stateChanged(sim.now(), maskedKey, old ? "1" : "0", value ? "1" : "0", cause);
        }
    }

    private static EventFd firstFd(IrqSetData data) {
        return ((IrqSetData.EventFds) data).fds().get(0);
    }

    private static boolean firstBool(IrqSetData data) {
        return data instanceof IrqSetData.Bools b && Boolean.TRUE.equals(b.values().get(0));
    }
}
