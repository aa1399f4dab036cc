package dev.irqlab.api.device;

/**
 * A device's register window as a driver sees it. Offsets and meanings are defined by each device
 * model. Protocol: a read or write takes effect at the current virtual time; slow buses (I2C) are
 * modelled by the driver waiting before or after the access.
 */
public interface DeviceRegisters {

    long read(int offset);

    void write(int offset, long value);
}
