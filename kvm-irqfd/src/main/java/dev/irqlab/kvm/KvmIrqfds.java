package dev.irqlab.kvm;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.trace.StateKeys;
import dev.irqlab.api.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kvm->irqfds} of one VM (virt/kvm/eventfd.c): the active irqfds ({@code items}), the
 * resamplers ({@code resampler_list}), {@code kvm_set_irq} through the GSI routing, and
 * {@code kvm_notify_irqfd_resampler}.
 *
 * <p>Shutdown in the kernel goes through {@code irqfd_cleanup_wq}, but {@code kvm_irqfd_deassign}
 * flushes that workqueue before returning, so here it happens inside the call.
 */
final class KvmIrqfds {

    static final String COMPONENT = "kvm";

    private final Sim sim;
    private final VirtualInterruptController chip;
    private final GsiRouting routing;
    private final ResamplerVariant variant;
    private final long injectLatencyNs;
    private final IrqfdWaitQueue waitQueue;
    private final long resamplerAckWindowNs;
    private final List<Irqfd> items = new ArrayList<>();
    private final List<IrqfdResampler> resamplers = new ArrayList<>();
    /** The keys of each resampler's traced state ("resampler gsi N"), by GSI. */
    private final StateKeys resamplerKeys;
    /** Where state changes go ({@code Trace.detailTrace}), asked once: null if the trace reads none. */
    private final Trace detail;

    KvmIrqfds(Sim sim, VirtualInterruptController chip, GsiRouting routing, ResamplerVariant variant,
              long injectLatencyNs, IrqfdWaitQueue waitQueue, long resamplerAckWindowNs) {
        this.resamplerAckWindowNs = resamplerAckWindowNs;
        this.sim = sim;
        this.chip = chip;
        this.routing = routing;
        this.variant = variant;
        this.injectLatencyNs = injectLatencyNs;
        this.waitQueue = waitQueue;
        this.resamplerKeys = new StateKeys(sim.trace(), sim.trace().name(COMPONENT), gsi -> "resampler gsi " + gsi);
        this.detail = sim.trace().detailTrace();
    }

    Sim sim() {
        return sim;
    }

    /** See {@link KvmConfig#resamplerAckWindowNs()}. */
    long resamplerAckWindowNs() {
        return resamplerAckWindowNs;
    }

    /**
     * {@code kvm_set_irq}: route the GSI and set the level of one source on its pin; -1 when no route
     * exists (the injection is dropped, as the kernel does).
     */
    int setIrq(int sourceId, int gsi, boolean level) {
        int pin = routing.pin(gsi);
        if (pin < 0) {
            return -1;
        }
        return chip.setIrq(pin, sourceId, level);
    }

    /** Whether {@code kvm_arch_set_irq_inatomic} would inject this GSI instead of returning -EWOULDBLOCK. */
    boolean injectsInAtomicContext(int gsi) {
        return routing.pin(gsi) >= 0 && chip.injectsInAtomicContext();
    }

    /**
     * virt/kvm/eventfd.c {@code kvm_irqfd_assign}. Order as in the kernel: {@code -EAGAIN} while the
     * irqchip is not initialised ({@code kvm_arch_intc_initialized}); {@code -EINVAL} for a resample
     * irqfd without the whole irqchip in the kernel ({@code kvm_arch_irqfd_allowed}); a resample irqfd first
     * finds or creates (and registers) the GSI's resampler and joins it; then the {@code -EBUSY} check
     * over every active irqfd of the VM (any GSI) — from Linux 6.17 preceded by
     * {@code add_wait_queue_priority_exclusive}'s refusal when any VM's irqfd waits on the eventfd; on
     * failure {@code irqfd_resampler_shutdown} undoes the join (de-asserting the resample source if the
     * resampler became empty). Then the wait-queue entry is added ({@link Irqfd#hook}) and, if the
     * eventfd already has a count, the inject work is scheduled (not the atomic path, and the count is
     * not read).
     *
     * <p>A GSI without a route is accepted, as the kernel accepts it ({@code irqfd_update} leaves
     * {@code irq_entry.type} 0): the irqfd still takes the eventfd's signals, and every injection is
     * dropped by {@code kvm_set_irq} (no routing entry).
     */
    /** Whether an irqfd has {@code fd} already (kvm_irqfd_assign's -EBUSY check). */
    private boolean assigned(EventFd fd) {
        for (Irqfd other : items) {
            if (other.eventfd() == fd) {
                return true;
            }
        }
        return false;
    }

