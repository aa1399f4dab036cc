package dev.irqlab.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Errno;
import dev.irqlab.api.irq.LineSink;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.kernel.IrqThreadFn;
import dev.irqlab.api.kernel.KernelContext;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.KernelFactory;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.tck.doubles.ToyPic;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every kernel plugin ({@link KernelFactory} / {@link IrqCore}) passes. The kernel runs
 * on one host CPU over the kit's {@link ToyPic} (a {@code handle_fasteoi_irq} controller); the tests
 * act as firmware ({@code createMapping}), as a driver (kernel/irq/manage.c {@code request_threaded_irq},
 * {@code disable_irq}, {@code enable_irq}, {@code free_irq}) and as the device driving the line.
 *
 * <p>Only what every Linux-like interrupt core does is asked for; whether {@code disable_irq} masks at
 * once or lazily (kernel/irq/chip.c {@code __irq_disable}) is left open: the tests look at what
 * reaches the handlers, at the descriptor ({@link IrqDescState}) and at the chip's mask only where the
 * kernel's behaviour is fixed (ONESHOT: masked until the thread finished, kernel/irq/chip.c
 * {@code cond_unmask_eoi_irq} and manage.c {@code irq_finalize_oneshot}; {@code free_irq}: shut down).
 */
public abstract class KernelContract {

    /** The interrupt-specifier line the tests' device is wired to. */
    protected static final int LINE = 5;

    protected SimHarness harness;
    protected ToyPic pic;
    protected IrqCore kernel;

    /** The factory under test. */
    protected abstract KernelFactory kernelFactory();

    /** The kernel's configuration: its schema's defaults unless overridden. */
    protected Config kernelConfig() {
        return Config.defaults(kernelFactory().schema());
    }

    @BeforeEach
    void setUpKernel() {
        harness = new SimHarness();
        pic = new ToyPic();
        kernel = kernelFactory().create(new KernelContext(harness.sim(), "host", pic, harness.hostCpus(1), 1,
                kernelConfig()));
        pic.connectCpu(0, kernel.cpuLine(0));
    }

    protected int hwirq() {
        return pic.hwirqForLine(LINE);
    }

    protected LineSink line() {
        return pic.input(hwirq());
    }

    protected int mapLevel() {
        int irq = kernel.createMapping(hwirq(), Trigger.LEVEL_HIGH);
        assertTrue(irq > 0, "createMapping answered " + irq);
        return irq;
    }

    protected void settle() {
        harness.runFor(SimHarness.ms(1));
    }

    /** A device whose hard handler records the irq and, if told to, acknowledges (lowers the line). */
    protected final class Device implements IrqHandler {
        final List<Integer> calls = new ArrayList<>();
        boolean acknowledges = true;

        @Override
        public IrqReturn handle(int irq) {
            calls.add(irq);
            if (acknowledges) {
                line().set(false);
            }
            return IrqReturn.HANDLED;
        }
    }

    protected List<TraceEvent.KernelMessage> messagesContaining(String text) {
        return harness.trace().of(TraceEvent.KernelMessage.class,
                m -> m.component().equals(kernel.name()) && m.text().contains(text));
    }

    @Nested
    @DisplayName("mapping interrupts")
    class Mapping {
        @Test
        @DisplayName("createMapping answers a Linux irq number > 0, a different one per hwirq")
        void numbers() {
            int a = mapLevel();
            int b = kernel.createMapping(pic.hwirqForLine(LINE + 1), Trigger.LEVEL_HIGH);
            assertTrue(b > 0);
            assertNotEquals(a, b);
        }

        @Test
        @DisplayName("a trigger the chip refuses is only stored at mapping; the first request fails with the "
                + "chip's errno (irqdomain.c irq_create_fwspec_mapping, manage.c __setup_irq/__irq_set_trigger)")
        void refusedTrigger() {
            int irq = kernel.createMapping(hwirq(), Trigger.LEVEL_LOW);
            assertTrue(irq > 0, "since Linux 4.11 mapping stores the type without calling irq_set_type: " + irq);
            assertEquals(-Errno.EINVAL, kernel.requestIrq(irq, new Device(), Set.of(), "dev", this),
                    "ToyPic's setType refuses level-low with -EINVAL");
        }

