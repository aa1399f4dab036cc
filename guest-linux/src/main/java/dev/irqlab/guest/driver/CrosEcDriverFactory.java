package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.guest.device.CrosEcDeviceFactory;
import java.util.List;
import java.util.Set;

/** Builds {@link CrosEcDriver}s: driver name {@code cros_ec}; flow oneshot-threaded. */
public final class CrosEcDriverFactory implements GuestDriverFactory {

    public static final String NAME = "cros_ec";
    public static final String EC_COMMAND_LATENCY = "ec-command-latency";
    public static final long DEFAULT_EC_COMMAND_LATENCY_NS = 300_000;
    public static final String MKBP_EVENT_SUPPORTED = "mkbp-event-supported";

    @Override
    public List<ConfigKey> schema() {
        return List.of(
                ConfigKey.duration(EC_COMMAND_LATENCY, DEFAULT_EC_COMMAND_LATENCY_NS,
                        "duration of one EC_CMD_GET_NEXT_EVENT host command over the EC bus (SPI/I2C/LPC)")
                        .withSource("drivers/platform/chrome/cros_ec_proto.c: cros_ec_get_next_event"),
                ConfigKey.flag(MKBP_EVENT_SUPPORTED, true,
                        "the EC supports MKBP events: resume fetches events queued during suspend "
                                + "(cros_ec_report_events_during_suspend)")
                        .withSource("drivers/platform/chrome/cros_ec.c: cros_ec_report_events_during_suspend"));
    }

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new CrosEcDriver(context);
    }

    @Override
    public String summary() {
        return "the cros_ec driver: ONESHOT threaded handler fetching MKBP events, a wake irq across suspend";
    }

    @Override
    public String source() {
        return "drivers/platform/chrome/cros_ec.c: ec_irq_thread, cros_ec_suspend";
    }

    @Override
    public Set<String> models() {
        return Set.of(CrosEcDeviceFactory.NAME);
    }

    @Override
    public List<String> flows() {
        return CrosEcDriver.FLOWS;
    }
}
