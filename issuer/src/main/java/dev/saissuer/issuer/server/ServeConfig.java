package dev.saissuer.issuer.server;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.keys.KeySource;
import java.util.List;

/** Everything {@code sa-issuer serve} was told, validated, in groups: what, from where, how it rotates, and where it listens. */
public record ServeConfig(
        IssuerConfig issuer,
        List<KeySource> sources,
        RotationConfig rotation,
        ListenerConfig listener,
        AdminConfig admin) {

    public ServeConfig {
        sources = List.copyOf(sources);
    }
}
