package dev.irqlab.api.plugin;

import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.sim.Sim;
import java.util.List;

/** Builds a guest's system-sleep (suspend to idle / mem) sequence over its kernel and drivers. */
public interface SystemSleepFactory extends Configurable {

    SystemSleep create(Sim sim, String name, IrqCore kernel, List<GuestDriver> drivers, Config config);
}
