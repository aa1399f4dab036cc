package dev.irqlab.api.controller;

import java.util.Map;

/**
 * The state of one interrupt in a controller, in the architecture's own vocabulary (GIC:
 * inactive / pending / active / active+pending, enabled, group, config; IO-APIC: mask, remote IRR,
 * IRR, trigger mode). Architecture plugins return their own records implementing this.
 */
public interface PinState {

    /** One word or short phrase a person reads first: "pending", "active+pending", "masked irr". */
    String summary();

    /** Every field by its manual name, in a stable order (an insertion-ordered map), values as text ("0"/"1" for bits). */
    Map<String, String> fields();
}
