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
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.HypervisorContext;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.kernel.SystemSleep;
import dev.irqlab.api.pci.PciHostBridge;
import dev.irqlab.api.pci.PciIntxPin;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ControllerContext;
import dev.irqlab.api.plugin.DeviceFactory;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.GuestDriverFactory;
import dev.irqlab.api.plugin.HypervisorFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.plugin.PhysicalControllerFactory;
import dev.irqlab.api.plugin.Refusal;
import dev.irqlab.api.plugin.Role;
import dev.irqlab.api.plugin.SystemSleepFactory;
import dev.irqlab.api.plugin.VirtualControllerFactory;
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Forwarding;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.api.vmm.VmmException;
import dev.irqlab.runtime.engine.HostCpus;
import dev.irqlab.runtime.engine.ObservedDevice;
import dev.irqlab.runtime.engine.Simulation;
import dev.irqlab.runtime.metrics.IrqRef;
import dev.irqlab.runtime.plugins.PluginRegistry;
import dev.irqlab.runtime.scenario.Action;
import dev.irqlab.runtime.scenario.DeviceSpec;
import dev.irqlab.runtime.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the stack a scenario describes from the chosen plugins, in the order of
 * docs/architecture.md, and runs nothing: the host (controller, kernel), the VMM and the VM it
 * creates, the guest kernel, every device with its forwarder, the VMM's wiring of it and the guest
 * driver, and the VMM's start queued at its time. Component names follow one scheme: the kernels
 * are named after their side ({@link Action.Side}), the host controller {@code host.<factory>}, the
 * hypervisor and the VMM after their factories, the VM as the VMM names it, each forwarder
 * {@code vfio.<device>}.
 */
public final class StackBuilder {

    /** The prefix of a device's forwarder component ({@code vfio.<device>}), as the trace names it. */
    public static final String FORWARDER_PREFIX = "vfio.";

    private final PluginRegistry registry;

    public StackBuilder(PluginRegistry registry) {
        this.registry = registry;
    }

    /** The configuration key by which a model chooses the kernel release it follows. */
    public static final String VERSION_KEY = "kvm-version";

    /**
     * The release each chosen model follows, where it models several ({@link #VERSION_KEY}): the
     * hypervisor's, then the virtual controller's, by factory name.
     */
    public Map<String, String> versions(Scenario s, ScenarioCheck.Choice choice) {
        Map<String, String> out = new LinkedHashMap<>();
        version(out, s, Role.HYPERVISOR, s.platform().hypervisor());
        version(out, s, Role.VIRTUAL_CONTROLLER, choice.virtualController());
        return out;
    }

    private void version(Map<String, String> out, Scenario s, Role role, String name) {
        Object v = config(s, role, name).values().get(VERSION_KEY);
        if (v != null) {
            out.put(name, v.toString());
        }
    }

    private Config config(Scenario s, Role role, String name) {
        Optional<Config> written = s.config(role);
        return written.isPresent() ? written.get() : registry.defaults(role, name);
    }

