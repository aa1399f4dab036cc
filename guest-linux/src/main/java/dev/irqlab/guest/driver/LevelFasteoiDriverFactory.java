package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.guest.device.LevelStatusDeviceFactory;
import java.util.List;
import java.util.Set;

/** Builds {@link LevelFasteoiDriver}s: driver name {@code level-fasteoi}; flows level, oneshot-threaded. */
public final class LevelFasteoiDriverFactory implements GuestDriverFactory {

    public static final String NAME = "level-fasteoi";
    public static final String BUS_LATENCY = "bus-latency";
    public static final long DEFAULT_BUS_LATENCY_NS = 200_000;

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.duration(BUS_LATENCY, DEFAULT_BUS_LATENCY_NS,
                "oneshot-threaded flow: time the thread waits for the slow bus before reading STATUS / writing ACK"));
    }

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new LevelFasteoiDriver(context);
    }

    @Override
    public String summary() {
        return "a driver for level-status: reads STATUS and writes ACK (flows level and oneshot-threaded)";
    }

    @Override
    public String source() {
        return "kernel/irq/chip.c: handle_fasteoi_irq; kernel/irq/manage.c: irq_finalize_oneshot";
    }

    @Override
    public Set<String> models() {
        return Set.of(LevelStatusDeviceFactory.NAME);
    }

    @Override
    public List<String> flows() {
        return LevelFasteoiDriver.FLOWS;
    }
}
