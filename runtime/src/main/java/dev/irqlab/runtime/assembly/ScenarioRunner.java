package dev.irqlab.runtime.assembly;

import dev.irqlab.api.Errno;
import dev.irqlab.api.controller.InterruptController;
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
import dev.irqlab.api.kernel.CpuExecutor;
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
import dev.irqlab.runtime.scenario.Action;
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
        Choice choice = new Choice(controller, vic);
        if (s.actions().stream().anyMatch(a -> !(a instanceof Action.KernelCall))) {
            // Only the built controllers know their register names: build the stack once, unrun, to
            // check them, so that a wrong name is refused before any run (also by `irqlab validate`).
            checkActions(s, build(s, choice, new Simulation(s.seed(), Trace.discard()), new LinkedHashMap<>()));
        }
        return choice;
    }

    /**
     * Runs the scenario: assembly, the scenario's actions and workload until the run length, then
     * drain. A register action naming a register its controller lacks is refused before any event runs.
     *
     * @param output extra trace sinks (writers); may be {@link Trace#discard()}
     */
    public RunOutcome run(Scenario s, Trace output) {
        Choice choice = check(s);
        Map<String, IrqRef> guestIrqs = new LinkedHashMap<>();
        // The metrics need the guest irq numbers, known only once the stack is built; what set-up
        // emits (the guest's irq_set_type exits, for one) is held and replayed into the collector.
        MetricsTap tap = new MetricsTap(output);
        Simulation sim = new Simulation(s.seed(), tap);
        Built built = build(s, choice, sim, guestIrqs);
        checkActions(s, built);
        MetricsCollector metrics = new MetricsCollector(new MetricsSpec(Set.of(GUEST), Set.of(HOST), guestIrqs));
        tap.attach(metrics);
        scheduleActions(sim, s, built);
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

    /**
     * One side of the stack as the scenario's actions reach it: the kernel, its interrupt controller,
     * the CPUs its code runs on, and each device's Linux irq number in that kernel.
     */
    private record Side(IrqCore kernel, InterruptController controller, CpuExecutor cpus, Map<String, Integer> irqs) {
    }

    private record Built(List<Device> devices, SystemSleep sleep, Side host, Side guest) {
        Side side(Action.Side which) {
            return which == Action.Side.HOST ? host : guest;
        }
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
        HostCpus hostCpus = new HostCpus(sim.scheduler(), p.hostCpus());
        IrqCore host = kernels.create(new KernelContext(sim, HOST, ctl, hostCpus, p.hostCpus(),
                s.kernelConfig(Scenario.HOST_KERNEL).orElse(kernelConfig)));
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
                s.kernelConfig(Scenario.GUEST_KERNEL).orElse(kernelConfig)));
        vm.attachGuest(guest::cpuLine);
        VirtualInterruptController vic = vm.irqchip();
        ForwarderFactory forwarders = registry.factory(Role.FORWARDER, p.forwarder(), ForwarderFactory.class);
        Config forwarderConfig = config(s, Role.FORWARDER, p.forwarder());
        List<Device> devices = new ArrayList<>();
        List<GuestDriver> drivers = new ArrayList<>();
        List<Forwarder> wired = new ArrayList<>();
        Map<String, Integer> hostIrqs = new LinkedHashMap<>();
        Map<String, Integer> guestIrqNumbers = new LinkedHashMap<>();
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
            hostIrqs.put(d.name(), hostIrq);
            guestIrqNumbers.put(d.name(), guestIrq);
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
        return new Built(devices, sleep, new Side(host, ctl, hostCpus, hostIrqs),
                new Side(guest, vic, vm.executor(), guestIrqNumbers));
    }

    /**
     * Refuses, before anything runs, every register access with a name the controller does not have
     * ({@code Registers.names()}) — the loader could check only the spelling — in one exception that
     * lists each wrong name and the names of each controller concerned.
     */
    private static void checkActions(Scenario s, Built built) {
        List<String> wrong = new ArrayList<>();
        Map<String, String> allowed = new LinkedHashMap<>();
        for (int i = 0; i < s.actions().size(); i++) {
            Action a = s.actions().get(i);
            String register = a instanceof Action.RegisterWrite w ? w.register()
                    : a instanceof Action.RegisterRead r ? r.register() : null;
            if (register == null) {
                continue;
            }
            InterruptController ctl = built.side(a.side()).controller();
            List<String> names = ctl.registers().names();
            if (!names.contains(register)) {
                wrong.add(key(i, a) + " (line " + a.location().line() + ", column " + a.location().column()
                        + "): found '" + register + "', not a register of " + ctl.name());
                allowed.putIfAbsent(ctl.name(), summarise(names));
            }
        }
        if (!wrong.isEmpty()) {
            StringBuilder message = new StringBuilder(String.join("; ", wrong));
            allowed.forEach((ctl, names) -> message.append("; allowed on ").append(ctl).append(": ").append(names));
            throw new AssemblyException(message.toString());
        }
    }

    /** The key path of an action's operative value: {@code actions[2].call}, {@code actions[0].write}. */
    private static String key(int index, Action a) {
        String field = a instanceof Action.KernelCall ? "call" : a instanceof Action.RegisterWrite ? "write" : "read";
        return "actions[" + index + "]." + field;
    }

    /**
     * Register names with runs of numbered registers folded: {@code GICD_ISENABLER1..31} as
     * {@code GICD_ISENABLER<1..31>}; other names as they are, in the controller's order.
     */
    static String summarise(List<String> names) {
        Map<String, TreeSet<Integer>> numbered = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String name : names) {
            int cut = name.length();
            while (cut > 0 && Character.isDigit(name.charAt(cut - 1))) {
                cut--;
            }
            boolean number = cut < name.length() && cut > 0 && name.length() - cut <= 6
                    && !name.substring(0, cut).endsWith("_");
            String prefix = number ? name.substring(0, cut) : name;
            if (!numbered.containsKey(prefix)) {
                numbered.put(prefix, new TreeSet<>());
                order.add(prefix);
            }
            if (number) {
                numbered.get(prefix).add(Integer.parseInt(name.substring(cut)));
            }
        }
        List<String> parts = new ArrayList<>();
        for (String prefix : order) {
            TreeSet<Integer> ns = numbered.get(prefix);
            if (ns.isEmpty()) {
                parts.add(prefix);
            } else if (ns.size() == 1) {
                parts.add(prefix + ns.first());
            } else if (ns.last() - ns.first() + 1 == ns.size()) {
                parts.add(prefix + "<" + ns.first() + ".." + ns.last() + ">");
            } else {
                ns.forEach(n -> parts.add(prefix + n));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * Queues every action on a CPU of its side at its time, in file order (actions due at the same
     * instant run in the order written, after the set-up and the VM start queued before them). Each
     * leaves a {@code KernelMessage} "scenario.action" from the kernel it called or the controller it
     * accessed, written when the action has run, with its result (a read's value, a call's return);
     * {@code disable_irq}'s when it returns, after {@code synchronize_irq} waited for the irq's threads.
     */
    private static void scheduleActions(Simulation sim, Scenario s, Built built) {
        for (int i = 0; i < s.actions().size(); i++) {
            Action a = s.actions().get(i);
            Side side = built.side(a.side());
            String where = "actions[" + i + "] (" + a.location() + ")";
            String component = a instanceof Action.KernelCall ? side.kernel().name() : side.controller().name();
            java.util.function.Consumer<String> report = done -> sim.trace().emit(new TraceEvent.KernelMessage(
                    sim.now(), component, "scenario.action", done + " [" + where + "]"));
            side.cpus().run(a.cpu(), a.atNs() - sim.now(), "scenario " + where, () -> {
                if (a instanceof Action.KernelCall k && k.call() instanceof Action.DisableIrq) {
                    // disable_irq returns after synchronize_irq: the report waits for the irq's threads
                    int irq = side.irqs().get(k.device());
                    side.kernel().disableIrq(irq, () -> report.accept(k.call().function() + "(" + irq + ") for "
                            + k.device()));
                } else {
                    report.accept(perform(a, side));
                }
            });
        }
    }

    /** Runs one action; returns what it did, as the trace shows it. */
    private static String perform(Action a, Side side) {
        if (a instanceof Action.RegisterWrite w) {
            side.controller().registers().write(w.register(), w.cpu(), w.value());
            return "write " + w.register() + " = 0x" + Long.toHexString(w.value()) + " (cpu " + w.cpu() + ")";
        }
        if (a instanceof Action.RegisterRead r) {
            long value = side.controller().registers().read(r.register(), r.cpu());
            return "read " + r.register() + " = 0x" + Long.toHexString(value) + " (cpu " + r.cpu() + ")";
        }
        Action.KernelCall k = (Action.KernelCall) a;
        IrqCore kernel = side.kernel();
        int irq = side.irqs().get(k.device());
        String call = k.call().function() + "(" + irq;
        if (k.call() instanceof Action.DisableIrqNosync) {
            kernel.disableIrqNosync(irq);
        } else if (k.call() instanceof Action.EnableIrq) {
            kernel.enableIrq(irq);
        } else if (k.call() instanceof Action.SetIrqWake wake) {
            int r = kernel.irqSetIrqWake(irq, wake.on());
            call += ", " + (wake.on() ? 1 : 0) + ") = " + (r < 0 ? Errno.name(r) : Integer.toString(r));
            return call + " for " + k.device();
        } else if (k.call() instanceof Action.SetStatusFlags set) {
            statusFlag(kernel, irq, set.flag(), true);
            call += ", " + set.flag().name();
        } else if (k.call() instanceof Action.ClearStatusFlags clear) {
            statusFlag(kernel, irq, clear.flag(), false);
            call += ", " + clear.flag().name();
        }
        return call + ") for " + k.device();
    }

    /** {@code irq_set_status_flags} / {@code irq_clear_status_flags} of one flag, as IrqCore offers them. */
    private static void statusFlag(IrqCore kernel, int irq, Action.StatusFlag flag, boolean set) {
        switch (flag) {
            case IRQ_DISABLE_UNLAZY -> kernel.setDisableUnlazy(irq, set);
            default -> throw new IllegalStateException("no IrqCore call for " + flag);
        }
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

    /**
     * The run's trace: every event to the writers, and to the metrics collector once it exists;
     * events from before (assembly) are held and replayed to it in order.
     */
    private static final class MetricsTap implements Trace {
        private final Trace output;
        private java.util.List<dev.irqlab.api.trace.TraceEvent> held = new ArrayList<>();
        private Trace metrics;

        MetricsTap(Trace output) {
            this.output = output;
        }

        void attach(Trace collector) {
            held.forEach(collector::emit);
            held = null;
            metrics = collector;
        }

        @Override
        public void emit(dev.irqlab.api.trace.TraceEvent event) {
            if (metrics != null) {
                metrics.emit(event);
            } else {
                held.add(event);
            }
            output.emit(event);
        }
    }
}
