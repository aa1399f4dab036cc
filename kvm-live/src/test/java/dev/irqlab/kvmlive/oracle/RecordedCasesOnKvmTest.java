package dev.irqlab.kvmlive.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqlab.kvmlive.RequiresKvm;
import dev.irqlab.kvmlive.sys.KvmDevice;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The recorded kernel values still hold on this machine's KVM (skipped without /dev/kvm). */
@ExtendWith(RequiresKvm.Condition.class)
class RecordedCasesOnKvmTest {

    private static KvmDevice kvm;

    @BeforeAll
    static void open() {
        kvm = KvmDevice.open();
    }

    @AfterAll
    static void close() {
        if (kvm != null) {
            kvm.close();
        }
    }

    static Stream<RecordedCase> all() {
        return RecordedCases.FIXED.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void kernelStillReachesTheRecordedState(RecordedCase c) {
        try (KvmIrqchip k = new KvmIrqchip(kvm, 2)) {
            assertEquals(RecordedCase.kvmResetEntries()[16], k.entries()[16], "KVM reset entry");
            assertEquals("", c.differences(c.runOn(k, k.entries())), c.name() + " recorded on " + c.kernel());
        }
    }
}
