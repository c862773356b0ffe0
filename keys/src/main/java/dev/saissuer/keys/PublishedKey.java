package dev.saissuer.keys;

import java.time.Instant;
import java.util.Optional;

/**
 * What the timeline says of one published key: when it was first published, when it was last in its sources,
 * when it will be dropped (retained keys only) and from when tokens signed with it are safe to issue, because
 * every relying party's cached JWKS has had time to expire and be fetched again with this key in it.
 */
public record PublishedKey(
        LoadedKey key,
        Instant firstPublished,
        Instant lastSeen,
        boolean current,
        Optional<Instant> retireAt,
        Instant safeToSignFrom) {

    public String kid() {
        return key.kid();
    }

    public boolean safeToSign(Instant now) {
        return !safeToSignFrom.isAfter(now);
    }
}
