package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code irqlab describe}: the reference of every key, model, fix and message key. */
class DescribeCommandTest {

    @Test
    void describesEveryPartWithItsKeysAndSources() {
        Cli r = Cli.irqlab("describe");

        assertEquals(0, r.status(), r.transcript());
        for (String expected : List.of("  config.kernel.hz  integer (jiffies/s)  default 250  allowed: 100..1000",
                "source: kernel/Kconfig.hz", "  config.virtual-controller.list-registers  integer (list registers)",
                "  devices[].workload.period  duration", "  vmm.vm-start  duration", "  device elan-i2c [guest-linux]",
                "  resample-on-unmask [ioapic]", "upstream: v6.3", "  genirq.nobody_cared [linux]", "  oneshot-threaded",
                "  hw-mapped", "  latency.assert-to-handler.")) {
            assertTrue(r.out().contains(expected), "describe prints '" + expected + "'\n" + r.transcript());
        }
        assertFalse(r.out().contains("\u001b"), "no escape codes");
    }

    @Test
    void onePluginShowsOnlyWhatItDeclares() {
        Cli r = Cli.irqlab("describe", "ioapic");

        assertEquals(0, r.status(), r.transcript());
        assertTrue(r.out().contains("config.virtual-controller.kvm-version"), r.transcript());
        assertTrue(r.out().contains("ioapic-ack-pending"), r.transcript());
        assertFalse(r.out().contains("config.kernel.hz"), r.transcript());
        assertFalse(r.out().contains("vgic-resample-on-enable"), r.transcript());
    }

    @Test
    void anUnknownPluginIsBadInputNamingTheAllowedOnes() {
        Cli r = Cli.irqlab("describe", "gicv4");

        assertEquals(2, r.status(), r.transcript());
        assertTrue(r.err().contains("PLUGIN: found 'gicv4', allowed: scenario, "), r.transcript());
        assertTrue(r.err().contains(", gicv2, gicv3, "), r.transcript());
    }

    @Test
    void noCommandListsEveryCommand() {
        Cli r = Cli.irqlab();

        assertEquals(2, r.status(), r.transcript());
        for (String command : List.of("run", "validate", "describe", "plugins", "matrix", "help")) {
            assertTrue(r.err().contains(command), "lists " + command + "\n" + r.transcript());
        }
    }
}
