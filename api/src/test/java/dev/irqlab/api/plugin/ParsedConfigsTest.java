package dev.irqlab.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsedConfigsTest {

    private record Typed(long latency) {
    }

    private final List<Config> parsed = new ArrayList<>();
    private final ParsedConfigs<Typed> configs = new ParsedConfigs<>(c -> {
        parsed.add(c);
        long latency = c.durationNs("latency");
        if (latency < 0) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        return new Typed(latency);
    });

    private static Config config(long latency) {
        return Config.of(Map.of("latency", latency));
    }

    @Test
    void aConfigurationIsParsedOnceAndAnswersTheSameValue() {
        Config c = config(5);
        Typed first = configs.of(c);
        assertSame(first, configs.of(c));
        assertEquals(new Typed(5), first);
        assertEquals(List.of(c), parsed);
    }

    @Test
    void anEqualConfigurationObjectIsParsedAgainAndGivesAnEqualValue() {
        Config a = config(5);
        Config b = config(5);
        assertEquals(configs.of(a), configs.of(b));
        assertEquals(List.of(a, b), parsed);
    }

    @Test
    void theLastFourAreKeptAndTheOldestGoes() {
        List<Config> cs = new ArrayList<>();
        for (int i = 0; i < ParsedConfigs.KEPT + 1; i++) {
            cs.add(config(i));
            assertEquals(new Typed(i), configs.of(cs.get(i)));
        }
        for (int i = 1; i < cs.size(); i++) {
            assertEquals(new Typed(i), configs.of(cs.get(i)));
        }
        assertEquals(cs, parsed); // nothing but the first five parses
        assertEquals(new Typed(0), configs.of(cs.get(0)));
        assertEquals(cs.size() + 1, parsed.size());
    }

    @Test
    void aRefusedConfigurationIsRefusedEveryTime() {
        Config bad = config(-1);
        assertThrows(IllegalArgumentException.class, () -> configs.of(bad));
        assertThrows(IllegalArgumentException.class, () -> configs.of(bad));
        assertEquals(List.of(bad, bad), parsed);
    }
}
