package dev.irqlab.vfio;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.StateKey;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.vfio.core.Virqfd;

/**
 * {@code struct vfio_platform_irq} (drivers/vfio/platform/vfio_platform_private.h) with the functions
 * of drivers/vfio/platform/vfio_platform_irq.c that act on one irq: the two hard-irq handlers,
 * mask/unmask and the trigger.
 *
 * <p>{@code irq_ctx->lock} is a spinlock taken with interrupts off, so the handler never observes
 * the inside of {@link #mask()} or {@link #unmask()}. The model runs on one thread; where an
 * {@code enable_irq} could re-enter the handler synchronously (a software resend in the host kernel
 * model), the flag is updated before the call so that the re-entered handler sees the state the
 * real one would see after the lock is released.
 */
final class VfioPlatformIrq {

    private final Sim sim;
    private final String component;
    private final IrqCore host;
    private final int index;
    /** {@code irq_ctx->hwirq}: despite the name, the host's Linux irq number. */
    private final int hwirq;
    /** The trace subject, "irq " + hwirq. */
    private final String subject;
    /** The mask's key in the trace ({@code <component> irq H masked}), asked for once. */
    private final StateKey maskedKey;
    /** Where state changes go ({@code Trace.detailTrace}), asked once: null if the trace reads none. */
    private final Trace detail;
    private final int flags;
    private final Virqfd maskFd;
    private final Virqfd unmaskFd;
    /** {@code irq_ctx->name}, or the {@code ERR_PTR} of a failed {@code request_irq}. */
    private String name;
    private int requestError;
    private boolean masked;
    private EventFd trigger;

    /** Makes one irq of a device ({@code vfio_platform_irq_init}, per index). */
    static final class Factory {
        VfioPlatformIrq create(Sim sim, String component, IrqCore host, int index, int hwirq, boolean level) {
            return new VfioPlatformIrq(sim, component, host, index, hwirq, level);
        }
    }

    VfioPlatformIrq(Sim sim, String component, IrqCore host, int index, int hwirq, boolean level) {
        this.sim = sim;
        this.component = component;
        this.host = host;
        this.index = index;
        this.hwirq = hwirq;
        this.subject = "irq " + hwirq;
        this.maskedKey = sim.trace().stateKey(sim.trace().name(component), subject, "masked");
        this.detail = sim.trace().detailTrace();
        // vfio_platform_irq_init: EVENTFD always; level (IRQ_TYPE_LEVEL_MASK) adds MASKABLE|AUTOMASKED.
        // A level irq forwarded to a vCPU (HostIrq.forwardedToVcpu) is passed in as not automasked: the
        // GIC's active state holds it until the guest deactivates it (vfio_platform_set_automasked(false)
        // of the unmerged forwarding series).
        this.flags = level ? Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE | Vfio.IRQ_INFO_AUTOMASKED
                : Vfio.IRQ_INFO_EVENTFD;
        this.maskFd = new Virqfd(this::mask);
        this.unmaskFd = new Virqfd(this::unmask);
    }

    /**
     * The {@code request_irq} of vfio_platform_irq_init (recent kernels): the handler is installed once
     * with {@code IRQF_NO_AUTOEN}, so the irq starts disabled (depth 1) until a trigger is set. A
     * failure is remembered and returned by every later SET_IRQS on this index.
     */
    void request(String deviceName) {
        name = "vfio-irq[" + hwirq + "](" + deviceName + ")";
        int ret = host.requestIrq(hwirq, automasked() ? IrqHandler.named("vfio_automasked_irq_handler", this::automaskedHandler)
                        : IrqHandler.named("vfio_irq_handler", this::edgeHandler),
                java.util.EnumSet.of(dev.irqlab.api.kernel.IrqFlag.NO_AUTOEN), name, this);
        if (ret != 0) {
            requestError = ret;
            sim.trace().kernelMessage(sim.now(), component, "vfio.request_irq_failed",
                    name + ": request_irq failed: " + Errno.name(ret));
        }
    }

