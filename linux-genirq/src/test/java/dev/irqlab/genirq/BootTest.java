package dev.irqlab.genirq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** init/main.c {@code start_kernel}: {@code init_IRQ} (the controller's driver) before the initcalls. */
class BootTest {

    @Test
    @DisplayName("init_IRQ initialises the controller on CPU 0, then the drivers probe, at once by default")
    void initIrqThenInitcalls() {
        List<String> log = new ArrayList<>();
        KernelFixture k = new KernelFixture(new RecordingController(log));
        k.core.boot(() -> log.add("initcalls"));
        assertEquals(List.of("driverInit cpu0", "initcalls"), log);
    }

    @Test
    @DisplayName("init-irq places init_IRQ, and the probes after it, later in virtual time")
    void initIrqDelay() {
        List<String> log = new ArrayList<>();
        KernelFixture k = new KernelFixture(new RecordingController(log), Map.of(GenirqConfig.INIT_IRQ, KernelFixture.ms(2)));
        k.core.boot(() -> log.add("initcalls at " + k.harness.now()));
        k.runFor(KernelFixture.ms(2) - 1);
        assertEquals(List.of(), log);
        k.runFor(1);
        assertEquals(List.of("driverInit cpu0", "initcalls at " + KernelFixture.ms(2)), log);
    }
}
