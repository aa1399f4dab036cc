package dev.irqlab.api;

/** Version of this SPI. A plugin built against another version is refused at start-up. */
public final class Spi {
    /** Bumped on every incompatible change of any interface in this module. */
    public static final int VERSION = 1;

    private Spi() {
    }
}
