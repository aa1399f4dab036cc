package dev.irqlab.ioapic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One 64-bit IO-APIC redirection table entry (IOREDTBLn), the bit layout written once.
 *
 * <p>Layout (Intel 82093AA datasheet §3.2.4; arch/x86/kvm/ioapic.h
 * {@code union kvm_ioapic_redirect_entry}; arch/x86/include/asm/io_apic.h
 * {@code struct IO_APIC_route_entry}): vector 7:0, delivery mode 10:8, destination mode 11,
 * delivery status 12 (RO), interrupt input pin polarity 13, remote IRR 14 (RO), trigger mode 15
 * (1 = level), mask 16, destination 63:56. The low dword is reached through the indirect index
 * {@code 0x10 + 2*pin}, the high dword through {@code 0x11 + 2*pin}.
 *
 * @param bits the raw 64-bit value
 */
public record RedirectionEntry(long bits) {

    static final int VECTOR_SHIFT = 0;
    static final int DELIVERY_MODE_SHIFT = 8;
    static final int DEST_MODE_BIT = 11;
    static final int DELIVERY_STATUS_BIT = 12;
    static final int POLARITY_BIT = 13;
    static final int REMOTE_IRR_BIT = 14;
    static final int TRIGGER_MODE_BIT = 15;
    static final int MASK_BIT = 16;
    static final int DESTINATION_SHIFT = 56;

    /** Delivery mode "Fixed" (000). */
    public static final int DELIVERY_FIXED = 0;
    /** Delivery mode "Lowest Priority" (001). */
    public static final int DELIVERY_LOWEST_PRIORITY = 1;
    /** Delivery mode "SMI" (010). */
    public static final int DELIVERY_SMI = 2;
    /** Delivery mode "NMI" (100). */
    public static final int DELIVERY_NMI = 4;
    /** Delivery mode "INIT" (101). */
    public static final int DELIVERY_INIT = 5;
    /** Delivery mode "Start-up" (110; KVM's {@code APIC_DM_STARTUP}, reserved in the 82093AA). */
    public static final int DELIVERY_STARTUP = 6;
    /** Delivery mode "ExtINT" (111). */
    public static final int DELIVERY_EXTINT = 7;

    /** The entry Linux's {@code clear_IO_APIC} / {@code ioapic_mask_entry} leaves: only the mask bit set. */
    public static final RedirectionEntry MASKED = new RedirectionEntry(1L << MASK_BIT);

    /** A fixed, physical-destination entry. */
    public static RedirectionEntry of(int vector, boolean level, boolean activeLow, boolean masked, int destination) {
        return MASKED.withMask(masked).withVector(vector).withLevel(level).withActiveLow(activeLow)
                .withDestination(destination);
    }

    public int vector() {
        return vector(bits);
    }

    public int deliveryMode() {
        return deliveryMode(bits);
    }

    /** Destination mode: false physical, true logical. */
    public boolean logicalDestination() {
        return logicalDestination(bits);
    }

    public boolean deliveryStatus() {
        return bit(bits, DELIVERY_STATUS_BIT);
    }

    /** Polarity bit: true = active low. */
    public boolean activeLow() {
        return activeLow(bits);
    }

    public boolean remoteIrr() {
        return remoteIrr(bits);
    }

    /** Trigger mode bit: true = level. */
    public boolean level() {
        return level(bits);
    }

    public boolean masked() {
        return masked(bits);
    }

    public int destination() {
        return destination(bits);
    }

    // The fields of a raw entry, for the tables that keep entries as longs (RedirectionTable).

    static int vector(long bits) {
        return (int) (bits >>> VECTOR_SHIFT) & 0xff;
    }

    static int deliveryMode(long bits) {
        return (int) (bits >>> DELIVERY_MODE_SHIFT) & 0x7;
    }

    static boolean logicalDestination(long bits) {
        return bit(bits, DEST_MODE_BIT);
    }

    static boolean activeLow(long bits) {
        return bit(bits, POLARITY_BIT);
    }

    static boolean remoteIrr(long bits) {
        return bit(bits, REMOTE_IRR_BIT);
    }

    static boolean level(long bits) {
        return bit(bits, TRIGGER_MODE_BIT);
    }

    static boolean masked(long bits) {
        return bit(bits, MASK_BIT);
    }

