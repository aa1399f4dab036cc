package dev.irqlab.runtime.assembly;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.DeviceContext;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.device.GuestDriverContext;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.plugin.Combination;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.IrqlabPlugin;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.runtime.engine.HostCpus;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.metrics.ExpectationResult;
import dev.irqlab.runtime.metrics.IrqRef;
import dev.irqlab.runtime.metrics.MetricsCollector;
import dev.irqlab.runtime.metrics.MetricsSpec;
import dev.irqlab.runtime.metrics.RunInfo;
import dev.irqlab.runtime.metrics.RunMetrics;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Expectation;
import dev.irqlab.runtime.scenario.Forwarding;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the stack a scenario describes from the chosen plugins, drives its workload, and computes
 * the outcome. This is the composition root of a run (see docs/architecture.md for the order), and
 * also plays the VMM's part: it wires the forwarder's event fds to the VM's irqfds as QEMU's
 * {@code vfio_start_irqfd_injection} and crosvm's {@code VfioPlatformDevice} do.
 */
public final class ScenarioRunner {

    /** Names of the kernels and the VM in the trace. */
    public static final String HOST = "host";
    public static final String GUEST = "guest";
    public static final String VM = "vm0";

    private final PluginRegistry registry;

    public ScenarioRunner(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The factory names a scenario ends up with, defaults resolved. */
    public record Choice(String controller, String virtualController) {
    }

    /** Resolves the virtual controller and checks the plugins can serve the scenario; throws if not. */
    public Choice check(Scenario s) {
        String controller = s.platform().controller();
        String vic = s.platform().virtualController().orElseGet(() -> registry.factory(Role.PHYSICAL_CONTROLLER,
                controller, PhysicalControllerFactory.class).defaultVirtualController());
        Map<Role, String> chosen = new EnumMap<>(Role.class);
        chosen.put(Role.PHYSICAL_CONTROLLER, controller);
        chosen.put(Role.VIRTUAL_CONTROLLER, vic);
        chosen.put(Role.KERNEL, s.platform().kernel());
        chosen.put(Role.HYPERVISOR, s.platform().hypervisor());
        chosen.put(Role.FORWARDER, s.platform().forwarder());
        if (s.suspend().isPresent()) {
            chosen.put(Role.SYSTEM_SLEEP, s.platform().systemSleep());
        }
        Set<String> devices = new TreeSet<>();
        Set<String> drivers = new TreeSet<>();
        s.devices().forEach(d -> {
            devices.add(d.model());
            drivers.add(d.driver().name());
        });
        Set<String> archs = new TreeSet<>();
        Set<String> features = new TreeSet<>();
        List<IrqlabPlugin> plugins = new ArrayList<>();
        chosen.forEach((role, name) -> plugins.add(registry.ownerOf(role, name)));
        devices.forEach(d -> plugins.add(registry.ownerOf(Role.DEVICE, d)));
        drivers.forEach(d -> plugins.add(registry.ownerOf(Role.GUEST_DRIVER, d)));
        plugins.forEach(p -> {
            archs.addAll(p.capabilities().architectures());
            features.addAll(p.capabilities().features());
        });
        Set<String> hostArch = registry.ownerOf(Role.PHYSICAL_CONTROLLER, controller).capabilities().architectures();
        Set<String> vicArch = registry.ownerOf(Role.VIRTUAL_CONTROLLER, vic).capabilities().architectures();
        if (!hostArch.isEmpty() && !vicArch.isEmpty() && java.util.Collections.disjoint(hostArch, vicArch)) {
            throw new AssemblyException("the controller '" + controller + "' models " + hostArch
                    + " but the virtual controller '" + vic + "' models " + vicArch);
        }
        registry.check(new Combination(chosen, devices, drivers, archs, s.fixes(), features));
        return new Choice(controller, vic);
    }

    /**
     * Runs the scenario: assembly, workload until the run length, then drain.
     *
     * @param output extra trace sinks (writers); may be {@link Trace#discard()}
     */
    public RunOutcome run(Scenario s, Trace output) {
        Choice choice = check(s);
        Map<String, IrqRef> guestIrqs = new LinkedHashMap<>();
        // The metrics need the guest irq numbers, known only once the stack is built; set-up emits no
        // metric-relevant events, so the collector joins the trace right after assembly.
        Trace[] metricsSink = {Trace.discard()};
        Simulation sim = new Simulation(s.seed(), event -> {
            metricsSink[0].emit(event);
            output.emit(event);
        });
        Built built = build(s, choice, sim, guestIrqs);
        MetricsCollector metrics = new MetricsCollector(new MetricsSpec(Set.of(GUEST), Set.of(HOST), guestIrqs));
        metricsSink[0] = metrics;
        long end = s.run().durationNs();
        for (int i = 0; i < s.devices().size(); i++) {
            Workloads.start(sim, built.devices.get(i), s.devices().get(i).workload(), end);
        }
        s.suspend().ifPresent(sp -> sim.scheduler().scheduleAt(sp.atNs(), "suspend",
                () -> built.sleep.suspend(sp.durationNs())));
        sim.queue().runUntil(end, true);
        sim.queue().runUntil(end + s.run().drainNs(), false);
        RunMetrics m = metrics.finish();
        List<ExpectationResult> verdicts = new ArrayList<>();
        for (Expectation e : s.expectations()) {
            verdicts.add(ExpectationResult.check(m, e.metric(), e.min() == Long.MIN_VALUE ? null : e.min(),
                    e.max() == Long.MAX_VALUE ? null : e.max()));
        }
        RunInfo info = new RunInfo(s.name(), s.source(), s.seed(), sim.now(), sim.queue().dispatched());
        return new RunOutcome(info, m, verdicts);
    }

    private record Built(List<Device> devices, SystemSleep sleep) {
    }

    private Config config(Scenario s, Role role, String name) {
        return s.config(role).orElseGet(() -> Config.defaults(registry.schema(role, name)));
    }

    private Built build(Scenario s, Choice choice, Simulation sim, Map<String, IrqRef> guestIrqs) {
        var p = s.platform();
        Set<String> fixes = s.fixes();
        // 1. host: physical controller and host kernel on the host CPUs
        PhysicalInterruptController ctl = registry.factory(Role.PHYSICAL_CONTROLLER, choice.controller(),
                PhysicalControllerFactory.class).create(new ControllerContext(sim, HOST + "." + choice.controller(),
                p.hostCpus(), config(s, Role.PHYSICAL_CONTROLLER, choice.controller()), fixes));
        KernelFactory kernels = registry.factory(Role.KERNEL, p.kernel(), KernelFactory.class);
        Config kernelConfig = config(s, Role.KERNEL, p.kernel());
        IrqCore host = kernels.create(new KernelContext(sim, HOST, ctl, new HostCpus(sim.scheduler(), p.hostCpus()),
                p.hostCpus(), kernelConfig));
        for (int cpu = 0; cpu < p.hostCpus(); cpu++) {
            ctl.connectCpu(cpu, host.cpuLine(cpu));
        }
        // 3. the VM and its guest kernel
        Hypervisor hv = registry.factory(Role.HYPERVISOR, p.hypervisor(), HypervisorFactory.class)
                .create(new HypervisorContext(sim, "kvm", config(s, Role.HYPERVISOR, p.hypervisor()), fixes));
        Vm vm = hv.createVm(new VmSpec(VM, p.vcpus(), choice.virtualController(), registry.factory(Role.VIRTUAL_CONTROLLER,
                choice.virtualController(), VirtualControllerFactory.class),
                config(s, Role.VIRTUAL_CONTROLLER, choice.virtualController())));
        IrqCore guest = kernels.create(new KernelContext(sim, GUEST, vm.irqchip(), vm.executor(), p.vcpus(),
                kernelConfig));
        vm.attachGuest(guest::cpuLine);
        VirtualInterruptController vic = vm.irqchip();
        ForwarderFactory forwarders = registry.factory(Role.FORWARDER, p.forwarder(), ForwarderFactory.class);
        Config forwarderConfig = config(s, Role.FORWARDER, p.forwarder());
        List<Device> devices = new ArrayList<>();
        List<GuestDriver> drivers = new ArrayList<>();
        List<Forwarder> wired = new ArrayList<>();
        for (DeviceSpec d : s.devices()) {
            // 2. the device on its host line
            Device dev = registry.factory(Role.DEVICE, d.model(), DeviceFactory.class)
                    .create(new DeviceContext(sim, d.name(), d.trigger(), d.config()));
            int hw = ctl.hwirqForLine(d.line());
            if (hw < 0) {
                throw new AssemblyException("device '" + d.name() + "': line " + d.line() + " does not exist on "
                        + choice.controller());
            }
            dev.connect(ctl.input(hw));
            int hostIrq = host.createMapping(hw, d.trigger());
            if (hostIrq < 0) {
                throw new AssemblyException("device '" + d.name() + "': " + choice.controller() + " refuses trigger "
                        + d.trigger().dtName() + " on line " + d.line() + " (" + Errno.name(hostIrq) + ")");
            }
            if (d.guestPin() >= vic.pins()) {
                throw new AssemblyException("device '" + d.name() + "': guest pin " + d.guestPin() + " does not exist on "
                        + choice.virtualController() + " (pins 0.." + (vic.pins() - 1) + ")");
            }
            // 4. forwarding, as the VMM wires it
            boolean hwMapped = d.forwarding() == Forwarding.HW_MAPPED;
            if (hwMapped) {
                // irq_set_vcpu_affinity, as KVM does for the interrupts it maps (arch_timer.c
                // kvm_timer_hyp_init): the host EOIs with a priority drop only and leaves the
                // physical interrupt active for the guest (irq-gic-v3.c gic_eoimode1_eoi_irq).
                int r = ctl.chip().setForwardedToVcpu(hw, true);
                if (r < 0) {
                    throw new AssemblyException("device '" + d.name() + "': forwarding hw-mapped needs a host "
                            + "controller that can leave an interrupt active for a vCPU (GIC in EOImode 1); "
                            + choice.controller() + " says " + Errno.name(r));
                }
            }
            Forwarder fwd = forwarders.create(new ForwarderContext(sim, "vfio." + d.name(), host,
                    List.of(new HostIrq(hostIrq, d.trigger(), hwMapped)), forwarderConfig));
            wired.add(wire(sim, vm, ctl, hw, fwd, d));
            // 5. the guest driver
            int guestIrq = guest.createMapping(vic.hwirqForPin(d.guestPin()), d.trigger());
            if (guestIrq < 0) {
                throw new AssemblyException("device '" + d.name() + "': " + choice.virtualController()
                        + " refuses trigger " + d.trigger().dtName() + " (" + Errno.name(guestIrq) + ")");
            }
            guestIrqs.put(d.name(), new IrqRef(GUEST, guestIrq));
            GuestDriver drv = registry.factory(Role.GUEST_DRIVER, d.driver().name(), GuestDriverFactory.class)
                    .create(new GuestDriverContext(sim, d.driver().name(), guest, guestIrq, dev,
                            d.driver().flow().label(), d.driver().config()));
            devices.add(dev);
            drivers.add(drv);
        }
        // The VMM starts the VM (irqchip init, KVM_RUN), optionally forces one VFIO unmask per
        // maskable irq (Micah's workaround), and the guest boots: its drivers probe.
        sim.scheduler().scheduleAt(s.vmm().vmStartNs(), "vm start", () -> {
            vm.start();
            if (s.vmm().forceUnmaskAtStart()) {
                for (Forwarder fwd : wired) {
                    if (fwd.irqInfo(0).has(Vfio.IRQ_INFO_MASKABLE)) {
                        fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, 0, 0, 1, new IrqSetData.None());
                    }
                }
            }
            for (GuestDriver drv : drivers) {
                int r = drv.probe();
                if (r < 0) {
                    sim.trace().emit(new TraceEvent.KernelMessage(sim.now(), GUEST, "driver.probe_failed",
                            drv.device() + ": probe of " + drv.name() + " failed with " + Errno.name(r)));
                }
            }
        });
        SystemSleep sleep = s.suspend().isPresent()
                ? registry.factory(Role.SYSTEM_SLEEP, p.systemSleep(), SystemSleepFactory.class).create(sim, GUEST,
                guest, drivers, config(s, Role.SYSTEM_SLEEP, p.systemSleep()))
                : null;
        return new Built(devices, sleep);
    }

