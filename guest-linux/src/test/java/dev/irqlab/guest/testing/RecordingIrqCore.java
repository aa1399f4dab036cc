package dev.irqlab.guest.testing;

import dev.irqlab.api.controller.CpuIrqLine;
import dev.irqlab.api.irq.Trigger;
import dev.irqlab.api.kernel.IrqCore;
import dev.irqlab.api.kernel.IrqDescState;
import dev.irqlab.api.kernel.IrqFlag;
import dev.irqlab.api.kernel.IrqHandler;
import dev.irqlab.api.kernel.IrqPm;
import dev.irqlab.api.kernel.IrqThreadFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@link IrqCore} that only records what drivers call, so tests can check request arguments and
 * run the primary handler and thread function themselves.
 */
public final class RecordingIrqCore implements IrqCore {

    /** The arguments of one {@code request_threaded_irq}. */
    public record Request(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags, String name,
                          Object devId) {
    }

    private final String name;
    private final RecordingIrqPm pm = new RecordingIrqPm();
    private final List<Request> requests = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private int requestResult;

    public RecordingIrqCore(String name) {
        this.name = name;
    }

    /** Makes the next requests fail with {@code errno} (negative). */
    public void failRequestsWith(int errno) {
        this.requestResult = errno;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests);
        }
        return requests.get(0);
    }

    /** Calls in order, e.g. "disable_irq 5", "irq_set_irq_wake 5 on", "suspend_device_irqs". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public RecordingIrqPm recordingPm() {
        return pm;
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
        return hwirq;
    }

    @Override
    public int requestThreadedIrq(int irq, IrqHandler handler, IrqThreadFn threadFn, Set<IrqFlag> flags,
                                  String actionName, Object devId) {
        calls.add("request_threaded_irq " + irq);
        if (requestResult < 0) {
            return requestResult;
        }
        requests.add(new Request(irq, handler, threadFn, Set.copyOf(flags), actionName, devId));
        return 0;
    }

    @Override
    public void freeIrq(int irq, Object devId, Runnable then) {
        calls.add("free_irq " + irq);
        then.run();
    }

    @Override
    public void synchronizeIrq(int irq, Runnable then) {
        calls.add("synchronize_irq " + irq);
        then.run();
    }

    @Override
    public void disableIrq(int irq, Runnable then) {
        calls.add("disable_irq " + irq);
        then.run();
    }

    @Override
    public void disableIrqNosync(int irq) {
        calls.add("disable_irq_nosync " + irq);
    }

    @Override
    public void enableIrq(int irq) {
        calls.add("enable_irq " + irq);
    }

    @Override
    public int irqSetIrqWake(int irq, boolean on) {
        calls.add("irq_set_irq_wake " + irq + (on ? " on" : " off"));
        return 0;
    }

    @Override
    public void setDisableUnlazy(int irq, boolean unlazy) {
        calls.add("set_disable_unlazy " + irq + " " + unlazy);
    }

    @Override
    public int irqSetAffinity(int irq, dev.irqlab.api.controller.CpuMask mask) {
        calls.add("irq_set_affinity " + irq + " " + mask);
        return 0;
    }

    @Override
    public IrqDescState describe(int irq) {
        throw new UnsupportedOperationException("not needed by driver tests");
    }

    @Override
    public CpuIrqLine cpuLine(int cpu) {
        throw new UnsupportedOperationException("not needed by driver tests");
    }

    @Override
    public IrqPm pm() {
        return pm;
    }

    /** The interrupt core's PM side: the test decides when a wake irq "fired". */
    public final class RecordingIrqPm implements IrqPm {
        private boolean wakeupPending;
        private int wakeupIrq = -1;
        private Runnable onSuspendDeviceIrqs = () -> { };

        /** An armed wake irq fired ({@code pm_system_irq_wakeup}). */
        public void wakeIrqFired(int irq) {
            wakeupPending = true;
            wakeupIrq = irq;
        }

        /** Runs inside {@code suspend_device_irqs}, after it is recorded. */
        public void onSuspendDeviceIrqs(Runnable action) {
            onSuspendDeviceIrqs = action;
        }

        @Override
        public void suspendDeviceIrqs() {
            calls.add("suspend_device_irqs");
            onSuspendDeviceIrqs.run();
        }

        @Override
        public void resumeDeviceIrqs() {
            calls.add("resume_device_irqs");
        }

        @Override
        public boolean wakeupPending() {
            return wakeupPending;
        }

        @Override
        public int wakeupIrq() {
            return wakeupIrq;
        }
    }
}
