package dev.irqlab.runtime.assembly;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.inject.AbstractModule;
import dev.irqlab.api.Spi;
import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.controller.IrqChip;
import dev.irqlab.api.controller.PhysicalInterruptController;
import dev.irqlab.api.controller.PinState;
import dev.irqlab.api.controller.Registers;
import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.device.Device;
import dev.irqlab.api.device.GuestDriver;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.hypervisor.Hypervisor;
import dev.irqlab.api.hypervisor.Vm;
import dev.irqlab.api.hypervisor.VmSpec;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqPm;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.plugin.Capabilities;
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
import dev.irqlab.api.plugin.VmmFactory;
import dev.irqlab.api.sim.Sim;
import dev.irqlab.api.vmm.AssignedDevice;
import dev.irqlab.api.vmm.Machine;
import dev.irqlab.api.vmm.Vmm;
import dev.irqlab.api.vmm.VmmContext;
import dev.irqlab.plugin.FactoryBindings;
import dev.irqlab.runtime.engine.HostCpus;
import dev.irqlab.runtime.plugins.PluginRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack of doubles for the runner's own work (wiring, scheduling the scenario's actions): every
 * kernel call and register access is logged as {@code "<time> <who> <what>"}. Host irq numbers are
 * {@code 100 + line}, guest irq numbers {@code 200 + pin}, so a log line shows which side resolved
 * the device. Each {@link #registry()} builds a fresh stack; the VM's executor is a host-style CPU
 * set, so guest actions run at their due time.
 */
final class RecordingStack {

    /** The {@code platform:} line of a scenario on this stack: every role its "fake-" factory, 2 CPUs each side. */
    static final String PLATFORM = "platform: {controller: fake-pic, kernel: fake-linux, hypervisor: fake-hv, "
            + "vmm: fake-vmm, forwarder: fake-vfio, system-sleep: fake-sleep, host-cpus: 2, vcpus: 2}\n";

    final List<String> log = new ArrayList<>();
    /** What the fake VMM was asked to do. */
    final List<String> assigned = new ArrayList<>();

    /** A kernel that records the driver-API calls the actions make. */
    final class RecordingKernel implements IrqCore {
        private final Sim sim;
        private final String name;
        private final int base;

        RecordingKernel(Sim sim, String name, int base) {
            this.sim = sim;
            this.name = name;
            this.base = base;
        }

        private void record(String what) {
            log.add(sim.now() + " " + name + " " + what);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int hz() {
            return IrqCore.KCONFIG_DEFAULT_HZ;
        }

        @Override
        public int createMapping(int hwirq, Trigger trigger) {
            return base + hwirq;
        }

        @Override
        public int requestThreadedIrq(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags,
                                      String owner, Object devId) {
            return 0;
        }

        @Override
        public void freeIrq(int irq, Object devId, Runnable then) {
            then.run();
        }

        @Override
        public void synchronizeIrq(int irq, Runnable then) {
            then.run();
        }

        @Override
        public void disableIrq(int irq, Runnable then) {
            record("disable_irq " + irq);
            then.run();
        }

        @Override
        public void disableIrqNosync(int irq) {
            record("disable_irq_nosync " + irq);
        }

        @Override
        public void enableIrq(int irq) {
            record("enable_irq " + irq);
        }

        @Override
        public int irqSetIrqWake(int irq, boolean on) {
            record("irq_set_irq_wake " + irq + " " + on);
            return on ? -dev.irqlab.api.Errno.ENODEV : 0;
        }

        @Override
        public void setDisableUnlazy(int irq, boolean unlazy) {
            record("unlazy " + irq + " " + unlazy);
        }

        @Override
        public int irqSetAffinity(int irq, dev.irqlab.api.controller.CpuMask mask) {
            record("affinity " + irq + " " + mask);
            return 0;
        }

        @Override
        public IrqDescState describe(int irq) {
            throw new UnsupportedOperationException("not needed");
        }

        @Override
        public CpuIrqLine cpuLine(int cpu) {
            return mock(CpuIrqLine.class);
        }

        @Override
        public IrqPm pm() {
            return mock(IrqPm.class);
        }
    }

    /** Registers with a few manual names; reads return 0x40 + cpu. */
    final class RecordingRegisters implements Registers {
        private final Sim sim;
        private final String owner;

        RecordingRegisters(Sim sim, String owner) {
            this.sim = sim;
            this.owner = owner;
        }

        @Override
        public List<String> names() {
            return List.of("CTLR", "ISPENDR1", "ISPENDR2", "ISPENDR3", "IAR_EL1");
        }

        @Override
        public long read(String register, int cpu) {
            log.add(sim.now() + " " + owner + " read " + register + " cpu " + cpu);
            return 0x40L + cpu;
        }

        @Override
        public void write(String register, int cpu, long value) {
            log.add(sim.now() + " " + owner + " write " + register + " 0x" + Long.toHexString(value) + " cpu " + cpu);
        }
    }

    private PhysicalInterruptController controller(Sim sim, String name) {
        PhysicalInterruptController ctl = mock(PhysicalInterruptController.class);
        Registers registers = new RecordingRegisters(sim, name);
        when(ctl.name()).thenReturn(name);
        when(ctl.hwirqForLine(anyInt())).thenAnswer(i -> i.getArgument(0));
        when(ctl.input(anyInt())).thenReturn(mock(LineSink.class));
        when(ctl.chip()).thenReturn(mock(IrqChip.class));
        when(ctl.state(anyInt())).thenReturn(mock(PinState.class));
        when(ctl.registers()).thenReturn(registers);
        return ctl;
    }

    private Hypervisor hypervisor(Sim sim) {
        VirtualInterruptController vic = mock(VirtualInterruptController.class);
        Registers registers = new RecordingRegisters(sim, "vm0.fake-vic");
        when(vic.name()).thenReturn("vm0.fake-vic");
        when(vic.pins()).thenReturn(64);
        when(vic.hwirqForPin(anyInt())).thenAnswer(i -> i.getArgument(0));
        when(vic.registers()).thenReturn(registers);
        Vm vm = mock(Vm.class);
        HostCpus vcpus = new HostCpus(sim.scheduler(), 2);
        when(vm.irqchip()).thenReturn(vic);
        when(vm.executor()).thenReturn(vcpus);
        when(vm.irqfd(any(), anyInt(), any())).thenReturn(0);
        when(vm.irqfd(any(), anyInt(), isNull())).thenReturn(0);
        Hypervisor hv = mock(Hypervisor.class);
        when(hv.createVm(any())).thenReturn(vm);
        return hv;
    }

    private static Forwarder forwarder() {
        Forwarder fwd = mock(Forwarder.class);
        when(fwd.irqInfo(0)).thenReturn(new IrqInfo(0, Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE
                | Vfio.IRQ_INFO_AUTOMASKED, 1));
        return fwd;
    }

    /** A VMM that creates the VM and starts it at its time; it logs each device it is given. */
    final class RecordingVmm implements Vmm {
        private final VmmContext context;
        private Vm vm;

        RecordingVmm(VmmContext context) {
            this.context = context;
        }

        @Override
        public String name() {
            return context.name();
        }

        @Override
        public Vm createVm(Machine machine) {
            vm = context.hypervisor().createVm(new VmSpec("vm0", machine.vcpus(), machine.irqchipName(),
                    machine.irqchip(), machine.irqchipConfig()));
            return vm;
        }

        @Override
        public Device assign(AssignedDevice device) {
            assigned.add(context.sim().now() + " " + name() + " assign " + device.name() + " (" + device.vfioName()
                    + ", " + device.forwarding().label() + ", hwirq " + device.irqs().get(0).hostHwirq() + " -> pin "
                    + device.irqs().get(0).guestPin() + ")");
            return device.device();
        }

        @Override
        public void start(Runnable guestBoot) {
            context.sim().scheduler().scheduleAt(context.vmStartNs(), "vm start", () -> {
                assigned.add(context.sim().now() + " " + name() + " start");
                vm.start();
                guestBoot.run();
            });
        }
    }

    /** The one plugin providing every role under a "fake-" name. */
    final class Plugin extends AbstractModule implements IrqlabPlugin {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int spiVersion() {
            return Spi.VERSION;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Map.of(Role.PHYSICAL_CONTROLLER, Set.of("fake-pic"),
                    Role.VIRTUAL_CONTROLLER, Set.of("fake-vic"), Role.KERNEL, Set.of("fake-linux"),
                    Role.HYPERVISOR, Set.of("fake-hv"), Role.VMM, Set.of("fake-vmm"), Role.FORWARDER, Set.of("fake-vfio"),
                    Role.DEVICE, Set.of("fake-dev"), Role.GUEST_DRIVER, Set.of("fake-drv"),
                    Role.SYSTEM_SLEEP, Set.of("fake-sleep")),
                    Set.of("arm64"), Set.of(), Set.of());
        }

        @Override
        protected void configure() {
            PhysicalControllerFactory controllers = c -> controller(c.sim(), c.name());
            KernelFactory kernels = c -> new RecordingKernel(c.sim(), c.name(), c.name().equals("host") ? 100 : 200);
            HypervisorFactory hypervisors = new HypervisorFactory() {
                @Override
                public Hypervisor create(dev.irqlab.api.hypervisor.HypervisorContext c) {
                    return hypervisor(c.sim());
                }

                @Override
                public java.util.Optional<String> irqchipFor(String hostController) {
                    return java.util.Optional.of("fake-vic").filter(v -> hostController.equals("fake-pic"));
                }
            };
            VmmFactory vmms = c -> new RecordingVmm(c);
            VirtualControllerFactory vics = c -> {
                throw new UnsupportedOperationException("the fake hypervisor builds its own");
            };
            ForwarderFactory forwarders = c -> forwarder();
            DeviceFactory devices = c -> {
                Device d = mock(Device.class);
                when(d.name()).thenReturn(c.name());
                return d;
            };
            GuestDriverFactory drivers = c -> mock(GuestDriver.class);
            bind(FactoryBindings.key(PhysicalControllerFactory.class, "fake-pic")).toInstance(controllers);
            bind(FactoryBindings.key(VirtualControllerFactory.class, "fake-vic")).toInstance(vics);
            bind(FactoryBindings.key(KernelFactory.class, "fake-linux")).toInstance(kernels);
            bind(FactoryBindings.key(HypervisorFactory.class, "fake-hv")).toInstance(hypervisors);
            bind(FactoryBindings.key(VmmFactory.class, "fake-vmm")).toInstance(vmms);
            bind(FactoryBindings.key(ForwarderFactory.class, "fake-vfio")).toInstance(forwarders);
            bind(FactoryBindings.key(DeviceFactory.class, "fake-dev")).toInstance(devices);
            bind(FactoryBindings.key(GuestDriverFactory.class, "fake-drv")).toInstance(drivers);
            bind(FactoryBindings.key(SystemSleepFactory.class, "fake-sleep")).toInstance(
                    (sim, kernelName, kernel, guestDrivers, config) -> {
                        throw new UnsupportedOperationException("no suspend in these scenarios");
                    });
        }
    }

    PluginRegistry registry() {
        return PluginRegistry.of(List.of(new Plugin()));
    }
}
