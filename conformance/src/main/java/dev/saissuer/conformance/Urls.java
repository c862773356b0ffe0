package dev.saissuer.conformance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** java.net.URI parsing of a value found in a document or on the command line, refusing every malformed one alike. */
final class Urls {
    private Urls() {}

    /**
     * The URI, or empty when java.net.URI refuses the text. On Java 17 that includes the NumberFormatException it
     * lets escape for an IPv4 part too long for an int inside an IPv6 literal ({@code https://[::1.2.3.99999999999]});
     * Java 25 refuses the same text with a URISyntaxException.
     */
    static Optional<URI> parse(String text) {
        try {
            return Optional.of(new URI(text));
        } catch (URISyntaxException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
