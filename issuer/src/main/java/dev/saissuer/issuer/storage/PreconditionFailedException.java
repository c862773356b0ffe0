package dev.saissuer.issuer.storage;

/** The store refused a conditional write (HTTP 412): someone else changed the object since it was read. */
public final class PreconditionFailedException extends ObjectStoreException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
