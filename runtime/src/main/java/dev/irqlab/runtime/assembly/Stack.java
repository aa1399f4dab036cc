package dev.irqlab.runtime.assembly;

import dev.irqlab.api.controller.InterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.kernel.CpuExecutor;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.runtime.metrics.IrqRef;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A scenario's components, built and wired, nothing run yet ({@link StackBuilder#build}): the VM's
 * start and the guest's boot are queued at the VMM's start time.
 *
 * @param scenario  the scenario as built: each PCI function that left its interrupt to the host's routing
 *                  on its routed line and trigger ({@link StackBuilder#routePciFunctions})
 * @param devices   the devices, in scenario order
 * @param sleep     the guest's system sleep, or null when the scenario does not suspend
 * @param vmm       the VMM that created and wired the VM
 * @param host      the host side as the scenario's actions reach it
 * @param guest     the guest side
 * @param guestIrqs each device's irq in the guest kernel, by device name, as the metrics count them
 */
public record Stack(Scenario scenario, List<Device> devices, SystemSleep sleep, Vmm vmm, Side host, Side guest,
                   Map<String, IrqRef> guestIrqs) {
    public Stack {
        devices = List.copyOf(devices);
        guestIrqs = Collections.unmodifiableMap(guestIrqs); // the builder's, in scenario order; see Side
    }

    /**
     * One side of the stack as the scenario's actions reach it: the kernel, its interrupt controller,
     * the CPUs its code runs on, and each device's Linux irq number in that kernel. The maps of a stack
     * are read-only views of the ones {@link StackBuilder} made for it in scenario order and never change
     * after: not copied, so that no run copies them.
     */
    public record Side(IrqCore kernel, InterruptController controller, CpuExecutor cpus, Map<String, Integer> irqs) {
        public Side {
            irqs = Collections.unmodifiableMap(irqs);
        }
    }

    public Side side(Action.Side which) {
        return which == Action.Side.HOST ? host : guest;
    }
}
