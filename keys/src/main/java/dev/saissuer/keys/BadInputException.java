package dev.saissuer.keys;

/**
 * The one exception for input that sa-issuer refuses: key files, URLs, durations, state files.
 * Its message is one line that names the input and what is wrong with it, fit to show a user as is.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
