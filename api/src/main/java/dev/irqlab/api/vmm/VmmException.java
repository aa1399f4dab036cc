package dev.irqlab.api.vmm;

/**
 * The VMM cannot wire a device as the scenario asks (a forwarding mode the controllers lack, an
 * ioctl the models refuse). The message is a complete sentence for the user naming the device; the
 * runtime reports it like a validation error and does not start the run.
 */
public final class VmmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public VmmException(String message) {
        super(message);
    }
}