    int assign(EventFd fd, int gsi, EventFd resamplefd) {
        // kvm_irqfd_assign: "if (!kvm_arch_intc_initialized(kvm)) return -EAGAIN;" before anything
        // else (arm64 arm.c kvm_arch_intc_initialized: vgic_initialized, i.e. after the VMM's
        // KVM_DEV_ARM_VGIC_CTRL_INIT).
        if (!chip.initialized()) {
            return -Errno.EAGAIN;
        }
        // kvm_arch_irqfd_allowed (x86 irq.c): "resample ? irqchip_full(kvm) : irqchip_in_kernel(kvm)";
        // with the split irqchip no in-kernel IO-APIC would ever call the resampler's ack notifier.
        if (resamplefd != null && !chip.irqchipFull()) {
            return -Errno.EINVAL;
        }
        Irqfd irqfd = new Irqfd(this, fd, gsi, resamplefd, injectLatencyNs);
        if (resamplefd != null) {
            IrqfdResampler resampler = resampler(gsi);
            if (resampler == null) {
                resampler = newResampler(gsi);
                resamplers.add(resampler);
                resampler.register(chip);
            }
            irqfd.setResampler(resampler);
            // kvm_irqfd_assign: list_add_rcu(&irqfd->resampler_link, &resampler->list), at the head.
            resampler.irqfds.add(0, irqfd);
        }
        boolean busy = assigned(fd);
        if (waitQueue == IrqfdWaitQueue.LINUX_6_17 && !busy) {
            busy = !irqfd.hook(waitQueue); // kvm_irqfd_register: the wait queue first, under irqfds.lock
        }
        if (busy) {
            if (irqfd.resampler() != null) {
                resamplerShutdown(irqfd);
            }
            return -Errno.EBUSY;
        }
        items.add(irqfd);
        if (waitQueue != IrqfdWaitQueue.LINUX_6_17) {
            irqfd.hook(waitQueue);
        }
        if (fd.count() > 0) {
            irqfd.injectWork().schedule();
        }
        return 0;
    }

    /**
     * virt/kvm/eventfd.c {@code kvm_irqfd_deassign}: shut down every irqfd matching fd and GSI; 0 even
     * when none matches. {@code irqfd_shutdown}: unhook from the wait queue, {@code flush_work(inject)}
     * (a queued injection still runs, now), then leave the resampler.
     */
    int deassign(EventFd fd, int gsi) {
        for (Irqfd irqfd : List.copyOf(items)) {
            if (irqfd.eventfd() == fd && irqfd.gsi() == gsi) {
                items.remove(irqfd);
                irqfd.unhook();
                if (irqfd.injectWork().cancel()) {
                    irqfd.inject();
                }
                if (irqfd.resampler() != null) {
                    resamplerShutdown(irqfd);
                }
            }
        }
        return 0;
    }

    /**
     * virt/kvm/eventfd.c {@code irqfd_resampler_shutdown}: leave the list; the last one out unregisters
     * the notifiers and de-asserts the resample source.
     */
    private void resamplerShutdown(Irqfd irqfd) {
        IrqfdResampler resampler = irqfd.resampler();
        resampler.irqfds.remove(irqfd);
        if (resampler.irqfds.isEmpty()) {
            resamplers.remove(resampler);
            resampler.unregister(chip);
            setIrq(IrqSource.IRQFD_RESAMPLE, resampler.gsi, false);
        }
    }

    /**
     * virt/kvm/eventfd.c {@code kvm_notify_irqfd_resampler} (Linux 6.3, fef8f2b9): if a resampler exists
     * for the pin's GSI, signal its resamplefds without de-asserting and answer true.
     */
    boolean notifyIrqfdResampler(int pin) {
        int gsi = routing.gsi(pin);
        if (gsi < 0) {
            return false;
        }
        for (IrqfdResampler resampler : resamplers) {
            if (resampler.gsi == gsi) {
                resampler.notifyResamplefds();
                return true;
            }
        }
        return false;
    }

    private IrqfdResampler newResampler(int gsi) {
        int pin = routing.pin(gsi);
        switch (variant) {
            case MASK_NOTIFIER:
                return new MaskNotifierResampler(this, gsi, pin);
            case RESAMPLE_ON_EOI:
            default:
                return new EoiResampler(this, gsi, pin);
        }
    }

    /** The resampler of a GSI, or null (kvm_irqfd_assign's walk of resampler_list; tests, tools). */
    IrqfdResampler resampler(int gsi) {
        for (IrqfdResampler r : resamplers) {
            if (r.gsi == gsi) {
                return r;
            }
        }
        return null;
    }

    /** A change of {@code field} of the resampler of {@code gsi}. */
    void traceResampler(int gsi, String field, boolean from, boolean to, String cause) {
        if (detail != null) {
            detail.stateChanged(sim.now(), resamplerKeys.key(gsi, field), from ? "1" : "0", to ? "1" : "0",
                    cause);
        }
    }
}
