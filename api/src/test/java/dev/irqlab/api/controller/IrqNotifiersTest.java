package dev.irqlab.api.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container's contract, which the virtual controllers rely on: per pin, notifiers newest first
 * (virt/kvm/eventfd.c {@code kvm_register_irq_ack_notifier} and x86 {@code kvm_register_irq_mask_notifier}
 * add with {@code hlist_add_head_rcu}; the notifications walk from the head); a notification walks the
 * list as it was when it started, so a notifier may unregister itself, or another, meanwhile.
 */
class IrqNotifiersTest {

    @Test
    void ackNotifiersRunNewestFirstPerPin() {
        List<String> calls = new ArrayList<>();
        int[] scans = {0};
        IrqNotifiers n = new IrqNotifiers(() -> scans[0]++);
        n.addAckNotifier(5, pin -> calls.add("a" + pin));
        n.addAckNotifier(5, pin -> calls.add("b" + pin));
        n.addAckNotifier(40, pin -> calls.add("c" + pin));
        n.notifyAcked(5);
        n.notifyAcked(7);
        n.notifyAcked(40);
        assertEquals(List.of("b5", "a5", "c40"), calls);
        assertEquals(2, n.ackNotifierCount(5));
        assertEquals(0, n.ackNotifierCount(7));
        assertEquals(0, n.ackNotifierCount(4000));
        assertEquals(3, scans[0], "every registration is a list update");
    }

    @Test
    void aNotificationWalksASnapshot() {
        List<String> calls = new ArrayList<>();
        IrqNotifiers n = new IrqNotifiers();
        AckNotifier second = pin -> calls.add("second");
        AckNotifier first = new AckNotifier() {
            @Override
            public void acked(int pin) {
                calls.add("first");
                n.removeAckNotifier(pin, this);
                n.removeAckNotifier(pin, second);
                n.addAckNotifier(pin, p -> calls.add("late"));
            }
        };
        n.addAckNotifier(3, second);
        n.addAckNotifier(3, first); // the newest: it runs first
        n.notifyAcked(3);
        assertEquals(List.of("first", "second"), calls);
        calls.clear();
        n.notifyAcked(3);
        assertEquals(List.of("late"), calls);
        assertEquals(1, n.ackNotifierCount(3));
    }

    @Test
    void removingAnUnknownNotifierChangesNothing() {
        IrqNotifiers n = new IrqNotifiers();
        AckNotifier a = pin -> { };
        n.addAckNotifier(2, a);
        n.removeAckNotifier(2, pin -> { });
        n.removeAckNotifier(9, a);
        assertEquals(1, n.ackNotifierCount(2));
        n.removeAckNotifier(2, a);
        assertEquals(0, n.ackNotifierCount(2));
    }

    @Test
    void maskNotifiersFireNewestFirst() {
        List<String> calls = new ArrayList<>();
        IrqNotifiers n = new IrqNotifiers();
        n.addMaskNotifier(1, (pin, masked) -> calls.add("x" + pin + masked));
        n.addMaskNotifier(1, (pin, masked) -> calls.add("y" + pin + masked));
        n.fireMaskNotifiers(1, true);
        n.fireMaskNotifiers(0, true);
        assertEquals(List.of("y1true", "x1true"), calls);
    }

    @Test
    void aNegativePinIsRefused() {
        IrqNotifiers n = new IrqNotifiers();
        assertThrows(IllegalArgumentException.class, () -> n.addAckNotifier(-1, pin -> { }));
        assertEquals(0, n.ackNotifierCount(-1));
    }
}
