package dev.saissuer.issuer.server;

import dev.saissuer.keys.LoadedKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The last good keys of one key source and the result of its last read. A source that fails keeps its last
 * good keys: a broken file never shrinks what is published.
 */
public record SourceState(Path path, List<LoadedKey> lastGood, Instant lastSuccess, String error, Instant errorSince) {

    static SourceState loaded(Path path, List<LoadedKey> keys, Instant now) {
        return new SourceState(path, List.copyOf(keys), now, null, null);
    }

    SourceState failed(String message, Instant now) {
        return new SourceState(path, lastGood, lastSuccess, message, message.equals(error) ? errorSince : now);
    }

    public boolean healthy() {
        return error == null;
    }
}