        @Test
        @DisplayName("IRQF_TRIGGER_* at request override the firmware's type (manage.c __setup_irq)")
        void requestTriggerOverrides() {
            int irq = mapLevel();
            assertEquals(-Errno.EINVAL, kernel.requestIrq(irq, new Device(), EnumSet.of(IrqFlag.TRIGGER_LOW),
                    "dev", this), "ToyPic refuses level-low, asked for by IRQF_TRIGGER_LOW");
            assertEquals(0, kernel.requestIrq(irq, new Device(), EnumSet.of(IrqFlag.TRIGGER_HIGH), "dev", this));
        }

        @Test
        @DisplayName("describe names the hwirq; a requested irq has depth 0, is enabled and counted no interrupt; "
                + "IRQS_ONESHOT only if the kernel force-threads (manage.c irq_setup_forced_threading)")
        void describeAfterRequest() {
            int irq = mapLevel();
            assertEquals(0, kernel.requestIrq(irq, new Device(), Set.of(), "dev", this));
            IrqDescState d = kernel.describe(irq);
            assertEquals(irq, d.irq());
            assertEquals(hwirq(), d.hwirq());
            assertEquals(0, d.depth());
            assertFalse(d.disabled());
            assertEquals(kernel.forcesIrqThreads(), d.oneshot(),
                    "a plain request_irq gets IRQF_ONESHOT exactly when force_irqthreads() (threadirqs, "
                            + "PREEMPT_RT): forcesIrqThreads " + kernel.forcesIrqThreads());
            assertEquals(0, d.totalCount());
            assertTrue(pic.isEnabled(hwirq()), "request_irq starts the irq: unmasked at the chip");
        }

        @Test
        @DisplayName("IRQF_NO_THREAD is never force-threaded: no IRQS_ONESHOT on any kernel "
                + "(manage.c irq_setup_forced_threading)")
        void noThreadIsNeverOneshot() {
            int irq = mapLevel();
            assertEquals(0, kernel.requestIrq(irq, new Device(), EnumSet.of(IrqFlag.NO_THREAD), "dev", this));
            assertFalse(kernel.describe(irq).oneshot());
        }

        @Test
        @DisplayName("a plain handler runs with the line masked exactly when the kernel force-threads it "
                + "(handle_fasteoi_irq masks an IRQS_ONESHOT line until irq_finalize_oneshot)")
        void forcedThreadingMasksWhileTheHandlerRuns() {
            int irq = mapLevel();
            List<Boolean> chipEnabledInHandler = new ArrayList<>();
            IrqHandler handler = i -> {
                chipEnabledInHandler.add(pic.isEnabled(hwirq()));
                line().set(false);
                return IrqReturn.HANDLED;
            };
            assertEquals(0, kernel.requestIrq(irq, handler, Set.of(), "dev", this));
            line().set(true);
            settle();
            assertEquals(List.of(!kernel.forcesIrqThreads()), chipEnabledInHandler,
                    "forcesIrqThreads " + kernel.forcesIrqThreads());
            assertTrue(pic.isEnabled(hwirq()), "unmasked again after the handler (or its forced thread) finished");
            assertEquals(1, kernel.describe(irq).totalCount());
        }
    }

