package dev.irqlab.vfio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import dev.irqlab.api.Errno;
import dev.irqlab.api.forwarder.ForwarderContext;
import dev.irqlab.api.forwarder.HostIrq;
import dev.irqlab.api.forwarder.IrqInfo;
import dev.irqlab.api.forwarder.IrqSetData;
import dev.irqlab.api.forwarder.Vfio;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.ForwarderFactory;
import dev.irqlab.api.sim.EventFd;
import dev.irqlab.tck.PluginBindings;
import dev.irqlab.tck.SimHarness;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** vfio-platform against a Mockito host kernel: which genirq calls happen, in which order. */
class VfioPlatformDeviceTest {

    private static final int LEVEL_IRQ = 7;
    private static final int EDGE_IRQ = 9;
    private static final int TRIGGER = Vfio.IRQ_SET_ACTION_TRIGGER;
    private static final int MASK = Vfio.IRQ_SET_ACTION_MASK;
    private static final int UNMASK = Vfio.IRQ_SET_ACTION_UNMASK;
    private static final int NONE = Vfio.IRQ_SET_DATA_NONE;
    private static final int BOOL = Vfio.IRQ_SET_DATA_BOOL;
    private static final int EVENTFD = Vfio.IRQ_SET_DATA_EVENTFD;

    private SimHarness harness;
    private IrqCore host;
    private VfioPlatformDevice dev;
    private IrqHandler levelHandler;
    private IrqHandler edgeHandler;

    @BeforeEach
    void setUp() {
        harness = new SimHarness();
        host = mock(IrqCore.class);
        when(host.requestIrq(anyInt(), any(), any(), anyString(), any())).thenReturn(0);
        dev = device(new ForwarderContext(harness.sim(), "vfio.dev0", host,
                List.of(new HostIrq(LEVEL_IRQ, Trigger.LEVEL_HIGH), new HostIrq(EDGE_IRQ, Trigger.EDGE_RISING)),
                Config.of(Map.of())));
        ArgumentCaptor<IrqHandler> handlers = ArgumentCaptor.forClass(IrqHandler.class);
        verify(host).requestIrq(eq(LEVEL_IRQ), handlers.capture(), eq(EnumSet.of(IrqFlag.NO_AUTOEN)),
                eq("vfio-irq[7](dev0)"), any());
        verify(host).requestIrq(eq(EDGE_IRQ), handlers.capture(), eq(EnumSet.of(IrqFlag.NO_AUTOEN)),
                eq("vfio-irq[9](dev0)"), any());
        levelHandler = handlers.getAllValues().get(0);
        edgeHandler = handlers.getAllValues().get(1);
        clearInvocations(host);
    }

    private EventFd fd(String name) {
        return harness.sim().eventFd(name);
    }

    private static IrqSetData fds(EventFd... fds) {
        return new IrqSetData.EventFds(Arrays.asList(fds));
    }

    private static IrqSetData bools(Boolean... values) {
        return new IrqSetData.Bools(List.of(values));
    }

    @Test
    @DisplayName("GET_IRQ_INFO: level ⇒ EVENTFD|MASKABLE|AUTOMASKED, edge ⇒ EVENTFD, count 1 (vfio_platform_irq_init)")
    void irqInfoFlagsFollowTheTrigger() {
        assertEquals(2, dev.irqCount());
        assertEquals(new IrqInfo(0, Vfio.IRQ_INFO_EVENTFD | Vfio.IRQ_INFO_MASKABLE | Vfio.IRQ_INFO_AUTOMASKED, 1),
                dev.irqInfo(0));
        assertEquals(new IrqInfo(1, Vfio.IRQ_INFO_EVENTFD, 1), dev.irqInfo(1));
        assertThrows(IndexOutOfBoundsException.class, () -> dev.irqInfo(2));
        assertEquals("vfio-irq[7](dev0)", dev.irqName(0));
    }

    @Nested
    @DisplayName("vfio_automasked_irq_handler and vfio_irq_handler")
    class Handlers {

        @Test
        @DisplayName("automasked: first interrupt disables nosync, masks, signals; a second one while masked is IRQ_NONE")
        void automaskedHandlerMasksOnceAndSignals() {
            EventFd trigger = fd("trigger");
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(trigger)));
            verify(host).enableIrq(LEVEL_IRQ);

            assertEquals(IrqReturn.HANDLED, levelHandler.handle(LEVEL_IRQ));
            verify(host).disableIrqNosync(LEVEL_IRQ);
            assertTrue(dev.masked(0));
            assertEquals(1, trigger.count());

