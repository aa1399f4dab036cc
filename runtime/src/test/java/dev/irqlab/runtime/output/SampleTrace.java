package dev.irqlab.runtime.output;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.kernel.IrqReturn;
import dev.irqlab.api.trace.FlowOutcome;
import dev.irqlab.api.trace.HandlerStage;
import dev.irqlab.api.trace.Trace;
import dev.irqlab.api.trace.TraceEvent;
import dev.irqlab.api.trace.TraceEvent.DeviceAsserted;
import dev.irqlab.api.trace.TraceEvent.DeviceServed;
import dev.irqlab.api.trace.TraceEvent.DriverOutcome;
import dev.irqlab.api.trace.TraceEvent.HandlerRan;
import dev.irqlab.api.trace.TraceEvent.IrqFlow;
import dev.irqlab.api.trace.TraceEvent.KernelMessage;
import dev.irqlab.api.trace.TraceEvent.SpanBegin;
import dev.irqlab.api.trace.TraceEvent.SpanEnd;
import dev.irqlab.api.trace.TraceEvent.StateChanged;
import dev.irqlab.api.trace.TraceEvent.VmExit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** A small hand-built trace with one event of every type, and a helper to run a writer over it. */
final class SampleTrace {

    /** Builds a writer on an output stream. */
    interface WriterFactory {
        TraceWriter open(OutputStream out) throws IOException;
    }

    private SampleTrace() {
    }

    /** One level interrupt forwarded into the guest, in time order, every TraceEvent type present. */
    static List<TraceEvent> events() {
        return List.of(
            new StateChanged(0, "touch", "irq", "line", "0", "1", "dataArrives"),
            new DeviceAsserted(0, "touch", 1),
            new StateChanged(0, "host.gicv3", "spi 40", "pending", "0", "1", "line high"),
            new SpanBegin(500, "host", "host cpu0", "irq 40"),
            new IrqFlow(500, "host", 40, "handle_fasteoi_irq", FlowOutcome.HANDLED),
            new HandlerRan(1_000, "host", 40, "vfio-irq", HandlerStage.HARD, IrqReturn.HANDLED),
            new StateChanged(1_000, "host", "irq 40", "depth", "0", "1", "disable_irq_nosync"),
            new SpanEnd(1_250, "host", "host cpu0", "irq 40"),
            new VmExit(2_000, "vm0.vcpu0", ExitCause.MMIO, "GICD_ISENABLER \"0\"", 1_500),
            new HandlerRan(3_000, "guest", 33, "touch\tdrv", HandlerStage.THREAD, IrqReturn.HANDLED),
            new DeviceServed(3_000, "touch", 1),
            new StateChanged(3_000, "touch", "irq", "line", "1", "0", "status read"),
            new DriverOutcome(3_100, "guest", "touchdrv", "touch", 33, 1),
            new StateChanged(3_100, "host", "irq 40", "depth", "1", "2", "nested"),
            new StateChanged(3_100, "host", "irq 40", "trigger", "level", "edge", "ignored"),
            new KernelMessage(4_000, "guest", "genirq.nobody_cared", "irq 33: nobody cared\n\u00e9 \u2028"));
    }

    /** Runs {@code writer} (built on a fresh buffer) over {@code events} and returns the bytes. */
    static byte[] write(WriterFactory writer, List<TraceEvent> events)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TraceWriter w = writer.open(bytes)) {
            Trace t = w;
            events.forEach(t::emit);
        }
        return bytes.toByteArray();
    }
}
