package dev.irqlab.kvmlive.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random oracle sequences: every used pin programmed first, then line changes, entry rewrites
 * (masks, trigger modes, vectors, destinations), INTAs, EOIs and SPIV writes.
 *
 * <p>Pins are 16..23 only: GSIs below 16 also reach the in-kernel 8259s, whose result
 * {@code kvm_set_irq} adds to the IO-APIC's and which the model does not have. Vectors share
 * pins and priority classes on purpose (0x30/0x31 same class, 0x40, 0x50), so that EOI broadcasts
 * hit several pins and in-service vectors block others. Destinations: vCPU 0, vCPU 1, both (logical
 * 0x3), broadcast 0xff, and an APIC id that matches no vCPU.
 *
 * @param pins        how many pins from 16 on (1..8)
 * @param vcpus       vCPUs (1..2)
 * @param maxSteps    steps after the initial programming
 * @param spiv        generate SPIV (APIC software enable/disable) writes
 * @param lowestPrio  generate lowest-priority delivery
 * @param unmatched   generate destinations that match no vCPU
 */
public record OpGenerator(int pins, int vcpus, int maxSteps, boolean spiv, boolean lowestPrio, boolean unmatched) {

    public static final int FIRST_PIN = 16;
    static final int[] VECTORS = {0x30, 0x31, 0x40, 0x50};
    static final int[] PHYSICAL_DESTS = {0, 1, 0xff, 5};
    static final int[] LOGICAL_DESTS = {1, 2, 3, 0x10};

    /** Every feature on: 3 pins, 2 vCPUs, up to 30 steps. */
    public static OpGenerator full() {
        return new OpGenerator(3, 2, 30, true, true, true);
    }

    /** From a comma list of features ("spiv,lowest-prio,unmatched-dest"). */
    public static OpGenerator withFeatures(String features) {
        return new OpGenerator(3, 2, 30, features.contains("spiv"), features.contains("lowest-prio"),
                features.contains("unmatched-dest"));
    }

    public OpGenerator {
        if (pins < 1 || pins > 8 || vcpus < 1 || vcpus > 2 || maxSteps < 1) {
            throw new IllegalArgumentException("pins 1..8, vcpus 1..2, maxSteps >= 1");
        }
    }

    public List<Op> sequence(Random r) {
        List<Op> ops = new ArrayList<>();
        for (int p = 0; p < pins; p++) {
            ops.add(entry(r, FIRST_PIN + p));
        }
        int n = 1 + r.nextInt(maxSteps);
        for (int i = 0; i < n; i++) {
            int pin = FIRST_PIN + r.nextInt(pins);
            int k = r.nextInt(100);
            if (k < 35) {
                ops.add(new Op.Line(pin, r.nextInt(3) > 0 ? !lastLevel(ops, pin) : lastLevel(ops, pin)));
            } else if (k < 55) {
                ops.add(new Op.Ack(r.nextInt(vcpus)));
            } else if (k < 75) {
                ops.add(new Op.Eoi(r.nextInt(vcpus)));
            } else if (k < 85) {
                ops.add(maskFlip(r, ops, pin));
            } else if (k < 96 || !spiv) {
                ops.add(entry(r, pin));
            } else {
                ops.add(new Op.Spiv(r.nextInt(vcpus), r.nextBoolean()));
            }
        }
        return ops;
    }

    private Op.SetEntry entry(Random r, int pin) {
        boolean logical = r.nextInt(4) == 0;
        int choices = vcpus == 1 ? 1 : 3;
        int k = unmatched && r.nextInt(8) == 0 ? 3 : r.nextInt(choices);
        int dest = logical ? LOGICAL_DESTS[k] : PHYSICAL_DESTS[k == 1 && vcpus == 1 ? 0 : k];
        int mode = lowestPrio && r.nextInt(5) == 0 ? 1 : 0;
        return new Op.SetEntry(pin, VECTORS[r.nextInt(VECTORS.length)], mode, logical, r.nextInt(8) == 0,
                r.nextInt(3) > 0, r.nextInt(3) == 0, dest);
    }

    /** The pin's last programmed entry with the mask flipped (the guest's mask/unmask). */
    private Op maskFlip(Random r, List<Op> ops, int pin) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i) instanceof Op.SetEntry e && e.pin() == pin) {
                return new Op.SetEntry(pin, e.vector(), e.deliveryMode(), e.logical(), e.activeLow(), e.level(),
                        !e.masked(), e.destination());
            }
        }
        return entry(r, pin);
    }

    private static boolean lastLevel(List<Op> ops, int pin) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i) instanceof Op.Line l && l.pin() == pin) {
                return l.level();
            }
        }
        return false;
    }
}