    IrqInfo info() {
        return new IrqInfo(index, flags, 1);
    }

    boolean automasked() {
        return (flags & Vfio.IRQ_INFO_AUTOMASKED) != 0;
    }

    boolean maskable() {
        return (flags & Vfio.IRQ_INFO_MASKABLE) != 0;
    }

    int requestError() {
        return requestError;
    }

    boolean masked() {
        return masked;
    }

    EventFd trigger() {
        return trigger;
    }

    int hwirq() {
        return hwirq;
    }

    String name() {
        return name;
    }

    Virqfd maskVirqfd() {
        return maskFd;
    }

    Virqfd unmaskVirqfd() {
        return unmaskFd;
    }

    /**
     * vfio_platform_irq.c {@code vfio_automasked_irq_handler}: under the lock, if not yet masked,
     * {@code disable_irq_nosync} (lazy on chips without {@code irq_disable}: the line stays unmasked
     * until it fires again) and mark masked, answer HANDLED; otherwise answer NONE. Signal the trigger
     * only when HANDLED, after the lock.
     */
    IrqReturn automaskedHandler(int irq) {
        IrqReturn ret = IrqReturn.NONE;
        if (!masked) {
            ret = IrqReturn.HANDLED;
            host.disableIrqNosync(hwirq);
            setMasked(true, "vfio_automasked_irq_handler");
        }
        if (ret == IrqReturn.HANDLED) {
            sendEventfd();
        }
        return ret;
    }

    /** vfio_platform_irq.c {@code vfio_irq_handler} (edge): signal the trigger, HANDLED. */
    IrqReturn edgeHandler(int irq) {
        sendEventfd();
        return IrqReturn.HANDLED;
    }

    /** The handler this index runs, for the DATA_NONE / DATA_BOOL loopback of ACTION_TRIGGER. */
    void runHandler() {
        if (automasked()) {
            automaskedHandler(hwirq);
        } else {
            edgeHandler(hwirq);
        }
    }

    /** vfio_platform_irq.c {@code vfio_send_eventfd}: {@code eventfd_signal(trigger)} if one is set. */
    private void sendEventfd() {
        if (trigger != null) {
            trigger.signal();
        }
    }

    /** vfio_platform_irq.c {@code vfio_platform_mask}: idempotent, not nested. */
    void mask() {
        if (!masked) {
            host.disableIrqNosync(hwirq);
            setMasked(true, "vfio_platform_mask");
        }
    }

    /**
     * vfio_platform_irq.c {@code vfio_platform_unmask}: if masked, {@code enable_irq} and clear the
     * flag (flag first here, see the class comment on the lock).
     */
    void unmask() {
        if (masked) {
            setMasked(false, "vfio_platform_unmask");
            host.enableIrq(hwirq);
        }
    }

    /**
     * vfio_platform_irq.c {@code vfio_set_trigger}: a present trigger is dropped under
     * {@code disable_irq} (synchronous); with a new fd the irq is re-enabled. {@code masked} nests
     * inside this overall enable: the irq was requested with NO_AUTOEN, so depth counts
     * 1 (no trigger) + 1 (masked).
     */
    int setTrigger(EventFd fd) {
        if (trigger != null) {
            host.disableIrq(hwirq);
            trigger = null;
        }
        if (fd == null) {
            return 0;
        }
        trigger = fd;
        host.enableIrq(hwirq);
        return 0;
    }

    /** vfio_platform_irq.c {@code vfio_platform_irq_cleanup} for this irq. */
    void cleanup() {
        maskFd.disable();
        unmaskFd.disable();
        if (requestError == 0) {
            host.freeIrq(hwirq, this);
            trigger = null;
        }
    }

    private void setMasked(boolean value, String cause) {
        boolean old = masked;
        masked = value;
        if (detail != null) {
            detail.stateChanged(sim.now(), maskedKey, old ? "1" : "0", value ? "1" : "0", cause);
        }
    }
}
