package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.Forwarder;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.doubles.ToyKernelFactory;
import dev.irqlab.tck.doubles.ToyPciFunction;
import dev.irqlab.tck.doubles.ToyPic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every forwarder plugin passes: the VFIO interrupt uAPI of one assigned device
 * (include/uapi/linux/vfio.h {@code VFIO_DEVICE_GET_IRQ_INFO}, {@code VFIO_DEVICE_SET_IRQS}), driven as
 * a VMM drives it, over a host kernel on the kit's {@link ToyPic}.
 *
 * <p>The device is what the factory binds ({@link ForwarderFactory#deviceFlags()}): a platform device
 * with two interrupts, index 0 level-high on line 5 and index 1 edge-rising on line 6; or a PCI 2.3
 * function ({@link ToyPciFunction}) whose INTx (VFIO index 0) is on line 5. The tests raise the
 * device's interrupt and watch the event fds; nothing looks inside the forwarder. The tests of the
 * platform device's edge irq and of the PCI function's DisINTx run only for the matching bus.
 * The host kernel is the kit's {@link dev.irqlab.tck.doubles.ToyKernel} unless a subclass names the
 * real one ({@link #hostKernelFactory()}).
 */
public abstract class ForwarderContract {

    protected static final int LEVEL_LINE = 5;
    protected static final int EDGE_LINE = 6;
    protected static final int LEVEL = 0;
    protected static final int EDGE = 1;

    protected SimHarness harness;
    protected ToyPic pic;
    protected IrqCore host;
    protected Forwarder fwd;
    protected EventFd trigger;
    protected EventFd unmask;
    /** The host irq of the level interrupt. */
    protected int levelIrq;
    /** The factory binds PCI functions. */
    protected boolean pci;
    /** The PCI function under the forwarder (PCI forwarders only). */
    protected ToyPciFunction function;

    /** The factory under test. */
    protected abstract ForwarderFactory forwarderFactory();

    /** The forwarder's configuration: its schema's defaults unless overridden. */
    protected Config forwarderConfig() {
        return Config.defaults(forwarderFactory().schema());
    }

    /** The host kernel the forwarder requests its irqs from. */
    protected KernelFactory hostKernelFactory() {
        return new ToyKernelFactory();
    }

    @BeforeEach
    void setUpForwarder() {
        harness = new SimHarness();
        pic = new ToyPic();
        KernelFactory kf = hostKernelFactory();
        host = kf.create(new KernelContext(harness.sim(), "host", pic, harness.hostCpus(1), 1,
                Config.defaults(kf.schema())));
        pic.connectCpu(0, host.cpuLine(0));
        int level = host.createMapping(pic.hwirqForLine(LEVEL_LINE), Trigger.LEVEL_HIGH);
        levelIrq = level;
        pci = (forwarderFactory().deviceFlags() & Vfio.DEVICE_FLAGS_PCI) != 0;
        if (pci) {
            function = new ToyPciFunction("dev0");
            function.connect(line(LEVEL));
            fwd = newForwarder(new HostIrq(level, Trigger.LEVEL_HIGH));
        } else {
            int edge = host.createMapping(pic.hwirqForLine(EDGE_LINE), Trigger.EDGE_RISING);
            fwd = newForwarder(new HostIrq(level, Trigger.LEVEL_HIGH), new HostIrq(edge, Trigger.EDGE_RISING));
        }
        trigger = harness.sim().eventFd("trigger");
        unmask = harness.sim().eventFd("unmask");
    }

    protected Forwarder newForwarder(HostIrq... irqs) {
        return forwarderFactory().create(new ForwarderContext(harness.sim(), "vfio.dev0", host, List.of(irqs),
                forwarderConfig(), function));
    }

    /** The level interrupt raised or serviced: the platform device's line, or the PCI function's interrupt. */
    protected void level(boolean asserted) {
        if (pci) {
            function.setInterrupt(asserted);
        } else {
            line(LEVEL).set(asserted);
        }
    }

    protected LineSink line(int index) {
        return pic.input(pic.hwirqForLine(index == LEVEL ? LEVEL_LINE : EDGE_LINE));
    }

    protected static IrqSetData fds(EventFd... fds) {
        return new IrqSetData.EventFds(Arrays.asList(fds));
    }

    protected int wire(int index, int action, EventFd fd) {
        return fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | action, index, 0, 1, fds(fd));
    }

    /** What QEMU's {@code vfio_start_irqfd_injection} does for an automasked irq: trigger and unmask fds. */
    protected void wireLevel() {
        assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
        assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_UNMASK, unmask));
    }

    protected void pulse(int index) {
        line(index).set(true);
        line(index).set(false);
        settle();
    }

    protected void settle() {
        harness.runFor(SimHarness.ms(1));
    }

    @Nested
    @DisplayName("VFIO_DEVICE_GET_IRQ_INFO")
    class Info {
        @Test
        @DisplayName("every index answers with its own number; the level irq (index 0) has count 1")
        void indexes() {
            for (int i = 0; i < fwd.irqCount(); i++) {
                assertEquals(i, fwd.irqInfo(i).index());
            }
            assertEquals(1, fwd.irqInfo(LEVEL).count());
        }

        @Test
        @DisplayName("a level irq is EVENTFD | MASKABLE | AUTOMASKED")
        void level() {
            IrqInfo info = fwd.irqInfo(LEVEL);
            assertTrue(info.has(Vfio.IRQ_INFO_EVENTFD));
            assertTrue(info.has(Vfio.IRQ_INFO_MASKABLE));
            assertTrue(info.has(Vfio.IRQ_INFO_AUTOMASKED));
        }

        @Test
        @DisplayName("an index out of range throws IndexOutOfBoundsException")
        void badIndex() {
            assertThrows(IndexOutOfBoundsException.class, () -> fwd.irqInfo(fwd.irqCount()));
            assertThrows(IndexOutOfBoundsException.class, () -> fwd.irqInfo(-1));
        }
    }

    @Nested
    @DisplayName("ACTION_TRIGGER with an event fd")
    class TriggerWiring {
        @Test
        @DisplayName("a host interrupt on a level irq signals the trigger once: automasked while the line stays high")
        void levelSignalsOnce() {
            wireLevel();
            level(true);
            settle();
            settle();
            assertEquals(1, trigger.count());
        }

        @Test
        @DisplayName("signalling the unmask fd unmasks: the still-high line signals again, a low one does not")
        void unmaskViaEventFd() {
            wireLevel();
            level(true);
            settle();
            unmask.signal();
            settle();
            assertEquals(2, trigger.count(), "line still high after the unmask");
            level(false);
            unmask.signal();
            settle();
            assertEquals(2, trigger.count(), "line low: nothing more");
        }

        @Test
        @DisplayName("ACTION_UNMASK with DATA_NONE unmasks too")
        void unmaskViaDataNone() {
            assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            level(true);
            settle();
            assertEquals(1, trigger.count());
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_UNMASK, LEVEL, 0, 1,
                    new IrqSetData.None()));
            settle();
            assertEquals(2, trigger.count());
        }

        @Test
        @DisplayName("ACTION_MASK holds back the interrupt until ACTION_UNMASK")
        void maskThenUnmask() {
            wireLevel();
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_MASK, LEVEL, 0, 1,
                    new IrqSetData.None()));
            level(true);
            settle();
            assertEquals(0, trigger.count());
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_BOOL | Vfio.IRQ_SET_ACTION_UNMASK, LEVEL, 0, 1,
                    new IrqSetData.Bools(List.of(true))));
            settle();
            assertEquals(1, trigger.count());
        }

        @Test
        @DisplayName("the fd -1 tears the trigger down: later interrupts signal nothing")
        void teardown() {
            assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, LEVEL, 0, 1,
                    fds((EventFd) null)));
            level(true);
            settle();
            assertEquals(0, trigger.count());
        }

        @Test
        @DisplayName("ACTION_TRIGGER with DATA_NONE signals the trigger as if the device had interrupted (loopback)")
        void loopback() {
            assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_TRIGGER, LEVEL, 0, 1,
                    new IrqSetData.None()));
            assertEquals(1, trigger.count());
        }
    }

    @Nested
    @DisplayName("SET_IRQS errors return a negative errno and change nothing")
    class Errors {
        private final EventFd other = new SimHarness().sim().eventFd("other");

        /** After the refused call the wiring is unchanged: one interrupt, one signal on the old fd, none on the new. */
        private void unchanged(int ret, int expected) {
            assertEquals(expected, ret, "answered " + Errno.name(ret) + ", the kernel answers " + Errno.name(expected));
            level(true);
            settle();
            assertEquals(1, trigger.count(), "the existing trigger still works");
            assertEquals(0, other.count(), "the fd of the refused call was not wired");
        }

        @BeforeEach
        void wireTrigger() {
            assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
        }

        @Test
        @DisplayName("an index out of range: -EINVAL (vfio_set_irqs_validate_and_prepare)")
        void badIndex() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, fwd.irqCount(), 0, 1,
                    fds(other)), -Errno.EINVAL);
        }

        @Test
        @DisplayName("two DATA_* types at once: -EINVAL")
        void twoDataTypes() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_DATA_BOOL | Vfio.IRQ_SET_ACTION_TRIGGER, LEVEL,
                    0, 1, new IrqSetData.Bools(List.of(true))), -Errno.EINVAL);
        }

        @Test
        @DisplayName("an unknown flag bit: -EINVAL")
        void unknownFlag() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER | (1 << 12), LEVEL, 0, 1,
                    fds(other)), -Errno.EINVAL);
        }

        @Test
        @DisplayName("fewer event fds than count: -EINVAL")
        void shortPayload() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, 0, 0, 2, fds(other)),
                    -Errno.EINVAL);
        }

        @Test
        @DisplayName("two ACTION_* bits at once: -ENOTTY (no handler for that action)")
        void twoActions() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_MASK | Vfio.IRQ_SET_ACTION_UNMASK, LEVEL,
                    0, 1, new IrqSetData.None()), -Errno.ENOTTY);
        }
    }

    @Nested
    @DisplayName("a platform device: one index per host irq, its edge irq")
    class PlatformDevice {
        @BeforeEach
        void platformOnly() {
            assumeFalse(pci, "the forwarder binds PCI functions, which have one INTx and no edge irq");
        }

        @Test
        @DisplayName("one index per host irq, each with count 1")
        void indexes() {
            assertEquals(2, fwd.irqCount());
            assertEquals(1, fwd.irqInfo(EDGE).count());
        }

        @Test
        @DisplayName("an edge irq is EVENTFD and not AUTOMASKED")
        void edge() {
            IrqInfo info = fwd.irqInfo(EDGE);
            assertTrue(info.has(Vfio.IRQ_INFO_EVENTFD));
            assertFalse(info.has(Vfio.IRQ_INFO_AUTOMASKED));
        }

        @Test
        @DisplayName("a level irq forwarded to a vCPU (HW-mapped) is not AUTOMASKED")
        void forwardedToVcpu() {
            int irq = host.createMapping(pic.hwirqForLine(7), Trigger.LEVEL_HIGH);
            Forwarder f = newForwarder(new HostIrq(irq, Trigger.LEVEL_HIGH, true));
            assertTrue(f.irqInfo(0).has(Vfio.IRQ_INFO_EVENTFD));
            assertFalse(f.irqInfo(0).has(Vfio.IRQ_INFO_AUTOMASKED));
        }

        @Test
        @DisplayName("each pulse of an edge irq signals the trigger")
        void edgePulses() {
            assertEquals(0, wire(EDGE, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            pulse(EDGE);
            pulse(EDGE);
            assertEquals(2, trigger.count());
        }

        @Test
        @DisplayName("ACTION_UNMASK on an irq that is not MASKABLE: -EINVAL")
        void unmaskNotMaskable() {
            assertEquals(0, wire(EDGE, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            EventFd other = harness.sim().eventFd("other");
            assertEquals(-Errno.EINVAL, wire(EDGE, Vfio.IRQ_SET_ACTION_UNMASK, other));
            pulse(EDGE);
            assertEquals(1, trigger.count());
            assertEquals(0, other.count());
        }
    }

    @Nested
    @DisplayName("a PCI 2.3 function: INTx masked at the function (DisINTx)")
    class PciFunctionDevice {
        private final List<Boolean> otherSharer = new ArrayList<>();

        /**
         * Only where the forwarder shares the line: a PCI 2.3 function masked with DisINTx. A
         * configuration that masks at the irq chip (vfio-pci's {@code nointxmask}) holds the line
         * exclusively, and another sharer's request is refused ({@code -EBUSY}).
         */
        @BeforeEach
        void pciOnly() {
            assumeTrue(pci, "the forwarder binds platform devices, which have no configuration space");
            wireLevel();
            LineSink wire = line(LEVEL);
            int r = host.requestIrq(levelIrq, n -> {
                otherSharer.add(true);
                wire.set(false);
                return IrqReturn.HANDLED;
            }, EnumSet.of(IrqFlag.SHARED), "other sharer", this);
            assumeTrue(r == 0, "this configuration holds the line exclusively (" + Errno.name(r)
                    + " for a shared request): the function is masked at the irq chip, not with DisINTx");
        }

        @Test
        @DisplayName("a host interrupt sets Interrupt Disable and drops INTx; the unmask with the interrupt serviced clears it")
        void disIntx() {
            level(true);
            settle();
            assertEquals(1, trigger.count());
            assertTrue(function.intxDisabled(), "masked at the function");
            assertFalse(function.lineLevel(), "INTx de-asserted by Interrupt Disable");
            level(false);
            unmask.signal();
            settle();
            assertFalse(function.intxDisabled());
            assertEquals(1, trigger.count());
        }

        @Test
        @DisplayName("a host interrupt its function did not raise (another sharer's) signals nothing")
        void notItsInterrupt() {
            line(LEVEL).set(true);
            settle();
            assertEquals(List.of(true), otherSharer, "the other sharer's handler ran");
            assertEquals(0, trigger.count());
            assertFalse(function.intxDisabled());
        }
    }
}
