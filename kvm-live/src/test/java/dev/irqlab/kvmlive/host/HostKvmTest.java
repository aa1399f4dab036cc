package dev.irqlab.kvmlive.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flavour and version detection on fake /proc and /sys trees. */
class HostKvmTest {

    @TempDir
    Path root;

    private void release(String r) throws IOException {
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), r + "\n");
    }

    @Test
    void pvmWinsOverAVendorModuleLoadedBesideIt() throws IOException {
        release("6.18.44-fc-v782");
        Files.createDirectories(root.resolve("sys/module/kvm_intel"));
        Files.createDirectories(root.resolve("sys/module/kvm_pvm"));
        HostKvm h = HostKvm.detect(root);
        assertEquals(KvmFlavour.KVM_PVM, h.flavour());
        assertTrue(h.flavour().eoiAtDelivery());
        assertArrayEquals(new int[] {6, 18}, h.version());
        assertTrue(h.resampleOnUnmask());
        assertTrue(h.rescansStaleIoapicEoi(), "highest_stale_pending_ioapic_eoi is in 6.15");
        assertEquals("kernel 6.18.44-fc-v782, KVM kvm_pvm", h.describe());
    }

    @Test
    void mainlineIntelFromProcModules() throws IOException {
        release("6.2.0-39-generic");
        Files.writeString(root.resolve("proc/modules"), "kvm_intel 413696 0 - Live 0x0\nkvm 1142784 1 kvm_intel, Live 0x0\n");
        HostKvm h = HostKvm.detect(root);
        assertEquals(KvmFlavour.KVM_INTEL, h.flavour());
        assertFalse(h.flavour().eoiAtDelivery());
        assertFalse(h.resampleOnUnmask(), "fef8f2b90edb is in 6.3");
        assertFalse(h.rescansStaleIoapicEoi());
    }

    @Test
    void linux614HasTheResampleButNotTheStaleEoiRescan() throws IOException {
        release("6.14.11-300.fc42.x86_64");
        HostKvm h = HostKvm.detect(root);
        assertTrue(h.resampleOnUnmask());
        assertFalse(h.rescansStaleIoapicEoi(), "lapic.c kvm_ioapic_send_eoi rescans from 6.15");
    }

    @Test
    void nothingFound() {
        HostKvm h = HostKvm.detect(root);
        assertEquals(KvmFlavour.UNKNOWN, h.flavour());
        assertEquals("unknown", h.kernelRelease());
    }
}
