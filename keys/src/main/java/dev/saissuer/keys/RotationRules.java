package dev.saissuer.keys;

import java.time.Duration;

/**
 * The two durations the rotation model runs on. A key that leaves its sources stays published for
 * {@code retention}; a key is safe to sign with once it has been published for {@code cacheMaxAge}, the
 * longest a relying party may keep serving itself an older JWKS from its cache.
 */
public record RotationRules(Duration retention, Duration cacheMaxAge) {
    public RotationRules {
        if (retention.isNegative() || cacheMaxAge.isNegative()) {
            throw new IllegalArgumentException("rotation durations must not be negative");
        }
    }
}
