package dev.irqlab.tck;

import dev.irqlab.api.controller.VirtualInterruptController;
import dev.irqlab.api.plugin.Config;
import dev.irqlab.api.plugin.VirtualControllerContext;
import dev.irqlab.tck.doubles.ToyVirtualController;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** Proves the virtual-controller contract with the kit's toy virtual controller, with and without mask notifiers. */
class ToyVirtualControllerContractTest {

    static VirtualInterruptController toy(SimHarness h, RecordingExits exits, boolean maskNotifiers) {
        return new ToyVirtualController(new VirtualControllerContext(h.sim(), "vm0.toy-vic", 1, Config.of(Map.of()),
                Set.of(), exits), 16, ToyVirtualController.Style.VGIC_LIKE, maskNotifiers);
    }

    @Nested
    @DisplayName("without mask notifiers")
    class Plain extends VirtualControllerContract {
        @Override
        protected VirtualInterruptController newController(SimHarness h, RecordingExits exits, Set<String> fixes) {
            return toy(h, exits, false);
        }
    }

    @Nested
    @DisplayName("IO-APIC-like: per-source levels")
    class PerSource extends VirtualControllerContract {
        @Override
        protected VirtualInterruptController newController(SimHarness h, RecordingExits exits, Set<String> fixes) {
            return new ToyVirtualController(new VirtualControllerContext(h.sim(), "vm0.toy-vic", 1,
                    Config.of(Map.of()), Set.of(), exits), 16, ToyVirtualController.Style.IOAPIC_LIKE, true);
        }
    }

    @Nested
    @DisplayName("with mask notifiers")
    class WithMaskNotifiers extends VirtualControllerContract {
        @Override
        protected VirtualInterruptController newController(SimHarness h, RecordingExits exits, Set<String> fixes) {
            return toy(h, exits, true);
        }
    }
}