    /**
     * What {@link #build} needs of {@code s} and {@code choice} that no run changes: each role's factory
     * and configuration, the component names, each device's factories and PCI INTx pin. Found once per
     * parsed scenario; each run built from it ({@link #build(StackPlan, Simulation)}) starts the same.
     *
     * @throws dev.irqlab.runtime.plugins.PluginException when a chosen factory does not exist
     */
    public StackPlan plan(Scenario s, ScenarioCheck.Choice choice) {
        var p = s.platform();
        Config kernelConfig = config(s, Role.KERNEL, p.kernel());
        List<StackPlan.DevicePlan> devices = new ArrayList<>();
        for (int i = 0; i < s.devices().size(); i++) {
            DeviceSpec d = s.devices().get(i);
            String at = "devices[" + i + "]";
            DeviceFactory factory = registry.factory(Role.DEVICE, d.model(), DeviceFactory.class);
            Optional<PciIntxPin> intx = Optional.empty();
            Refusal intxProblem = null;
            try {
                intx = factory.pciIntxPin(d.config());
            } catch (IllegalArgumentException e) {
                intxProblem = new Refusal(at + ".config", "device '" + d.name() + "': " + e.getMessage());
            }
            devices.add(new StackPlan.DevicePlan(at, factory, registry.factory(Role.GUEST_DRIVER, d.driver().name(),
                    GuestDriverFactory.class), FORWARDER_PREFIX + d.name(), intx, intxProblem));
        }
        boolean suspends = s.suspend().isPresent();
        return new StackPlan(s, choice,
                registry.factory(Role.PHYSICAL_CONTROLLER, choice.controller(), PhysicalControllerFactory.class),
                config(s, Role.PHYSICAL_CONTROLLER, choice.controller()),
                Action.Side.HOST.label() + "." + choice.controller(),
                registry.factory(Role.KERNEL, p.kernel(), KernelFactory.class),
                s.kernelConfig(Scenario.HOST_KERNEL).orElse(kernelConfig),
                s.kernelConfig(Scenario.GUEST_KERNEL).orElse(kernelConfig),
                registry.factory(Role.HYPERVISOR, p.hypervisor(), HypervisorFactory.class),
                config(s, Role.HYPERVISOR, p.hypervisor()),
                registry.factory(Role.VMM, p.vmm(), VmmFactory.class), config(s, Role.VMM, p.vmm()),
                registry.factory(Role.VIRTUAL_CONTROLLER, choice.virtualController(), VirtualControllerFactory.class),
                config(s, Role.VIRTUAL_CONTROLLER, choice.virtualController()),
                registry.factory(Role.FORWARDER, p.forwarder(), ForwarderFactory.class),
                config(s, Role.FORWARDER, p.forwarder()),
                suspends ? Optional.of(registry.factory(Role.SYSTEM_SLEEP, p.systemSleep(), SystemSleepFactory.class))
                        : Optional.empty(),
                suspends ? config(s, Role.SYSTEM_SLEEP, p.systemSleep()) : null,
                devices, StackPlan.devicesPerLine(s.devices()));
    }

    /**
     * Builds and wires every component on {@code sim}; nothing runs until the caller runs the
     * simulation's queue. The same as {@link #build(StackPlan, Simulation)} of a plan made for this
     * build alone.
     *
     * @throws AssemblyException when the models cannot be put together as the scenario writes them
     */
    public Stack build(Scenario written, ScenarioCheck.Choice choice, Simulation sim) {
        return build(plan(written, choice), sim);
    }