    @Nested
    @DisplayName("request_irq and delivery")
    class Delivery {
        @Test
        @DisplayName("a level interrupt through the controller reaches the handler once, is EOIed and counted")
        void levelReachesHandler() {
            int irq = mapLevel();
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, Set.of(), "dev", dev));
            line().set(true);
            settle();
            assertEquals(List.of(irq), dev.calls);
            assertFalse(pic.isActive(hwirq()), "the flow handler EOIed the interrupt");
            assertEquals(1, kernel.describe(irq).totalCount());
        }

        @Test
        @DisplayName("each pulse of an edge interrupt reaches the handler")
        void edgePulses() {
            int irq = kernel.createMapping(hwirq(), Trigger.EDGE_RISING);
            assertTrue(irq > 0);
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, Set.of(), "dev", dev));
            for (int i = 0; i < 2; i++) {
                line().set(true);
                line().set(false);
                settle();
            }
            assertEquals(List.of(irq, irq), dev.calls);
        }

        @Test
        @DisplayName("two IRQF_SHARED actions both run; a non-shared request on a shared line is -EBUSY")
        void shared() {
            int irq = mapLevel();
            Device a = new Device();
            Device b = new Device();
            b.acknowledges = false;
            assertEquals(0, kernel.requestIrq(irq, b, EnumSet.of(IrqFlag.SHARED), "b", b));
            assertEquals(0, kernel.requestIrq(irq, a, EnumSet.of(IrqFlag.SHARED), "a", a));
            assertEquals(-Errno.EBUSY, kernel.requestIrq(irq, new Device(), Set.of(), "c", new Object()));
            line().set(true);
            settle();
            assertEquals(List.of(irq), a.calls);
            assertEquals(List.of(irq), b.calls);
        }

        @Test
        @DisplayName("request on an irq that was never mapped is -EINVAL")
        void unmapped() {
            assertEquals(-Errno.EINVAL, kernel.requestIrq(4242, new Device(), Set.of(), "dev", this));
        }

        @Test
        @DisplayName("a NULL primary handler with a NULL thread function is -EINVAL")
        void noHandlerAtAll() {
            int irq = mapLevel();
            assertEquals(-Errno.EINVAL, kernel.requestThreadedIrq(irq, null, null, Set.of(), "dev", this));
        }

        @Test
        @DisplayName("a NULL primary handler without IRQF_ONESHOT is -EINVAL and installs nothing")
        void nullPrimaryNeedsOneshot() {
            int irq = mapLevel();
            IrqThreadFn thread = (i, done) -> {
                line().set(false);
                done.complete(IrqReturn.HANDLED);
            };
            assertEquals(-Errno.EINVAL, kernel.requestThreadedIrq(irq, null, thread, Set.of(), "dev", this));
            assertEquals(0, kernel.requestThreadedIrq(irq, null, thread, EnumSet.of(IrqFlag.ONESHOT), "dev", this),
                    "the refused request left no action behind (a non-shared request would be -EBUSY)");
        }

        @Test
        @DisplayName("IRQF_NO_AUTOEN: depth 1 and no delivery until enable_irq, then the pending level interrupt runs")
        void noAutoen() {
            int irq = mapLevel();
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, EnumSet.of(IrqFlag.NO_AUTOEN), "dev", dev));
            IrqDescState d = kernel.describe(irq);
            assertEquals(1, d.depth());
            assertTrue(d.disabled());
            line().set(true);
            settle();
            assertTrue(dev.calls.isEmpty());
            kernel.enableIrq(irq);
            settle();
            assertEquals(List.of(irq), dev.calls);
            assertEquals(0, kernel.describe(irq).depth());
        }
    }

    @Nested
    @DisplayName("disable_irq and enable_irq")
    class DisableDepth {
        @Test
        @DisplayName("nest by depth: no handler runs while disabled; the still-high level interrupt runs after the last enable")
        void nests() {
            int irq = mapLevel();
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, Set.of(), "dev", dev));
            kernel.disableIrq(irq);
            kernel.disableIrq(irq);
            IrqDescState d = kernel.describe(irq);
            assertEquals(2, d.depth());
            assertTrue(d.disabled());
            line().set(true);
            settle();
            assertTrue(dev.calls.isEmpty(), "a handler ran while the irq was disabled");
            kernel.enableIrq(irq);
            settle();
            assertEquals(1, kernel.describe(irq).depth());
            assertTrue(kernel.describe(irq).disabled());
            assertTrue(dev.calls.isEmpty(), "a handler ran at depth 1");
            kernel.enableIrq(irq);
            settle();
            assertEquals(0, kernel.describe(irq).depth());
            assertFalse(kernel.describe(irq).disabled());
            assertEquals(List.of(irq), dev.calls);
        }

        @Test
        @DisplayName("an unbalanced enable_irq warns \"Unbalanced enable for IRQ n\" and leaves depth 0")
        void unbalanced() {
            int irq = mapLevel();
            assertEquals(0, kernel.requestIrq(irq, new Device(), Set.of(), "dev", this));
            kernel.enableIrq(irq);
            assertEquals(1, messagesContaining("Unbalanced enable for IRQ " + irq).size(),
                    "kernel/irq/manage.c __enable_irq: WARN(1, \"Unbalanced enable for IRQ %d\\n\")");
            assertEquals(0, kernel.describe(irq).depth());
            assertFalse(kernel.describe(irq).disabled());
        }
    }

    @Nested
    @DisplayName("a ONESHOT threaded interrupt")
    class Oneshot {
        @Test
        @DisplayName("the thread runs once, the line stays masked while it runs, and is unmasked after")
        void threadRunsMaskedThenUnmasked() {
            int irq = mapLevel();
            List<String> seen = new ArrayList<>();
            IrqThreadFn thread = (i, done) -> {
                seen.add("thread irq " + i + " chip-enabled " + pic.isEnabled(hwirq()) + " masked "
                        + kernel.describe(i).masked());
                // a slow bus: the device is acknowledged 200 µs later, then the thread ends
                harness.sim().scheduler().schedule(SimHarness.us(200), "device ack", () -> {
                    line().set(false);
                    done.complete(IrqReturn.HANDLED);
                });
            };
            assertEquals(0, kernel.requestThreadedIrq(irq, null, thread, EnumSet.of(IrqFlag.ONESHOT), "dev", this));
            assertTrue(kernel.describe(irq).oneshot(), "IRQS_ONESHOT");
            line().set(true);
            harness.runFor(SimHarness.ms(5));
            assertEquals(List.of("thread irq " + irq + " chip-enabled false masked true"), seen,
                    "exactly one thread run, with the line masked although it was still high");
            assertTrue(pic.isEnabled(hwirq()), "irq_finalize_oneshot unmasked the line");
            assertFalse(kernel.describe(irq).masked());
            assertEquals(1, kernel.describe(irq).totalCount());
        }
    }

    @Nested
    @DisplayName("free_irq")
    class Free {
        @Test
        @DisplayName("after free_irq the line is masked and no handler runs")
        void freed() {
            int irq = mapLevel();
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, Set.of(), "dev", dev));
            kernel.freeIrq(irq, dev);
            assertFalse(pic.isEnabled(hwirq()), "irq_shutdown masks the line");
            line().set(true);
            settle();
            assertTrue(dev.calls.isEmpty());
        }

        @Test
        @DisplayName("freeing a dev_id that has no action warns \"Trying to free already-free IRQ n\"")
        void alreadyFree() {
            int irq = mapLevel();
            Device dev = new Device();
            assertEquals(0, kernel.requestIrq(irq, dev, Set.of(), "dev", dev));
            kernel.freeIrq(irq, dev);
            kernel.freeIrq(irq, dev);
            assertEquals(1, messagesContaining("Trying to free already-free IRQ " + irq).size());
        }

        @Test
        @DisplayName("a freed irq can be requested again and delivers again")
        void requestAgain() {
            int irq = mapLevel();
            Device first = new Device();
            assertEquals(0, kernel.requestIrq(irq, first, Set.of(), "dev", first));
            kernel.freeIrq(irq, first);
            Device second = new Device();
            assertEquals(0, kernel.requestIrq(irq, second, Set.of(), "dev", second));
            line().set(true);
            settle();
            assertTrue(first.calls.isEmpty());
            assertEquals(List.of(irq), second.calls);
        }
    }
}
