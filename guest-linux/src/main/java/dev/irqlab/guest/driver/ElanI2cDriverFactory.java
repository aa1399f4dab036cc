package dev.irqlab.guest.driver;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.plugin.ConfigKey;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.guest.device.ElanI2cDeviceFactory;
import java.util.List;
import java.util.Set;

/** Builds {@link ElanI2cDriver}s: driver name {@code elan_i2c}; flow oneshot-threaded. */
public final class ElanI2cDriverFactory implements GuestDriverFactory {

    public static final String NAME = "elan_i2c";
    public static final String I2C_TRANSFER = "i2c-transfer";
    public static final long DEFAULT_I2C_TRANSFER_NS = 500_000;

    @Override
    public List<ConfigKey> schema() {
        return List.of(ConfigKey.duration(I2C_TRANSFER, DEFAULT_I2C_TRANSFER_NS,
                "duration of the I2C read of one report (elan_i2c_get_report) in the irq thread")
                        .withSource("drivers/input/mouse/elan_i2c_i2c.c: elan_i2c_get_report"));
    }

    @Override
    public GuestDriver create(GuestDriverContext context) {
        return new ElanI2cDriver(context);
    }

    @Override
    public String summary() {
        return "the elan_i2c driver: ONESHOT threaded handler reading one report over I2C";
    }

    @Override
    public String source() {
        return "drivers/input/mouse/elan_i2c_core.c: elan_isr";
    }

    @Override
    public Set<String> models() {
        return Set.of(ElanI2cDeviceFactory.NAME);
    }

    @Override
    public List<String> flows() {
        return ElanI2cDriver.FLOWS;
    }
}
