package dev.irqlab.runtime.explore;

/** Receives the state each dispatched event touched: the component of each trace event it emitted. */
interface Footprints {
    void touch(String key);
}
