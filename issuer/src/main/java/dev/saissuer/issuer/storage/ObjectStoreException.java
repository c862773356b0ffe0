package dev.saissuer.issuer.storage;

/**
 * A store refused or could not be reached: a runtime failure (exit 1), not bad input. The message is one line
 * naming the object and the store's error code, fit to show a user as is.
 */
public class ObjectStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
