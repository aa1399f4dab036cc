/**
 * Services the engine gives to every model: virtual time, scheduling, deferred work, event fds,
 * seeded randomness. All of them are used from the single simulation thread only.
 */
package dev.irqlab.api.sim;
