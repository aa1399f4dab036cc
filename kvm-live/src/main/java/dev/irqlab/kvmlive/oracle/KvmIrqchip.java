package dev.irqlab.kvmlive.oracle;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.irqlab.kvmlive.sys.IoapicState;
import dev.irqlab.kvmlive.sys.KvmDevice;
import dev.irqlab.kvmlive.sys.KvmException;
import dev.irqlab.kvmlive.sys.KvmVcpu;
import dev.irqlab.kvmlive.sys.KvmVm;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's KVM irqchip driven by ioctls: a VM with {@code KVM_CREATE_IRQCHIP} and {@code n}
 * vCPUs whose local APICs are in x2APIC mode and software-enabled (SPIV 0x1ff, as Linux sets it).
 *
 * <p>No guest code takes part in the irqchip's state changes. Two things still need the vCPU:
 * <ul>
 *   <li>INTA ({@link #ack}) is done on the register page: {@code KVM_GET_LAPIC}, the highest IRR
 *       vector whose class is above the ISR class (lapic.c {@code apic_has_interrupt_for_ppr}; TPR 0)
 *       moved to ISR, {@code KVM_SET_LAPIC}.</li>
 *   <li>EOI ({@link #eoi}) is a host-initiated write of the x2APIC EOI MSR (lapic.c
 *       {@code apic_set_eoi}). KVM forwards it to the IO-APIC only for vectors in the vCPU's
 *       {@code ioapic_handled_vectors}, which {@code vcpu_scan_ioapic} rebuilds on the next guest
 *       entry after {@code KVM_REQ_SCAN_IOAPIC}. A guest always ran since the last change, so the
 *       oracle first enters the guest once: a two-instruction real-mode loop ({@code out %al,$0x80;
 *       jmp .-2}) with IF=0 that exits at once to userspace and takes no interrupt.</li>
 * </ul>
 */
public final class KvmIrqchip implements IrqchipSubject {

    /** {@code out %al, $0x80; jmp .-2}. */
    private static final byte[] SYNC_LOOP = {(byte) 0xe6, (byte) 0x80, (byte) 0xeb, (byte) 0xfc};
    private static final int CODE = 0x1000;
    private static final int SYNC_PORT = 0x80;

    private final KvmVm vm;
    private final List<KvmVcpu> vcpus = new ArrayList<>();

    public KvmIrqchip(KvmDevice kvm, int n) {
        vm = kvm.createVmWithIrqchip();
        try {
            Pointer ram = vm.addRam(0x10000);
            ram.write(CODE, SYNC_LOOP, 0, SYNC_LOOP.length);
            for (int i = 0; i < n; i++) {
                KvmVcpu v = vm.createVcpu();
                v.setSupportedCpuid();
                v.enableX2apic();
                Memory sregs = v.sregs();
                sregs.setLong(0, 0);         // cs.base
                sregs.setShort(12, (short) 0); // cs.selector
                v.setSregs(sregs);
                v.setRegs(CODE, 0x8000, 0, 0x2);
                v.makeRunnable();
                vcpus.add(v);
                setSpiv(i, 0x1ff);
            }
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
    }

    @Override
    public int vcpus() {
        return vcpus.size();
    }

    @Override
    public long[] entries() {
        return vm.ioapic().redirtbl();
    }

    @Override
    public int irr() {
        return vm.ioapic().irr();
    }

    @Override
    public void setIoapic(long[] entries, int irr) {
        IoapicState now = vm.ioapic();
        vm.setIoapic(new IoapicState(now.baseAddress(), now.ioregsel(), now.id(), irr, entries));
    }

    @Override
    public int line(int pin, boolean level) {
        return vm.irqLineStatus(pin, level);
    }

    @Override
    public LapicBits lapic(int vcpu) {
        return LapicBits.fromRegisterPage(vcpus.get(vcpu).lapic());
    }

    @Override
    public void ack(int vcpu) {
        KvmVcpu v = vcpus.get(vcpu);
        byte[] regs = v.lapic();
        LapicBits b = LapicBits.fromRegisterPage(regs);
        int irrv = highest(b.irr());
        int isrv = highest(b.isr());
        int tpr = LapicBits.word(regs, 0x80) & 0xf0;
        int ppr = Math.max(tpr, isrv < 0 ? 0 : isrv & 0xf0);
        if (irrv < 0 || (irrv & 0xf0) <= ppr) {
            return;
        }
        flip(regs, 0x200, irrv, false);
        flip(regs, 0x100, irrv, true);
        v.setLapic(regs);
    }

    @Override
    public void eoi(int vcpu) {
        KvmVcpu v = vcpus.get(vcpu);
        int reason = v.run();
        if (reason != KvmVcpu.EXIT_IO || v.ioPort() != SYNC_PORT) {
            throw new KvmException("KVM_RUN (scan entry): exit reason " + reason
                    + (reason == KvmVcpu.EXIT_IO ? " port 0x" + Integer.toHexString(v.ioPort()) : ""), 0);
        }
        v.x2apicEoi();
    }

    @Override
    public void setSpiv(int vcpu, int value) {
        KvmVcpu v = vcpus.get(vcpu);
        byte[] regs = v.lapic();
        LapicBits.putWord(regs, 0xf0, value);
        v.setLapic(regs);
    }

    @Override
    public void close() {
        vm.close();
    }

    private static void flip(byte[] regs, int base, int vector, boolean on) {
        int off = base + 0x10 * (vector / 32);
        int w = LapicBits.word(regs, off);
        w = on ? w | (1 << (vector % 32)) : w & ~(1 << (vector % 32));
        LapicBits.putWord(regs, off, w);
    }

    static int highest(long[] bits) {
        for (int i = 3; i >= 0; i--) {
            if (bits[i] != 0) {
                return i * 64 + 63 - Long.numberOfLeadingZeros(bits[i]);
            }
        }
        return -1;
    }
}
