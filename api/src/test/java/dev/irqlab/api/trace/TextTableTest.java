package dev.irqlab.api.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    private final List<String> made = new ArrayList<>();
    private final TextTable<String> table = new TextTable<>(t -> {
        made.add(t);
        return "kvm " + t;
    });

    @Test
    void aValueIsMadeOncePerTextWhetherTheSameObjectOrAnEqualOneComesBack() {
        String cpu0 = "cpu0";
        String first = table.get(cpu0);
        assertEquals("kvm cpu0", first);
        assertSame(first, table.get(cpu0));
        assertSame(first, table.get(new String("cpu0"))); // an equal text built anew: found by text
        assertEquals(List.of("cpu0"), made);
    }

    @Test
    void eachTextHasItsOwnValue() {
        assertEquals("kvm cpu0", table.get("cpu0"));
        assertEquals("kvm irq/45-elan", table.get("irq/45-elan"));
        assertEquals("kvm cpu0", table.get("cpu0"));
        assertEquals(List.of("cpu0", "irq/45-elan"), made);
    }
}
