package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.issuer.storage.StoreOptions;
import dev.saissuer.keys.KeySource;
import java.util.List;

/**
 * Everything {@code sa-issuer publish} is told: where to, how to reach it, what to publish (with
 * {@code oauthMetadata}, the RFC 8414 document too) and how keys rotate.
 */
public record PublishConfig(
        StoreLocation location,
        StoreOptions storeOptions,
        IssuerConfig issuer,
        List<KeySource> sources,
        RotationConfig rotation,
        boolean oauthMetadata,
        boolean dryRun) {
    public PublishConfig {
        sources = List.copyOf(sources);
    }

    public PublishLayout layout() {
        return PublishLayout.of(location, issuer.issuer(), issuer.jwksUri(), oauthMetadata);
    }
}
