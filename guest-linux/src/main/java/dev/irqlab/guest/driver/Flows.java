package dev.irqlab.guest.driver;

import java.util.List;

/** The flow names a scenario gives a guest driver ({@link dev.irqlab.api.device.GuestDriverContext#flow}). */
final class Flows {

    static final String EDGE = "edge";
    static final String LEVEL = "level";
    static final String ONESHOT_THREADED = "oneshot-threaded";
    static final List<String> ALL = List.of(EDGE, LEVEL, ONESHOT_THREADED);

    private Flows() {
    }
}
