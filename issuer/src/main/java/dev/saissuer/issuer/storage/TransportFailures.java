package dev.saissuer.issuer.storage;

import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * What went wrong before a store answered at all, in the same words for both SDKs: a TLS handshake the JVM
 * refused (most often a store certificate from a private CA) or an endpoint that could not be reached.
 */
final class TransportFailures {
    /** How deep a cause chain is followed: SDK exceptions wrap a few times, never this often. */
    private static final int MAX_DEPTH = 32;

    private TransportFailures() {}

    static Optional<String> describe(Throwable failure) {
        IOException io = null;
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return Optional.of("TLS handshake with the endpoint failed: " + firstLine(tls)
                        + " (a certificate from a private CA needs a JVM trust store holding it:"
                        + " -Djavax.net.ssl.trustStore=FILE, for example in JAVA_TOOL_OPTIONS)");
            }
            if (io == null && cause instanceof IOException found) {
                io = found;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return io == null
                ? Optional.empty()
                : Optional.of("endpoint unreachable: " + io.getClass().getSimpleName() + ": " + firstLine(io));
    }

    private static String firstLine(Throwable e) {
        return firstLine(e.getMessage());
    }

    /** The first line of an SDK's message ("" for none): the stores' one-line errors quote no more. */
    static String firstLine(String message) {
        return message == null ? "" : message.strip().split("\\R", 2)[0];
    }
}
