package dev.irqlab.ioapic;

import dev.irqlab.api.controller.Registers;
import java.util.ArrayList;
import java.util.List;

/**
 * Register-level access to an IO-APIC and its local APICs, with the datasheet's names:
 * {@code IOREGSEL} (offset 0x00), {@code IOWIN} (0x10), {@code IOEOI} (0x40, version 0x20), and the
 * local APIC's {@code EOI}, {@code SPIV}, {@code IRR0..7}, {@code ISR0..7}, {@code TMR0..7} of CPU
 * {@code cpu}. IRR/ISR/TMR are read-only; a write to them is ignored with a message, as the SDM
 * specifies for read-only APIC registers.
 */
final class IoApicRegisters implements Registers {

    /** The side effects behind the names. */
    interface Window {
        int readIoregsel(int cpu);

        void writeIoregsel(int cpu, int value);

        int readIowin(int cpu);

        void writeIowin(int cpu, int value);

        void writeIoeoi(int cpu, int value);

        void writeLapicEoi(int cpu);

        void writeSpiv(int cpu, int value);

        void guestError(String key, String text);
    }

    private final ApicBus apics;
    private final Window window;
    private final List<String> names;

    IoApicRegisters(ApicBus apics, boolean hasEoiRegister, Window window) {
        this.apics = apics;
        this.window = window;
        List<String> n = new ArrayList<>(List.of("IOREGSEL", "IOWIN"));
        if (hasEoiRegister) {
            n.add("IOEOI");
        }
        n.addAll(ApicBus.LAPIC_REGISTERS);
        this.names = List.copyOf(n);
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public long read(String register, int cpu) {
        check(register);
        switch (register) {
            case "IOREGSEL":
                return window.readIoregsel(cpu) & 0xffL;
            case "IOWIN":
                return window.readIowin(cpu) & 0xffff_ffffL;
            case "IOEOI":
                return 0;
            default:
                return apics.read(register, cpu);
        }
    }

    @Override
    public void write(String register, int cpu, long value) {
        check(register);
        switch (register) {
            case "IOREGSEL":
                window.writeIoregsel(cpu, (int) value);
                break;
            case "IOWIN":
                window.writeIowin(cpu, (int) value);
                break;
            case "IOEOI":
                window.writeIoeoi(cpu, (int) value);
                break;
            case "EOI":
                window.writeLapicEoi(cpu);
                break;
            case "SPIV":
                window.writeSpiv(cpu, (int) value);
                break;
            default:
                window.guestError("lapic.read_only_register", "write to read-only local APIC register " + register + " ignored");
        }
    }

    private void check(String register) {
        if (!names.contains(register)) {
            throw new IllegalArgumentException("no register '" + register + "'; known registers: " + names);
        }
    }
}