            assertEquals(IrqReturn.NONE, levelHandler.handle(LEVEL_IRQ));
            assertEquals(1, trigger.count(), "no signal for the interrupt taken while masked");
            verify(host).disableIrqNosync(LEVEL_IRQ); // still only once
            assertEquals(List.of("1"), harness.trace().changes("vfio.dev0", "masked").stream()
                    .map(c -> c.to()).toList());
        }

        @Test
        @DisplayName("edge handler signals the trigger on every interrupt and never masks")
        void edgeHandlerSignalsEveryTime() {
            EventFd trigger = fd("trigger");
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 1, 0, 1, fds(trigger)));
            assertEquals(IrqReturn.HANDLED, edgeHandler.handle(EDGE_IRQ));
            assertEquals(IrqReturn.HANDLED, edgeHandler.handle(EDGE_IRQ));
            assertEquals(2, trigger.count());
            verify(host, never()).disableIrqNosync(anyInt());
        }

        @Test
        @DisplayName("without a trigger fd the automasked handler still masks (vfio_send_eventfd skips a NULL trigger)")
        void automaskedWithoutTriggerStillMasks() {
            assertEquals(IrqReturn.HANDLED, levelHandler.handle(LEVEL_IRQ));
            assertTrue(dev.masked(0));
        }
    }

    @Nested
    @DisplayName("vfio_set_trigger")
    class TriggerChanges {

        @Test
        @DisplayName("replacing a trigger does disable_irq then enable_irq; fd -1 only disables")
        void replaceAndTearDown() {
            EventFd a = fd("a");
            EventFd b = fd("b");
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(a)));
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(b)));
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds((EventFd) null)));
            InOrder order = inOrder(host);
            order.verify(host).enableIrq(LEVEL_IRQ);
            order.verify(host).disableIrq(LEVEL_IRQ);
            order.verify(host).enableIrq(LEVEL_IRQ);
            order.verify(host).disableIrq(LEVEL_IRQ);
            verifyNoMoreInteractions(host);
            levelHandler.handle(LEVEL_IRQ);
            assertEquals(0, a.count() + b.count(), "no trigger left to signal");
        }

        @Test
        @DisplayName("count 0 with DATA_NONE tears the trigger down; without a trigger it touches nothing")
        void countZeroDataNoneDisables() {
            assertEquals(0, dev.setIrqs(NONE | TRIGGER, 0, 0, 0, new IrqSetData.None()));
            verifyNoMoreInteractions(host);
            assertEquals(0, dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(fd("t"))));
            assertEquals(0, dev.setIrqs(NONE | TRIGGER, 0, 0, 0, new IrqSetData.None()));
            InOrder order = inOrder(host);
            order.verify(host).enableIrq(LEVEL_IRQ);
            order.verify(host).disableIrq(LEVEL_IRQ);
        }

        @Test
        @DisplayName("DATA_NONE / DATA_BOOL(true) trigger runs the handler (loopback); DATA_BOOL(false) does nothing")
        void loopbackTrigger() {
            EventFd t = fd("t");
            dev.setIrqs(EVENTFD | TRIGGER, 1, 0, 1, fds(t));
            assertEquals(0, dev.setIrqs(NONE | TRIGGER, 1, 0, 1, new IrqSetData.None()));
            assertEquals(0, dev.setIrqs(BOOL | TRIGGER, 1, 0, 1, bools(true)));
            assertEquals(0, dev.setIrqs(BOOL | TRIGGER, 1, 0, 1, bools(false)));
            assertEquals(2, t.count());

            EventFd lt = fd("lt");
            dev.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(lt));
            assertEquals(0, dev.setIrqs(NONE | TRIGGER, 0, 0, 1, new IrqSetData.None()));
            assertTrue(dev.masked(0), "loopback on an automasked irq masks it");
            assertEquals(1, lt.count());
        }
    }

    @Nested
    @DisplayName("ACTION_MASK / ACTION_UNMASK with DATA_NONE, DATA_BOOL and DATA_EVENTFD")
    class MaskUnmask {

        @Test
        @DisplayName("DATA_NONE mask/unmask are idempotent: one disable_irq_nosync, one enable_irq")
        void dataNoneIsIdempotent() {
            assertEquals(0, dev.setIrqs(NONE | MASK, 0, 0, 1, null));
            assertEquals(0, dev.setIrqs(NONE | MASK, 0, 0, 1, null));
            assertEquals(0, dev.setIrqs(NONE | UNMASK, 0, 0, 1, null));
            assertEquals(0, dev.setIrqs(NONE | UNMASK, 0, 0, 1, null));
            InOrder order = inOrder(host);
            order.verify(host).disableIrqNosync(LEVEL_IRQ);
            order.verify(host).enableIrq(LEVEL_IRQ);
            verifyNoMoreInteractions(host);
        }

        @Test
        @DisplayName("DATA_BOOL acts only on true")
        void dataBoolActsOnTrue() {
            assertEquals(0, dev.setIrqs(BOOL | MASK, 0, 0, 1, bools(false)));
            assertFalse(dev.masked(0));
            assertEquals(0, dev.setIrqs(BOOL | MASK, 0, 0, 1, bools(true)));
            assertTrue(dev.masked(0));
            assertEquals(0, dev.setIrqs(BOOL | UNMASK, 0, 0, 1, bools(false)));
            assertTrue(dev.masked(0));
            assertEquals(0, dev.setIrqs(BOOL | UNMASK, 0, 0, 1, bools(true)));
            assertFalse(dev.masked(0));
        }

        @Test
        @DisplayName("unmask eventfd: the virqfd reads the counter and runs vfio_platform_unmask inside the signal")
        void unmaskEventfdRunsInsideSignal() {
            EventFd unmask = fd("unmask");
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(unmask)));
            levelHandler.handle(LEVEL_IRQ);
            assertTrue(dev.masked(0));
            clearInvocations(host);

            unmask.signal();
            verify(host).enableIrq(LEVEL_IRQ);
            assertFalse(dev.masked(0));
            assertEquals(0, unmask.count(), "virqfd_wakeup consumed the counter");

            unmask.signal();
            verifyNoMoreInteractions(host); // not masked: nothing to do
        }

        @Test
        @DisplayName("mask eventfd: signalling it masks (vfio_platform_mask_handler)")
        void maskEventfd() {
            EventFd mask = fd("mask");
            assertEquals(0, dev.setIrqs(EVENTFD | MASK, 0, 0, 1, fds(mask)));
            mask.signal();
            verify(host).disableIrqNosync(LEVEL_IRQ);
            assertTrue(dev.masked(0));
        }

        @Test
        @DisplayName("fs/eventfd.c eventfd_signal: two virqfds on one eventfd both act, though the first reads the "
                + "counter (virqfd_wakeup, non-exclusive waiters)")
        void twoVirqfdsOnOneEventfdBothAct() {
            EventFd both = fd("mask+unmask");
            assertEquals(0, dev.setIrqs(EVENTFD | MASK, 0, 0, 1, fds(both)));
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(both)));
            both.signal();
            var order = inOrder(host);
            order.verify(host).disableIrqNosync(LEVEL_IRQ);
            order.verify(host).enableIrq(LEVEL_IRQ);
            assertFalse(dev.masked(0));
        }

        @Test
        @DisplayName("an unmask fd already signalled at registration runs the handler at once but keeps its count (vfs_poll EPOLLIN)")
        void alreadySignalledFdAtRegistration() {
            dev.setIrqs(NONE | MASK, 0, 0, 1, null);
            EventFd unmask = fd("unmask");
            unmask.signal();
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(unmask)));
            verify(host).enableIrq(LEVEL_IRQ);
            assertFalse(dev.masked(0));
            assertEquals(1, unmask.count(), "vfio_virqfd_enable does not read the eventfd");
        }

        @Test
        @DisplayName("a second unmask fd without tearing down the first is -EBUSY; fd -1 tears down, then it succeeds")
        void secondVirqfdIsBusy() {
            EventFd first = fd("first");
            EventFd second = fd("second");
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(first)));
            assertEquals(-Errno.EBUSY, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(second)));
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds((EventFd) null)));
            dev.setIrqs(NONE | MASK, 0, 0, 1, null);
            first.signal();
            assertTrue(dev.masked(0), "the torn-down virqfd no longer unmasks");
            assertEquals(0, dev.setIrqs(EVENTFD | UNMASK, 0, 0, 1, fds(second)));
            second.signal();
            assertFalse(dev.masked(0));
        }

        @Test
        @DisplayName("mask and unmask of an edge irq (not MASKABLE) are -EINVAL")
        void edgeIsNotMaskable() {
            assertEquals(-Errno.EINVAL, dev.setIrqs(NONE | MASK, 1, 0, 1, null));
            assertEquals(-Errno.EINVAL, dev.setIrqs(NONE | UNMASK, 1, 0, 1, null));
            assertEquals(-Errno.EINVAL, dev.setIrqs(EVENTFD | UNMASK, 1, 0, 1, fds(fd("u"))));
            verifyNoMoreInteractions(host);
        }
    }

    @Nested
    @DisplayName("argument checks (vfio_set_irqs_validate_and_prepare, vfio_platform_set_irqs_ioctl): errno and no change")
    class Errors {

        private void assertRefused(int errno, int flags, int index, int start, int count, IrqSetData data) {
            assertEquals(errno, dev.setIrqs(flags, index, start, count, data),
                    () -> "flags 0x" + Integer.toHexString(flags) + " index " + index + " start " + start
                            + " count " + count);
        }

        @Test
        @DisplayName("bad index, start/count out of range, unknown flag bits ⇒ -EINVAL")
        void rangeAndFlagChecks() {
            assertRefused(-Errno.EINVAL, NONE | MASK, 2, 0, 1, null);
            assertRefused(-Errno.EINVAL, NONE | MASK, -1, 0, 1, null);
            assertRefused(-Errno.EINVAL, NONE | MASK, 0, 2, 1, null);
            assertRefused(-Errno.EINVAL, NONE | MASK, 0, 0, 3, null);
            assertRefused(-Errno.EINVAL, NONE | MASK, 0, 1, -1, null); // count >= U32_MAX - start
            assertRefused(-Errno.EINVAL, NONE | MASK | (1 << 6), 0, 0, 1, null);
            assertRefused(-Errno.EINVAL, NONE | TRIGGER, 0, 1, 1, null); // passes validation (2 indexes), refused by the action
            assertRefused(-Errno.EINVAL, NONE | TRIGGER, 0, 0, 2, null); // likewise
            verifyNoMoreInteractions(host);
        }

        @Test
        @DisplayName("zero or several DATA_* bits ⇒ -EINVAL; zero or several ACTION_* bits ⇒ -ENOTTY")
        void typeFieldChecks() {
            assertRefused(-Errno.EINVAL, MASK, 0, 0, 1, null);
            assertRefused(-Errno.EINVAL, NONE | BOOL | MASK, 0, 0, 1, bools(true));
            assertRefused(-Errno.ENOTTY, NONE, 0, 0, 1, null);
            assertRefused(-Errno.ENOTTY, NONE | MASK | UNMASK, 0, 0, 1, null);
            assertRefused(-Errno.ENOTTY, NONE | MASK | TRIGGER, 0, 0, 1, null);
            verifyNoMoreInteractions(host);
            assertFalse(dev.masked(0));
        }

        @Test
        @DisplayName("a payload shorter than count (argsz too small) ⇒ -EINVAL")
        void shortPayload() {
            assertRefused(-Errno.EINVAL, BOOL | MASK, 0, 0, 1, bools());
            assertRefused(-Errno.EINVAL, EVENTFD | TRIGGER, 0, 0, 1, fds());
            verifyNoMoreInteractions(host);
        }

        @Test
        @DisplayName("a failed request_irq at init is returned by every SET_IRQS on that index")
        void requestIrqFailureIsSticky() {
            IrqCore failing = mock(IrqCore.class);
            when(failing.requestIrq(anyInt(), any(), any(), anyString(), any())).thenReturn(-Errno.EBUSY);
            VfioPlatformDevice d = device(new ForwarderContext(harness.sim(), "vfio.dev1", failing,
                    List.of(new HostIrq(3, Trigger.LEVEL_HIGH)), Config.of(Map.of())));
            assertEquals(-Errno.EBUSY, d.setIrqs(EVENTFD | TRIGGER, 0, 0, 1, fds(fd("t"))));
            assertEquals(-Errno.EINVAL, d.setIrqs(NONE | MASK, 1, 0, 1, null), "validation comes first");
            assertEquals(1, harness.trace().messages("vfio.request_irq_failed").size());
        }
    }

    /** The plugin's device as its Guice module wires it (as the runtime gets it). */
    private static VfioPlatformDevice device(ForwarderContext context) {
        return (VfioPlatformDevice) PluginBindings.factory(new VfioPlatformPlugin(), ForwarderFactory.class,
                VfioPlatformPlugin.NAME).create(context);
    }
}
