package dev.saissuer.conformance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP response as the kit saw it, or the reason there was none ({@code status} 0 and {@code error}). */
public record Fetched(URI uri, int status, Map<String, List<String>> headers, byte[] body, String error) {
    public static Fetched failed(URI uri, String error) {
        return new Fetched(uri, 0, Map.of(), new byte[0], error);
    }

    public boolean answered() {
        return error == null;
    }

    /** The first value of a header, matched without regard to case (RFC 9110, section 5.1). */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null
                    && entry.getKey().equalsIgnoreCase(name)
                    && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** The media type of Content-Type without parameters, lower-cased. */
    public Optional<String> mediaType() {
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** How the response looked, for a report line. */
    public String describe() {
        return answered() ? "HTTP " + status + " from " + uri : "no response from " + uri + " (" + error + ")";
    }
}
