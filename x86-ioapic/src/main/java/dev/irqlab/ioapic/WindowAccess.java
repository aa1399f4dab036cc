package dev.irqlab.ioapic;

/**
 * Linux's IO-APIC driver accesses ({@link IoApicAccess}) made through an IO-APIC's register window,
 * so that each one costs what the window charges for it (nothing on the host, a VM exit in a guest).
 * Only the IPI differs between host and guest.
 */
abstract class WindowAccess implements IoApicAccess {

    private final IoApicRegisters.Window window;
    private final IoApicInfo info;
    private final ApicBus apics;

    WindowAccess(IoApicRegisters.Window window, IoApicInfo info, ApicBus apics) {
        this.window = window;
        this.info = info;
        this.apics = apics;
    }

    @Override
    public void writeIoregsel(int cpu, int index) {
        window.writeIoregsel(cpu, index);
    }

    @Override
    public int readIowin(int cpu) {
        return window.readIowin(cpu);
    }

    @Override
    public void writeIowin(int cpu, int value) {
        window.writeIowin(cpu, value);
    }

    @Override
    public void writeIoeoi(int cpu, int vector) {
        window.writeIoeoi(cpu, vector);
    }

    @Override
    public int version() {
        return info.version();
    }

    @Override
    public void lapicEoi(int cpu) {
        window.writeLapicEoi(cpu);
    }

    /** TMR reads are not reported as exits (virtualized with APICv; see the report). */
    @Override
    public int readTmrWord(int cpu, int vector) {
        return apics.apic(cpu).tmrWord(vector >> 5);
    }

    @Override
    public int cpuFor(int pin) {
        return info.cpuFor(pin);
    }

    @Override
    public int pins() {
        return info.pins();
    }
}
