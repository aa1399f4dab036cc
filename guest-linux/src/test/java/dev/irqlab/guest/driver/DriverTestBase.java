package dev.irqlab.guest.driver;

import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.guest.testing.Contexts;
import dev.irqlab.guest.testing.RecordingIrqCore;
import dev.irqlab.guest.testing.RecordingLine;
import dev.irqlab.tck.SimHarness;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up: a device on a recording wire, a driver bound to it over a {@link RecordingIrqCore}. */
abstract class DriverTestBase {

    static final int IRQ = 42;

    final SimHarness h = new SimHarness();
    final RecordingIrqCore kernel = new RecordingIrqCore("guest");
    final RecordingLine wire = new RecordingLine();

    Device device(DeviceFactory factory, String name, Trigger trigger) {
        Device d = factory.create(Contexts.device(h.sim(), name, trigger, factory));
        d.connect(wire);
        return d;
    }

    GuestDriver driver(GuestDriverFactory factory, String name, Device device, String flow, Object... config) {
        return factory.create(Contexts.driver(h.sim(), name, kernel, IRQ, device, flow, factory, config));
    }

    List<TraceEvent.DriverOutcome> outcomes() {
        return h.trace().of(TraceEvent.DriverOutcome.class);
    }

    /** Runs the recorded thread function and collects what it completes with. */
    List<IrqReturn> runThread(IrqThreadFn thread) {
        List<IrqReturn> results = new ArrayList<>();
        thread.run(IRQ, results::add);
        return results;
    }
}
