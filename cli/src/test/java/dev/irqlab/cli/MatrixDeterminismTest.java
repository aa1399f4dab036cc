package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The matrix is a report people diff: the same build prints the same bytes every time. */
class MatrixDeterminismTest {

    @Test
    @DisplayName("two matrix runs print identical tables, n/a reasons included")
    void sameOutputTwice() {
        Cli first = Cli.irqlab("matrix", "--events", "5");
        Cli second = Cli.irqlab("matrix", "--events", "5");
        assertEquals(0, first.status(), first.transcript());
        assertTrue(first.out().contains("n/a: fix 'ioapic-ack-pending'"), first.transcript());
        assertEquals(first.out(), second.out());
    }

    @Test
    @DisplayName("--vmm runs the tables of the presets it names: a VMM names all of its presets")
    void vmmFilter() {
        Cli crosvm = Cli.irqlab("matrix", "--events", "2", "--vmm", "crosvm");
        assertEquals(0, crosvm.status(), crosvm.transcript());
        assertTrue(crosvm.out().contains("\nvmm crosvm (irqchip: split), forwarder vfio-pci\n"), crosvm.transcript());
        assertTrue(crosvm.out().contains("ioapic      none     level  "), crosvm.transcript());
        assertTrue(!crosvm.out().contains("gicv3") && !crosvm.out().contains("qemu"), crosvm.transcript());
        Cli two = Cli.irqlab("matrix", "--events", "2", "--vmm", "qemu-split,cloud-hypervisor");
        assertEquals(0, two.status(), two.transcript());
        assertTrue(two.out().contains("\nvmm qemu (kernel-irqchip: split), forwarder vfio-pci\n")
                && two.out().contains("\nvmm cloud-hypervisor, forwarder vfio-pci\n")
                && !two.out().contains("crosvm") && !two.out().contains("gicv2"), two.transcript());
    }
}
