package dev.irqlab.guest.device;

import dev.irqlab.api.sim.Sim;

/**
 * What a device model does when a driver touches an offset its register map does not define: reads
 * return 0 and writes are ignored (the usual "reserved, RAZ/WI" behaviour of device register
 * windows), and the access is reported as a {@code KernelMessage} with key
 * {@code device.unknown_register}, so a guest doing something odd never throws out of the event loop.
 */
final class UnknownRegister {

    static final String KEY = "device.unknown_register";

    private UnknownRegister() {
    }

    static long read(Sim sim, String device, int offset) {
        sim.trace().kernelMessage(sim.now(), device, KEY,
                device + ": read of undefined register offset 0x" + Integer.toHexString(offset) + " (reads as 0)");
        return 0;
    }

    static void write(Sim sim, String device, int offset, long value) {
        sim.trace().kernelMessage(sim.now(), device, KEY,
                device + ": write of 0x" + Long.toHexString(value) + " to undefined register offset 0x"
                        + Integer.toHexString(offset) + " ignored");
    }
}
