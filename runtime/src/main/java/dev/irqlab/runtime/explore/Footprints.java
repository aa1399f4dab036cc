package dev.irqlab.runtime.explore;

/** Receives the state each dispatched event touched, as the trace shows it ({@code component/subject}). */
interface Footprints {
    void touch(String key);
}
