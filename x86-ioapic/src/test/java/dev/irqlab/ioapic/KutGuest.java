package dev.irqlab.ioapic;

import dev.irqlab.api.controller.InterruptController;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A minimal kvm-unit-tests guest on vCPU 0 over {@link KvmIoApic}: its lib/x86 helpers
 * ({@code ioapic_write_reg}, {@code ioapic_read_reg}, {@code ioapic_set_redir}, {@code set_mask},
 * {@code eoi}, {@code set_irq_line} = pc-testdev → {@code KVM_IRQ_LINE} with the userspace irq source)
 * and the CPU's interrupt acceptance: whenever interrupts are enabled and the local APIC has a
 * deliverable vector, the vCPU takes it and runs the handler registered for the vector
 * ({@code handle_irq}); handlers run with interrupts disabled (interrupt gate) until IRET.
 */
final class KutGuest {

    /** {@code KVM_USERSPACE_IRQ_SOURCE_ID}. */
    static final int USERSPACE_SOURCE = 0;
    static final boolean TRIGGER_EDGE = false;
    static final boolean TRIGGER_LEVEL = true;

    final KvmIoApic ioapic;
    private final Map<Integer, IntConsumer> handlers = new HashMap<>();
    private final Map<Integer, Integer> counts = new HashMap<>();
    private boolean interruptsEnabled = true;
    private boolean inHandler;
    private final StringBuilder order = new StringBuilder();

    KutGuest(KvmIoApic ioapic) {
        this.ioapic = ioapic;
    }

    void handleIrq(int vector, IntConsumer handler) {
        handlers.put(vector, handler);
    }

    int count(int vector) {
        return counts.getOrDefault(vector, 0);
    }

    /** Vectors in the order they were taken, "78,66,". */
    String order() {
        return order.toString();
    }

    void ioapicWriteReg(int reg, int value) {
        ioapic.registers().write("IOREGSEL", 0, reg);
        ioapic.registers().write("IOWIN", 0, value & 0xffff_ffffL);
        takeInterrupts();
    }

    int ioapicReadReg(int reg) {
        ioapic.registers().write("IOREGSEL", 0, reg);
        return (int) ioapic.registers().read("IOWIN", 0);
    }

    /** lib/x86/ioapic.c {@code ioapic_write_redir}: low dword then high dword. */
    void writeRedir(int line, RedirectionEntry e) {
        ioapicWriteReg(0x10 + line * 2, e.low());
        ioapicWriteReg(0x10 + line * 2 + 1, e.high());
    }

    RedirectionEntry readRedir(int line) {
        int low = ioapicReadReg(0x10 + line * 2);
        int high = ioapicReadReg(0x10 + line * 2 + 1);
        return new RedirectionEntry(0).withLow(low).withHigh(high);
    }

    /** {@code ioapic_set_redir(line, vec, trig)}: fixed, physical, destination 0, unmasked. */
    void setRedir(int line, int vector, boolean level) {
        writeRedir(line, new RedirectionEntry(0).withVector(vector).withLevel(level));
    }

    void setMask(int line, boolean mask) {
        writeRedir(line, readRedir(line).withMask(mask));
    }

    void setIrqLine(int line, int value) {
        ioapic.setIrq(line, USERSPACE_SOURCE, value != 0);
        takeInterrupts();
    }

    void toggleIrqLine(int line) {
        setIrqLine(line, 1);
        setIrqLine(line, 0);
    }

    void eoi() {
        ioapic.registers().write("EOI", 0, 0);
    }

    boolean tmr(int vector) {
        return ioapic.localApic(0).tmr(vector);
    }

    void cli() {
        interruptsEnabled = false;
    }

    void sti() {
        interruptsEnabled = true;
        takeInterrupts();
    }

    /** The vCPU takes every deliverable interrupt (unless in a handler or IF=0). */
    void takeInterrupts() {
        if (inHandler || !interruptsEnabled) {
            return;
        }
        while (ioapic.localApic(0).deliverable() >= 0) {
            int vector = ioapic.localApic(0).deliverable();
            int pin = ioapic.acknowledge(0);
            if (pin == InterruptController.SPURIOUS) {
                continue;
            }
            counts.merge(vector, 1, Integer::sum);
            order.append(Integer.toHexString(vector)).append(',');
            IntConsumer h = handlers.get(vector);
            if (h == null) {
                throw new AssertionError("unexpected vector 0x" + Integer.toHexString(vector));
            }
            inHandler = true;
            try {
                h.accept(count(vector));
            } finally {
                inHandler = false;
            }
        }
    }
}