    /**
     * Builds and wires every component of {@code plan}'s scenario on {@code sim}; nothing runs until
     * the caller runs the simulation's queue.
     *
     * @throws AssemblyException when the models cannot be put together as the scenario writes them
     */
    @SuppressWarnings("ReferenceEquality") // routing hands the written scenario back when it changes nothing
    public Stack build(StackPlan plan, Simulation sim) {
        Scenario written = plan.scenario();
        ScenarioCheck.Choice choice = plan.choice();
        var p = written.platform();
        Set<String> fixes = written.fixes();
        String hostName = Action.Side.HOST.label();
        String guestName = Action.Side.GUEST.label();
        // 1. host: physical controller and host kernel on the host CPUs
        PhysicalInterruptController ctl = create("config.controller", () -> plan.controllerFactory().create(
                new ControllerContext(sim, plan.controllerName(), p.hostCpus(), plan.controllerConfig(), fixes)));
        // each PCI function's line and trigger from the host's routing, before anything uses them
        Scenario s = routePciFunctions(plan, ctl);
        KernelFactory kernels = plan.kernels();
        HostCpus hostCpus = new HostCpus(sim.scheduler(), p.hostCpus());
        IrqCore host = create("config.host-kernel", () -> kernels.create(new KernelContext(sim,
                hostName, ctl, hostCpus, p.hostCpus(), plan.hostKernelConfig())));
        for (int cpu = 0; cpu < p.hostCpus(); cpu++) {
            ctl.connectCpu(cpu, host.cpuLine(cpu));
        }
        // 3. the VMM creates the VM on the hypervisor; the guest kernel runs on it
        Hypervisor hv = create("config.hypervisor", () -> plan.hypervisorFactory().create(new HypervisorContext(sim,
                p.hypervisor(), plan.hypervisorConfig(), fixes, host.hz())));
        Vmm vmm = create("vmm", () -> plan.vmmFactory().create(
                new VmmContext(sim, p.vmm(), hv, s.vmm().vmStartNs(), plan.vmmConfig())));
        Vm vm = create("config.virtual-controller", () -> vmm.createVm(new Machine(p.vcpus(),
                choice.virtualController(), plan.virtualControllerFactory(), plan.virtualControllerConfig())));
        IrqCore guest = create("config.guest-kernel", () -> kernels.create(new KernelContext(sim,
                guestName, vm.irqchip(), vm.executor(), p.vcpus(), plan.guestKernelConfig())));
        vm.attachGuest(guest::cpuLine);
        VirtualInterruptController vic = vm.irqchip();
        ForwarderFactory forwarders = plan.forwarders();
        Config forwarderConfig = plan.forwarderConfig();
        List<Device> devices = new ArrayList<>();
        List<GuestDriver> drivers = new ArrayList<>();
        Map<String, Integer> hostIrqs = new LinkedHashMap<>();
        Map<String, Integer> guestIrqNumbers = new LinkedHashMap<>();
        Map<String, IrqRef> guestIrqs = new LinkedHashMap<>();
        // every device's line and guest pin against the controllers' ranges, before any is built
        List<Refusal> problems = new ArrayList<>(checkRanges(s, choice, ctl, vic));
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        Map<Integer, Integer> devicesPerLine = s == written ? plan.devicesPerLine()
                : StackPlan.devicesPerLine(s.devices());
        Map<Integer, SharedLine> sharedLines = null; // made for the first shared line
        Map<Integer, String> firstOnLine = null;
        for (int i = 0; i < s.devices().size(); i++) {
            DeviceSpec d = s.devices().get(i);
            StackPlan.DevicePlan planned = plan.devices().get(i);
            String at = planned.at();
            try {
                // 2. the device on its host line
                Device dev = create(at, ".config", () -> planned.factory().create(new DeviceContext(sim, d.name(),
                        d.trigger(), d.config())));
                int hw = ctl.hwirqForLine(d.line());
                if (devicesPerLine.get(d.line()) == 1) {
                    dev.connect(ctl.input(hw));
                } else {
                    // several devices on one line: one wire-ORed input (PCI INTx# is open drain)
                    if (sharedLines == null) {
                        sharedLines = new LinkedHashMap<>();
                        firstOnLine = new LinkedHashMap<>();
                    }
                    SharedLine wire = sharedLines.computeIfAbsent(d.line(),
                            l -> new SharedLine(ctl.input(hw), d.trigger()));
                    firstOnLine.putIfAbsent(d.line(), d.name());
                    if (wire.trigger() != d.trigger()) {
                        throw new AssemblyException(at + ".interrupt.trigger", "device '" + d.name() + "': line "
                                + d.line() + " is shared with '" + firstOnLine.get(d.line()) + "', wired "
                                + wire.trigger().dtName() + "; a shared line has one trigger; allowed: "
                                + wire.trigger().dtName());
                    }
                    dev.connect(wire.driver());
                }
                int hostIrq = host.createMapping(hw, d.trigger());
                if (hostIrq < 0) {
                    throw new AssemblyException(at + ".interrupt.trigger", "device '" + d.name() + "': "
                            + choice.controller() + " refuses trigger " + d.trigger().dtName() + " on line " + d.line()
                            + " (" + Errno.name(hostIrq) + ")");
                }
                // 4. the host's vfio driver (the scenario's forwarder) bound to the device, and the VMM's wiring
                // of it
                boolean hwMapped = d.forwarding() == Forwarding.HW_MAPPED;
                String vfioName = planned.vfioName();
                Forwarder fwd = create("config.forwarder", () -> forwarders.create(new ForwarderContext(sim,
                        vfioName, host, List.of(new HostIrq(hostIrq, d.trigger(), hwMapped)), forwarderConfig, dev)));
                Device guestView;
                try {
                    guestView = vmm.assign(new AssignedDevice(d.name(), dev, vfioName, fwd, d.forwarding(), ctl,
                            List.of(new AssignedDevice.AssignedIrq(hw, d.guestPin(), d.trigger()))));
                } catch (VmmException e) {
                    throw new AssemblyException(at + ".forwarding", e.getMessage());
                }
                // 5. the guest driver
                int guestIrq = guest.createMapping(vic.hwirqForPin(d.guestPin()), d.trigger());
                if (guestIrq < 0) {
                    throw new AssemblyException(at + ".interrupt.trigger", "device '" + d.name() + "': "
                            + choice.virtualController() + " refuses trigger " + d.trigger().dtName() + " ("
                            + Errno.name(guestIrq) + ")");
                }
                guestIrqs.put(d.name(), new IrqRef(guestName, guestIrq));
                hostIrqs.put(d.name(), hostIrq);
                guestIrqNumbers.put(d.name(), guestIrq);
                GuestDriver drv = create(at, ".driver", () -> planned.driver().create(new GuestDriverContext(sim,
                        d.driver().name(), guest, guestIrq, ObservedDevice.of(sim, guestView),
                        d.driver().flow().label(), d.driver().config())));
                devices.add(dev);
                drivers.add(drv);
            } catch (AssemblyException e) {
                // the next devices are still built, so that every problem comes out at once
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        // 6. the VMM starts the VM at its time; the guest boots: init_IRQ initialises its interrupt
        // controller, then its drivers probe
        try {
            vmm.start(() -> guest.boot(() -> {
                for (GuestDriver drv : drivers) {
                    int r = drv.probe();
                    if (r < 0) {
                        // drivers/base/dd.c call_driver_probe: dev_err(dev, "probe with driver %s failed with
                        // error %d\n", drv->name, ret), dev_err's "<driver> <device>: " before it
                        sim.trace().kernelMessage(sim.now(), guestName, "driver.probe_failed",
                                drv.name() + " " + drv.device() + ": probe with driver " + drv.name()
                                        + " failed with error " + r);
                    }
                }
            }));
        } catch (VmmException e) {
            throw new AssemblyException("vmm", e.getMessage());
        }
        SystemSleep sleep = plan.sleepFactory().isPresent()
                ? create("config.system-sleep", () -> plan.sleepFactory().get().create(sim, guestName, guest, drivers,
                plan.sleepConfig()))
                : null;
        return new Stack(s, devices, sleep, vmm, new Stack.Side(host, ctl, hostCpus, hostIrqs),
                new Stack.Side(guest, vic, vm.executor(), guestIrqNumbers), guestIrqs);
    }

    /**
     * A model's factory call; a model refusing its configuration ({@link IllegalArgumentException},
     * the plugin guide's convention) is a problem at {@code path}.
     */
    private static <T> T create(String path, Supplier<T> factory) {
        return create(path, "", factory);
    }

    /** {@link #create(String, Supplier)} at {@code at + key}, a path built only for a problem. */
    private static <T> T create(String at, String key, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            throw new AssemblyException(at + key, String.valueOf(e.getMessage()));
        }
    }

    /**
     * A PCI function's line and trigger are what the host's PCI routing gives its INTx pin
     * ({@link DeviceFactory#pciIntxPin}, swizzled through its bridges; {@link
     * PhysicalInterruptController#pciHostBridge()}: the x86 {@code _PRT}, the arm64
     * {@code interrupt-map}): a device without {@code interrupt:} takes them, a written line or trigger
     * that differs is refused at its key, naming the routed value. A device without {@code interrupt:}
     * that is no PCI function, or on a host without a modelled host bridge, is refused; a written
     * interrupt there is not checked. Every problem of every device comes out at once.
     *
     * @return {@code s}, or a copy with the routed devices' lines and triggers filled in
     */
    Scenario routePciFunctions(StackPlan plan, PhysicalInterruptController ctl) {
        Scenario s = plan.scenario();
        if (!plan.routes()) {
            return s;
        }
        String controller = plan.choice().controller();
        List<DeviceSpec> routed = new ArrayList<>();
        List<Refusal> problems = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < s.devices().size(); i++) {
            DeviceSpec d = s.devices().get(i);
            StackPlan.DevicePlan planned = plan.devices().get(i);
            String at = planned.at();
            if (planned.intxProblem() != null) {
                problems.add(planned.intxProblem());
                routed.add(d);
                continue;
            }
            Optional<PciIntxPin> intx = planned.intx();
            Optional<PciHostBridge> bridge = ctl.pciHostBridge();
            if (intx.isEmpty() || bridge.isEmpty()) {
                if (d.routed()) {
                    problems.add(new Refusal(at + ".interrupt", "device '" + d.name() + "': missing required key: "
                            + (intx.isEmpty() ? "model " + d.model() + " is no PCI function with an INTx pin"
                            : controller + " has no PCI host bridge modelled") + ", so no routing gives its line; "
                            + "write interrupt: {line: N, trigger: T}"));
                }
                routed.add(d);
                continue;
            }
            int line = bridge.get().line(intx.get());
            Trigger trigger = bridge.get().trigger();
            if (d.routed()) {
                routed.add(d.routedTo(line, trigger));
                changed = true;
                continue;
            }
            String route = "device '" + d.name() + "': " + intx.get() + " is routed to line " + line + ", "
                    + trigger.dtName() + " on " + controller + " (" + bridge.get().source() + ")";
            if (line != d.line()) {
                problems.add(new Refusal(at + ".interrupt.line", route + ", not line " + d.line() + "; allowed: " + line
                        + " (or leave interrupt: out; or another slot, bridges or interrupt-pin in the device's config)"));
            }
            if (trigger != d.trigger()) {
                problems.add(new Refusal(at + ".interrupt.trigger", route + ", not " + d.trigger().dtName()
                        + "; allowed: " + trigger.dtName()));
            }
            routed.add(d);
        }
        if (!problems.isEmpty()) {
            throw new AssemblyException(problems);
        }
        return changed ? s.withDevices(routed) : s;
    }