    /**
     * The VMM's wiring of one device irq (QEMU hw/vfio/platform.c {@code vfio_start_irqfd_injection}):
     * a trigger event fd bound to an irqfd on the guest pin and, for an automasked (level) irq, an
     * unmask event fd that is at the same time the irqfd's resamplefd.
     */
    private static Forwarder wire(Simulation sim, Vm vm, PhysicalInterruptController ctl, int hw, Forwarder fwd,
                                  DeviceSpec d) {
        IrqInfo info = fwd.irqInfo(0);
        EventFd trigger = sim.eventFd("vfio." + d.name() + ".trigger");
        boolean resample = d.forwarding() == Forwarding.IRQFD_RESAMPLE;
        if (resample && !info.has(Vfio.IRQ_INFO_AUTOMASKED)) {
            throw new AssemblyException("device '" + d.name() + "': forwarding irqfd-resample needs an automasked "
                    + "(level) VFIO irq; this one is " + d.trigger().dtName() + "; use forwarding: irqfd");
        }
        EventFd unmask = resample ? sim.eventFd("vfio." + d.name() + ".unmask") : null;
        if (d.forwarding() == Forwarding.HW_MAPPED) {
            int r = vm.irqchip().mapPhysIrq(d.guestPin(), ctl, hw);
            if (r < 0) {
                throw new AssemblyException("device '" + d.name() + "': forwarding hw-mapped is not supported by "
                        + vm.irqchip().name() + " (" + Errno.name(r) + ")");
            }
        }
        check(d, "KVM_IRQFD", vm.irqfd(trigger, d.guestPin(), unmask));
        check(d, "VFIO_IRQ_SET_ACTION_TRIGGER", fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER,
                0, 0, 1, new IrqSetData.EventFds(List.of(trigger))));
        if (unmask != null) {
            check(d, "VFIO_IRQ_SET_ACTION_UNMASK", fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD
                    | Vfio.IRQ_SET_ACTION_UNMASK, 0, 0, 1, new IrqSetData.EventFds(List.of(unmask))));
        }
        return fwd;
    }

    private static void check(DeviceSpec d, String what, int r) {
        if (r < 0) {
            throw new AssemblyException("device '" + d.name() + "': " + what + " failed with " + Errno.name(r));
        }
    }
}
