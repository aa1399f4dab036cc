package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriverContext;

/**
 * No driver bound to the device: "probe" requests nothing, so the guest descriptor never gets an
 * action. Accepts every flow (there is no handler for the flow to shape).
 *
 * <p>What genirq then does (read from kernel/irq): {@code desc_set_defaults} (irqdesc.c) creates the
 * descriptor with {@code IRQD_IRQ_DISABLED} and {@code depth = 1}, and the interrupt is only
 * started — {@code irq_startup}, which unmasks at the chip — by {@code __setup_irq} (manage.c) when
 * the first action is installed. Without {@code request_irq} the irq is never started, so it stays
 * masked at the interrupt controller (GIC enable bit clear, IO-APIC RTE mask bit set) and the
 * guest CPU never takes it: the device's line simply stays asserted with nobody listening. In a
 * forwarded setup the first host interrupt is automasked by vfio and never unmasked again (the guest
 * never EOIs), which is Micah's "stuck masked" report, not a storm. The storm and genirq's
 * "nobody cared" need a handler that runs and disclaims the interrupt: see {@link UnclaimedDriver}.
 * (If a flow handler ever does run for a descriptor without action, {@code handle_fasteoi_irq} /
 * {@code handle_level_irq} mark it {@code IRQS_PENDING} and mask it — the {@code NO_ACTION} flow
 * outcome.)
 */
public final class MissingDriver extends GuestDriverBase {

    public MissingDriver(GuestDriverContext context) {
        super(context, MissingDriverFactory.NAME, Flows.ALL);
    }

    /** Binds nothing and requests no irq. */
    @Override
    public int probe() {
        return 0;
    }
}