    static int destination(long bits) {
        return (int) (bits >>> DESTINATION_SHIFT) & 0xff;
    }

    /** {@code bits} with the destination of {@code from}. */
    static long withDestinationOf(long bits, long from) {
        long field = 0xffL << DESTINATION_SHIFT;
        return (bits & ~field) | (from & field);
    }

    /** The dword at indirect index {@code 0x10 + 2*pin}. */
    public int low() {
        return (int) bits;
    }

    /** The dword at indirect index {@code 0x11 + 2*pin}. */
    public int high() {
        return (int) (bits >>> 32);
    }

    public RedirectionEntry withLow(int low) {
        return new RedirectionEntry((bits & 0xffff_ffff_0000_0000L) | (low & 0xffff_ffffL));
    }

    public RedirectionEntry withHigh(int high) {
        return new RedirectionEntry((bits & 0x0000_0000_ffff_ffffL) | ((long) high << 32));
    }

    public RedirectionEntry withVector(int vector) {
        return withField(VECTOR_SHIFT, 0xff, vector);
    }

    public RedirectionEntry withDeliveryMode(int mode) {
        return withField(DELIVERY_MODE_SHIFT, 0x7, mode);
    }

    public RedirectionEntry withLogicalDestination(boolean logical) {
        return withBit(DEST_MODE_BIT, logical);
    }

    public RedirectionEntry withDeliveryStatus(boolean pending) {
        return withBit(DELIVERY_STATUS_BIT, pending);
    }

    public RedirectionEntry withActiveLow(boolean activeLow) {
        return withBit(POLARITY_BIT, activeLow);
    }

    public RedirectionEntry withRemoteIrr(boolean remoteIrr) {
        return withBit(REMOTE_IRR_BIT, remoteIrr);
    }

    public RedirectionEntry withLevel(boolean level) {
        return withBit(TRIGGER_MODE_BIT, level);
    }

    public RedirectionEntry withMask(boolean masked) {
        return withBit(MASK_BIT, masked);
    }

    public RedirectionEntry withDestination(int destination) {
        return withField(DESTINATION_SHIFT, 0xff, destination);
    }

    /**
     * The entry after a guest/driver write of one dword: the read-only delivery status and remote
     * IRR keep their old values (82093AA §3.2.4; kvm ioapic.c {@code ioapic_write_indirect}
     * "Preserve read-only fields").
     */
    public RedirectionEntry writeDword(boolean highDword, int value) {
        return new RedirectionEntry(dwordWritten(bits, highDword, value));
    }

    /** The raw value {@link #writeDword} gives the entry {@code bits}. */
    static long dwordWritten(long bits, boolean highDword, int value) {
        long written = highDword ? (bits & 0x0000_0000_ffff_ffffL) | ((long) value << 32)
                : (bits & 0xffff_ffff_0000_0000L) | (value & 0xffff_ffffL);
        long readOnly = (1L << REMOTE_IRR_BIT) | (1L << DELIVERY_STATUS_BIT);
        return (written & ~readOnly) | (bits & readOnly);
    }

    /** {@code bits} with bit {@code n} set to {@code value}. */
    static long withBit(long bits, int n, boolean value) {
        return value ? bits | (1L << n) : bits & ~(1L << n);
    }

    /** Every field by the datasheet's name, in layout order. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vector", String.format("0x%02x", vector()));
        m.put("delivery_mode", Integer.toString(deliveryMode()));
        m.put("dest_mode", logicalDestination() ? "1" : "0");
        m.put("delivery_status", deliveryStatus() ? "1" : "0");
        m.put("polarity", activeLow() ? "1" : "0");
        m.put("remote_irr", remoteIrr() ? "1" : "0");
        m.put("trigger_mode", level() ? "1" : "0");
        m.put("mask", masked() ? "1" : "0");
        m.put("destination", String.format("0x%02x", destination()));
        return m;
    }

    private static boolean bit(long bits, int n) {
        return (bits & (1L << n)) != 0;
    }

    private RedirectionEntry withBit(int n, boolean value) {
        return new RedirectionEntry(withBit(bits, n, value));
    }

    private RedirectionEntry withField(int shift, long mask, int value) {
        return new RedirectionEntry((bits & ~(mask << shift)) | ((value & mask) << shift));
    }

    @Override
    public String toString() {
        return String.format("RTE[%016x]", bits);
    }
}
