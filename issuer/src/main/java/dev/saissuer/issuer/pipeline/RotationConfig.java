package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.RotationRules;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How keys rotate: retention after a key leaves its sources, the documents' cache max-age (which also decides
 * when a key is safe to sign with), how often sources are polled, and where the timeline is kept ({@code null}:
 * in memory only).
 */
public record RotationConfig(Duration keyRetention, Duration cacheMaxAge, Duration keyPollInterval, Path stateDir) {
    public RotationRules rules() {
        return new RotationRules(keyRetention, cacheMaxAge);
    }
}
