package dev.irqlab.api.plugin;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import java.util.List;
import java.util.Set;

/** Builds one guest driver instance bound to one device. */
public interface GuestDriverFactory extends Configurable {

    GuestDriver create(GuestDriverContext context);

    /**
     * The device models this driver binds to, by model name, as a Linux driver's match table
     * ({@code of_match_table}, {@code i2c_device_id}) names the devices it probes; empty: any device
     * (a driver that touches no register of its device). The scenario loader refuses another pairing.
     */
    default Set<String> models() {
        return Set.of();
    }

    /**
     * The flows ({@code devices[].driver.flow}) this driver can be given; empty: any. The scenario
     * loader refuses another flow, so {@link #create} is never handed one.
     */
    default List<String> flows() {
        return List.of();
    }
}
