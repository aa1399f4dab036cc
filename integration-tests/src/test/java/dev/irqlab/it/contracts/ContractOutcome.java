package dev.irqlab.it.contracts;

/**
 * The result of one contract test (or of a contract container that failed before its tests ran).
 *
 * @param path    the display names from the contract's aspect down to the test ("a level-high interrupt / is not
 *                signalled again after acknowledge until EOI, ...")
 * @param failure the contract's failure, null unless {@link Status#FAILED}
 * @param reason  why it was skipped (an assumption's message), null unless {@link Status#SKIPPED}
 */
public record ContractOutcome(String path, Status status, Throwable failure, String reason) {

    /** How one contract test ended. */
    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }
}
