package dev.irqlab.kvmlive.oracle;

/**
 * One step of an oracle sequence: something a VMM can do to KVM's irqchip with ioctls alone, and its
 * counterpart on the model ({@link IrqchipSubject}).
 */
public sealed interface Op permits Op.SetEntry, Op.Line, Op.Ack, Op.Eoi, Op.Spiv {

    /** Applies the step; returns the {@code kvm_set_irq} status for {@link Line}, else {@code null}. */
    Integer applyTo(IrqchipSubject s);

    /**
     * A redirection entry programmed with {@code KVM_SET_IRQCHIP} (read, change one entry, write back).
     * The oracle writes what a guest's {@code IOWIN} writes could leave: Remote IRR kept for a level
     * entry, cleared for an edge one (ioapic.c {@code ioapic_write_indirect}), delivery status kept.
     */
    record SetEntry(int pin, int vector, int deliveryMode, boolean logical, boolean activeLow, boolean level,
                    boolean masked, int destination) implements Op {

        static final long REMOTE_IRR = 1L << 14;
        static final long DELIVERY_STATUS = 1L << 12;

        /** The raw entry this step writes over {@code old}. */
        public long entryOver(long old) {
            long e = (vector & 0xffL) | ((long) (deliveryMode & 7) << 8) | (logical ? 1L << 11 : 0)
                    | (activeLow ? 1L << 13 : 0) | (level ? 1L << 15 : 0) | (masked ? 1L << 16 : 0)
                    | ((long) (destination & 0xff) << 56);
            e |= old & DELIVERY_STATUS;
            if (level) {
                e |= old & REMOTE_IRR;
            }
            return e;
        }

        @Override
        public Integer applyTo(IrqchipSubject s) {
            long[] t = s.entries();
            t[pin] = entryOver(t[pin]);
            s.setIoapic(t, s.irr());
            return null;
        }

        @Override
        public String toString() {
            return String.format("set-entry pin %d vector 0x%02x %s %s dest %s0x%02x%s%s", pin, vector,
                    level ? "level" : "edge", deliveryMode == 1 ? "lowest-prio" : "fixed", logical ? "logical " : "",
                    destination, activeLow ? " active-low" : "", masked ? " masked" : "");
        }
    }

    /** {@code KVM_IRQ_LINE_STATUS} on a pin (source {@code KVM_USERSPACE_IRQ_SOURCE_ID}). */
    record Line(int pin, boolean level) implements Op {
        @Override
        public Integer applyTo(IrqchipSubject s) {
            return s.line(pin, level);
        }

        @Override
        public String toString() {
            return "line pin " + pin + (level ? " high" : " low");
        }
    }

    /** The vCPU takes its highest deliverable interrupt (INTA: IRR to ISR), as a vCPU entry would. */
    record Ack(int vcpu) implements Op {
        @Override
        public Integer applyTo(IrqchipSubject s) {
            s.ack(vcpu);
            return null;
        }

        @Override
        public String toString() {
            return "ack vcpu " + vcpu;
        }
    }

    /** The vCPU's local APIC EOI write. */
    record Eoi(int vcpu) implements Op {
        @Override
        public Integer applyTo(IrqchipSubject s) {
            s.eoi(vcpu);
            return null;
        }

        @Override
        public String toString() {
            return "eoi vcpu " + vcpu;
        }
    }

    /** The spurious-interrupt vector register: APIC software enabled (0x1ff) or disabled (0x0ff). */
    record Spiv(int vcpu, boolean enabled) implements Op {
        @Override
        public Integer applyTo(IrqchipSubject s) {
            s.setSpiv(vcpu, enabled ? 0x1ff : 0x0ff);
            return null;
        }

        @Override
        public String toString() {
            return "spiv vcpu " + vcpu + (enabled ? " 0x1ff (enabled)" : " 0x0ff (disabled)");
        }
    }
}
