package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import java.time.Instant;
import java.util.List;

/**
 * The last good keys of one key source and the result of its last read. A source that fails keeps its last
 * good keys: a broken file or an unreachable upstream never shrinks what is published.
 */
public record SourceHealth(
        KeySource source, List<LoadedKey> lastGood, Instant lastSuccess, String error, Instant errorSince) {

    static SourceHealth loaded(KeySource source, List<LoadedKey> keys, Instant now) {
        return new SourceHealth(source, List.copyOf(keys), now, null, null);
    }

    /** A source that has never been read successfully (start-up from a persisted timeline). */
    static SourceHealth neverLoaded(KeySource source, String message, Instant now) {
        return new SourceHealth(source, List.of(), null, message, now);
    }

    SourceHealth failed(String message, Instant now) {
        return new SourceHealth(source, lastGood, lastSuccess, message, message.equals(error) ? errorSince : now);
    }

    public String name() {
        return source.name();
    }

    public boolean healthy() {
        return error == null;
    }
}