    /**
     * Each device's host line and guest pin against what the controllers have, with the range
     * allowed. The host controller tells only whether a line exists ({@code hwirqForLine} is -1
     * otherwise); its lines are numbered from 0 without gaps (GIC SPIs, IO-APIC pins), so the
     * highest one is found by bisection below the line refused.
     */
    static List<Refusal> checkRanges(Scenario s, ScenarioCheck.Choice choice, PhysicalInterruptController ctl,
                                     VirtualInterruptController vic) {
        List<Refusal> problems = new ArrayList<>();
        for (int i = 0; i < s.devices().size(); i++) {
            DeviceSpec d = s.devices().get(i);
            boolean lineMissing = ctl.hwirqForLine(d.line()) < 0;
            if (lineMissing) {
                int last = lastLine(ctl, d.line());
                problems.add(new Refusal("devices[" + i + "].interrupt.line", "device '" + d.name() + "': line "
                        + d.line() + " does not exist on " + choice.controller() + (last < 0 ? ", which has no lines"
                        : "; allowed: 0.." + last)));
            }
            // a guest pin left unwritten is the line's number: the line's problem says it already
            if (d.guestPin() >= vic.pins() && !(lineMissing && d.guestPin() == d.line())) {
                problems.add(new Refusal("devices[" + i + "].guest-pin", "device '" + d.name() + "': guest pin "
                        + d.guestPin() + " does not exist on " + choice.virtualController() + "; allowed: 0.."
                        + (vic.pins() - 1)));
            }
        }
        return problems;
    }

    private static int lastLine(PhysicalInterruptController ctl, int refused) {
        if (refused <= 0 || ctl.hwirqForLine(0) < 0) {
            return -1; // the loader refuses negative lines: here line 0 itself is missing
        }
        int ok = 0;
        int bad = refused;
        while (bad - ok > 1) {
            int mid = ok + (bad - ok) / 2;
            if (ctl.hwirqForLine(mid) < 0) {
                bad = mid;
            } else {
                ok = mid;
            }
        }
        return ok;
    }
}
