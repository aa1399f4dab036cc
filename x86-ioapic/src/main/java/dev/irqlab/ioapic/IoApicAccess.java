package dev.irqlab.ioapic;

/**
 * The hardware a Linux kernel's IO-APIC driver touches, one access per method, so that the same
 * driver model ({@link LinuxIoApicChip}) runs against the physical IO-APIC (host) and against KVM's
 * emulated one (guest), where each MMIO access is a VM exit.
 *
 * <p>Accesses are those of arch/x86/kernel/apic/io_apic.c: {@code io_apic_write} = IOREGSEL write
 * then IOWIN write; {@code io_apic_read} = IOREGSEL write then IOWIN read; {@code io_apic_eoi} = a
 * write to the EOI register at offset 0x40; {@code apic_eoi()} = the local APIC EOI write;
 * {@code apic_read(APIC_TMR + ...)} = a local APIC register read; {@code __apic_send_IPI} = an IPI.
 */
interface IoApicAccess {

    void writeIoregsel(int cpu, int index);

    int readIowin(int cpu);

    void writeIowin(int cpu, int value);

    /** The IO-APIC EOI register (offset 0x40, version 0x20 and later). */
    void writeIoeoi(int cpu, int vector);

    /** {@code mpc_ioapic_ver}: the version Linux read once at {@code mp_register_ioapic} (no access at use). */
    int version();

    /** {@code apic_eoi()} on {@code cpu}'s local APIC. */
    void lapicEoi(int cpu);

    /** {@code apic_read(APIC_TMR + ((vector & ~0x1f) >> 1))}: the TMR word holding the vector. */
    int readTmrWord(int cpu, int vector);

    /** {@code __apic_send_IPI(cpu, vector)}: a fixed, edge IPI to {@code cpu}. */
    void sendIpi(int cpu, int vector);

    /**
     * The CPU the irq callback runs on: the CPU that acknowledged the pin's vector last (the flow
     * handler runs there), or the entry's first destination.
     */
    int cpuFor(int pin);

    int pins();
}
