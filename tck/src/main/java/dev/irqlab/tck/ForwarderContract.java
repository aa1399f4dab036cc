package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.doubles.ToyKernelFactory;
import dev.irqlab.tck.doubles.ToyPic;
import java.util.Arrays;
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
 * <p>The device has two interrupts: index 0 level-high on line 5, index 1 edge-rising on line 6.
 * The tests raise the device lines and watch the event fds; nothing looks inside the forwarder.
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
        int edge = host.createMapping(pic.hwirqForLine(EDGE_LINE), Trigger.EDGE_RISING);
        fwd = newForwarder(new HostIrq(level, Trigger.LEVEL_HIGH), new HostIrq(edge, Trigger.EDGE_RISING));
        trigger = harness.sim().eventFd("trigger");
        unmask = harness.sim().eventFd("unmask");
    }

    protected Forwarder newForwarder(HostIrq... irqs) {
        return forwarderFactory().create(new ForwarderContext(harness.sim(), "vfio.dev0", host, List.of(irqs),
                forwarderConfig()));
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
        @DisplayName("one index per host irq, each with count 1")
        void indexes() {
            assertEquals(2, fwd.irqCount());
            for (int i = 0; i < 2; i++) {
                IrqInfo info = fwd.irqInfo(i);
                assertEquals(i, info.index());
                assertEquals(1, info.count());
            }
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
        @DisplayName("an index out of range throws IndexOutOfBoundsException")
        void badIndex() {
            assertThrows(IndexOutOfBoundsException.class, () -> fwd.irqInfo(2));
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
            line(LEVEL).set(true);
            settle();
            settle();
            assertEquals(1, trigger.count());
        }

        @Test
        @DisplayName("signalling the unmask fd unmasks: the still-high line signals again, a low one does not")
        void unmaskViaEventFd() {
            wireLevel();
            line(LEVEL).set(true);
            settle();
            unmask.signal();
            settle();
            assertEquals(2, trigger.count(), "line still high after the unmask");
            line(LEVEL).set(false);
            unmask.signal();
            settle();
            assertEquals(2, trigger.count(), "line low: nothing more");
        }

        @Test
        @DisplayName("ACTION_UNMASK with DATA_NONE unmasks too")
        void unmaskViaDataNone() {
            assertEquals(0, wire(LEVEL, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            line(LEVEL).set(true);
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
            line(LEVEL).set(true);
            settle();
            assertEquals(0, trigger.count());
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_BOOL | Vfio.IRQ_SET_ACTION_UNMASK, LEVEL, 0, 1,
                    new IrqSetData.Bools(List.of(true))));
            settle();
            assertEquals(1, trigger.count());
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
        @DisplayName("the fd -1 tears the trigger down: later interrupts signal nothing")
        void teardown() {
            assertEquals(0, wire(EDGE, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, EDGE, 0, 1,
                    fds((EventFd) null)));
            pulse(EDGE);
            assertEquals(0, trigger.count());
        }

        @Test
        @DisplayName("ACTION_TRIGGER with DATA_NONE signals the trigger as if the device had interrupted (loopback)")
        void loopback() {
            assertEquals(0, wire(EDGE, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
            assertEquals(0, fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_TRIGGER, EDGE, 0, 1,
                    new IrqSetData.None()));
            assertEquals(1, trigger.count());
        }
    }

    @Nested
    @DisplayName("SET_IRQS errors return a negative errno and change nothing")
    class Errors {
        private final EventFd other = new SimHarness().sim().eventFd("other");

        /** After the refused call the wiring is unchanged: one pulse, one signal on the old fd, none on the new. */
        private void unchanged(int ret, int expected) {
            assertEquals(expected, ret, "answered " + Errno.name(ret) + ", the kernel answers " + Errno.name(expected));
            pulse(EDGE);
            assertEquals(1, trigger.count(), "the existing trigger still works");
            assertEquals(0, other.count(), "the fd of the refused call was not wired");
        }

        @BeforeEach
        void wireEdge() {
            assertEquals(0, wire(EDGE, Vfio.IRQ_SET_ACTION_TRIGGER, trigger));
        }

        @Test
        @DisplayName("an index out of range: -EINVAL (vfio_set_irqs_validate_and_prepare)")
        void badIndex() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, 2, 0, 1, fds(other)),
                    -Errno.EINVAL);
        }

        @Test
        @DisplayName("two DATA_* types at once: -EINVAL")
        void twoDataTypes() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_DATA_BOOL | Vfio.IRQ_SET_ACTION_TRIGGER, EDGE,
                    0, 1, new IrqSetData.Bools(List.of(true))), -Errno.EINVAL);
        }

        @Test
        @DisplayName("an unknown flag bit: -EINVAL")
        void unknownFlag() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER | (1 << 12), EDGE, 0, 1,
                    fds(other)), -Errno.EINVAL);
        }

        @Test
        @DisplayName("fewer event fds than count: -EINVAL")
        void shortPayload() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_EVENTFD | Vfio.IRQ_SET_ACTION_TRIGGER, 0, 0, 2, fds(other)),
                    -Errno.EINVAL);
        }

        @Test
        @DisplayName("ACTION_UNMASK on an irq that is not MASKABLE: -EINVAL")
        void unmaskNotMaskable() {
            unchanged(wire(EDGE, Vfio.IRQ_SET_ACTION_UNMASK, other), -Errno.EINVAL);
        }

        @Test
        @DisplayName("two ACTION_* bits at once: -ENOTTY (no handler for that action)")
        void twoActions() {
            unchanged(fwd.setIrqs(Vfio.IRQ_SET_DATA_NONE | Vfio.IRQ_SET_ACTION_MASK | Vfio.IRQ_SET_ACTION_UNMASK, EDGE,
                    0, 1, new IrqSetData.None()), -Errno.ENOTTY);
        }
    }
}
