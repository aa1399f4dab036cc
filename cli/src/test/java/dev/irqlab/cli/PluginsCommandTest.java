package dev.irqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.Spi;
import dev.irqlab.api.plugin.IrqlabPlugin;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code irqlab plugins}: one row per plugin on the class path. */
class PluginsCommandTest {

    @Test
    @DisplayName("plugins lists every entry point on the class path, each with SPI version 1, and exits 0")
    void listsEveryPlugin() {
        Set<String> onClassPath = ServiceLoader.load(IrqlabPlugin.class).stream()
                .map(p -> p.get().name()).collect(Collectors.toCollection(TreeSet::new));

        Cli r = Cli.irqlab("plugins");

        assertEquals(0, r.status(), r.transcript());
        assertEquals(1, Spi.VERSION);
        List<String> rows = r.out().lines().filter(l -> !l.startsWith(" ")).toList();
        assertTrue(rows.get(0).startsWith("PLUGIN "), r.transcript());
        Set<String> listed = new TreeSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] columns = row.trim().split("\\s+");
            listed.add(columns[0]);
            assertEquals("1", columns[1], "SPI version of " + row);
        }
        assertEquals(onClassPath, listed);
        assertTrue(listed.containsAll(Set.of("linux", "guest-linux", "gicv2", "gicv3", "ioapic", "vfio-platform",
                "kvm")), "the CLI depends on every plugin module: " + listed);
    }

    @Test
    @DisplayName("plugins shows the fixes under the plugin that implements them")
    void listsFixesUnderTheirPlugin() {
        Cli r = Cli.irqlab("plugins");

        List<String> lines = r.out().lines().toList();
        int ioapic = indexOfRow(lines, "ioapic");
        assertTrue(lines.get(ioapic).contains("physical-controller: ioapic; virtual-controller: kvm-ioapic"),
                r.transcript());
        assertTrue(lines.get(ioapic + 1).trim().startsWith("fixes: ")
                && lines.get(ioapic + 1).contains("ioapic-ack-pending"), r.transcript());
        int gicv3 = indexOfRow(lines, "gicv3");
        assertTrue(lines.get(gicv3 + 1).contains("fixes: vgic-resample-on-enable"), r.transcript());
    }

    private static int indexOfRow(List<String> lines, String plugin) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(plugin + " ")) {
                return i;
            }
        }
        throw new AssertionError("no row for " + plugin + " in\n" + String.join("\n", lines));
    }
}
