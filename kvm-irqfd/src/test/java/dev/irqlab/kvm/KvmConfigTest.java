package dev.irqlab.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqlab.api.hypervisor.ExitCause;
import dev.irqlab.api.plugin.Config;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KvmConfigTest {

    @Test
    @DisplayName("every exit cause has a cost: one made without a cause is refused, naming its key")
    void aMissingExitCostIsRefusedWhenMade() {
        Map<ExitCause, Long> costs = new EnumMap<>(KvmConfig.from(Config.defaults(KvmConfig.schema())).exitCostNs());
        costs.remove(ExitCause.IDLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvmConfig(1_000, 5_000, costs, "linux-6.17", 0));
        assertTrue(e.getMessage().contains(KvmConfig.exitCostKey(ExitCause.IDLE)), e.getMessage());
    }

    @Test
    @DisplayName("the schema's defaults give each cause its default cost")
    void defaultsCostEveryCause() {
        KvmConfig c = KvmConfig.from(Config.defaults(KvmConfig.schema()));
        for (ExitCause cause : ExitCause.values()) {
            assertEquals(KvmConfig.defaultExitCost(cause), c.exitCost(cause), cause.label());
        }
    }
}
