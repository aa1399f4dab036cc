package dev.irqlab.vmm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trapped access's text is built once and kept while it is among the last accesses. */
class AccessTextsTest {

    @Test
    void aTextIsBuiltOncePerAccessAndOffsetAndAgainOnlyWhenPushedOut() {
        List<String> built = new ArrayList<>();
        AccessTexts texts = new AccessTexts((access, offset) -> {
            String t = "pad " + access + " 0x" + Integer.toHexString(offset);
            built.add(t);
            return t;
        });
        String read4 = texts.of("read", 4);
        assertEquals("pad read 0x4", read4);
        assertSame(read4, texts.of("read", 4));
        assertEquals("pad write 0x4", texts.of("write", 4));
        assertEquals("pad read 0x8", texts.of("read", 8));
        assertSame(read4, texts.of("read", 4));
        assertEquals(List.of("pad read 0x4", "pad write 0x4", "pad read 0x8"), built);
        for (int offset = 0x100; offset < 0x100 + AccessTexts.KEPT; offset++) {
            texts.of("read", offset);
        }
        assertEquals("pad read 0x4", texts.of("read", 4), "built again once pushed out");
        assertEquals(3 + AccessTexts.KEPT + 1, built.size());
    }
}
