package dev.irqlab.kvmlive.live;

import java.io.ByteArrayOutputStream;

/**
 * The live guest, emitted as 32-bit x86 machine code by the project itself (no assembler at build or
 * run time: the guest is a few dozen instructions of six kinds, and emitting them keeps the build free
 * of a toolchain dependency and lets each flow be generated straight, without run-time branches).
 *
 * <p>Flat protected mode, no paging, entered with IF=0 at {@link #IDLE}. Every step the host must see
 * is an {@code out %al, $port} (a {@code KVM_EXIT_IO} to userspace). The handler never returns with
 * {@code iret}: KVM's instruction emulator, which runs every instruction of a non-PVM guest on
 * {@code kvm_pvm}, does not implement protected-mode IRET (shared/tools/kvm-probe); it drops the
 * three-dword frame and goes back to the idle loop with {@code sti}, as it was always interrupted there.
 *
 * <p>Idle is a polling loop ({@code sti; nop; out $IDLE; jmp}) rather than {@code hlt}, so that
 * {@code KVM_RUN} always comes back to the host without signals; the host subtracts these exits.
 */
public final class GuestCode {

    public static final int LOAD = 0x1000;
    public static final int IDLE = LOAD;
    public static final int IOREGSEL = 0xfec0_0000;
    public static final int IOWIN = 0xfec0_0010;
    public static final int LAPIC_EOI = 0xfee0_00b0;

    /** Marker ports. */
    public static final int P_IDLE = 0x10;
    public static final int P_ENTRY = 0x12;
    public static final int P_MASKED = 0x13;
    public static final int P_EOI = 0x14;
    public static final int P_THREAD = 0x15;
    public static final int P_UNMASKED = 0x16;
    public static final int P_DONE = 0x17;
    public static final int P_UNEXPECTED = 0x18;

    private final ByteArrayOutputStream b = new ByteArrayOutputStream();
    private final int handler;
    private final int unexpected;

    /**
     * @param pin     IO-APIC pin of the device
     * @param rteLow  the entry's low dword as the guest programs it (vector, level, unmasked)
     * @param oneshot Linux's ONESHOT flow (mask, EOI, thread, unmask) rather than the plain fasteoi
     *                flow (handler services the device, EOI)
     */
    public GuestCode(int pin, int rteLow, boolean oneshot) {
        // idle: sti; nop; out $P_IDLE; jmp idle
        op(0xfb);
        op(0x90);
        out(P_IDLE);
        jmp(IDLE);
        handler = here();
        out(P_ENTRY);
        int sel = 0x10 + 2 * pin;
        if (oneshot) {
            // handle_fasteoi_irq + IRQS_ONESHOT -> mask_ioapic_irq: IOREGSEL, IOWIN write, io_apic_sync read
            movImm(IOREGSEL, sel);
            movImm(IOWIN, rteLow | 0x10000);
            loadEax(IOWIN);
            out(P_MASKED);
            movImm(LAPIC_EOI, 0);        // ioapic_ack_level -> apic_eoi
            out(P_EOI);
            out(P_THREAD);               // irq thread: the host's device is serviced here
            movImm(IOREGSEL, sel);       // irq_finalize_oneshot -> unmask_ioapic_irq
            movImm(IOWIN, rteLow);
            out(P_UNMASKED);
        } else {
            out(P_THREAD);               // the handler services the device before the EOI
            movImm(LAPIC_EOI, 0);
            out(P_EOI);
        }
        out(P_DONE);
        op(0x83, 0xc4, 0x0c);            // add $12, %esp: drop EIP, CS, EFLAGS
        jmp(IDLE);                       // IF is still 0: the idle loop's sti re-enables it
        unexpected = here();
        out(P_UNEXPECTED);
        op(0xfa, 0xf4);                  // cli; hlt
    }

    public byte[] bytes() {
        return b.toByteArray();
    }

    public int handler() {
        return handler;
    }

    public int unexpected() {
        return unexpected;
    }

    private int here() {
        return LOAD + b.size();
    }

    private void op(int... bytes) {
        for (int x : bytes) {
            b.write(x);
        }
    }

    private void out(int port) {
        op(0xe6, port);
    }

    private void jmp(int target) {
        op(0xe9);
        imm32(target - (here() + 4));
    }

    /** {@code movl $imm32, addr32}. */
    private void movImm(int addr, int value) {
        op(0xc7, 0x05);
        imm32(addr);
        imm32(value);
    }

    /** {@code movl addr32, %eax}. */
    private void loadEax(int addr) {
        op(0xa1);
        imm32(addr);
    }

    private void imm32(int v) {
        op(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    }
}
