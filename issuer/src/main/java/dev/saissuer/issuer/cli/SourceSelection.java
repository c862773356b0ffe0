package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeySource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code serve} and {@code publish} both make of the key, upstream and issuer flags: the issuer to publish
 * and the key sources, in order (key files, the signing key file, then the upstream).
 */
record SourceSelection(IssuerConfig issuer, List<KeySource> sources) {

    static SourceSelection of(IssuerOptions issuer, KeySourceOptions keys, UpstreamOptions upstream, Demo demo) {
        if (demo != null && upstream.given()) {
            throw new BadInputException("--demo and --upstream-url do not go together: the demo makes its own keys");
        }
        Path signing = demo != null && keys.paths().isEmpty() ? demo.signingKey() : keys.signingKeyFile();
        List<KeySource> sources = new ArrayList<>(keys.fileSources(signing));
        // The upstream's issuer is learnt by a first fetch, before the pipeline that publishes it is built.
        UpstreamOptions.Upstream mirrored = upstream.upstream(issuer);
        IssuerConfig issuerConfig;
        if (mirrored != null) {
            sources.add(mirrored.source());
            issuerConfig = issuer.config(mirrored.issuer());
        } else {
            issuerConfig = issuer.config(demo);
        }
        if (sources.isEmpty()) {
            throw new BadInputException(
                    "no keys: give --service-account-key-file, --service-account-signing-key-file or --upstream-url");
        }
        return new SourceSelection(issuerConfig, List.copyOf(sources));
    }
}
