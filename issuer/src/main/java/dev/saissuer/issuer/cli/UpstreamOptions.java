package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.upstream.UpstreamKeySource;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Mirror mode's flags ({@code serve}, {@code publish}): kube-apiserver's discovery document and JWKS as a key
 * source, read with the pod's own service-account token and CA unless told otherwise.
 */
public final class UpstreamOptions {
    @Option(
            names = "--upstream-url",
            paramLabel = "URL",
            description = "Mirror this kube-apiserver's service-account keys (e.g. https://kubernetes.default.svc): "
                    + "its /.well-known/openid-configuration and /openid/v1/jwks are read at every poll. "
                    + "--service-account-issuer may then be omitted: the upstream's issuer is published.")
    String url;

    @Option(
            names = "--upstream-token-file",
            paramLabel = "FILE",
            description = "Bearer token for the upstream, read again before every fetch (default: "
                    + Defaults.IN_CLUSTER_TOKEN + " when it exists).")
    Path tokenFile;

    @Option(
            names = "--upstream-ca-file",
            paramLabel = "FILE",
            description = "PEM CA certificates the upstream's certificate must chain to, re-read when it changes "
                    + "(default: " + Defaults.IN_CLUSTER_CA + " when it exists, else the JVM's trusted CAs).")
    Path caFile;

    /** The upstream source and the issuer to publish with it. */
    public record Upstream(UpstreamKeySource source, IssuerUrl issuer) {}

    public boolean given() {
        return url != null && !url.isEmpty();
    }

    /**
     * Connects to the upstream and learns its issuer, or returns null without {@code --upstream-url}. A given
     * issuer must equal the upstream's (exit 2 naming both). When the first fetch fails, a given issuer is used
     * as is, so that a persisted timeline can be served meanwhile (the pipeline's start decides); without one
     * there is no issuer to publish, and start fails with the fetch's error.
     */
    public Upstream upstream(IssuerOptions issuerOptions) {
        if (!given()) {
            return null;
        }
        UpstreamKeySource.Connection connection = UpstreamKeySource.connect(
                url, orInCluster(tokenFile, Defaults.IN_CLUSTER_TOKEN), orInCluster(caFile, Defaults.IN_CLUSTER_CA));
        IssuerUrl given = issuerOptions.given() ? issuerOptions.issuerUrl() : null;
        IssuerUrl learnt;
        try {
            learnt = connection.fetchIssuer(issuerOptions.insecureHttpLoopback);
        } catch (BadInputException e) {
            if (given == null) {
                throw new BadInputException(
                        e.getMessage()
                                + " (the issuer is learnt from the upstream at start; give --service-account-issuer"
                                + " to serve a --state-dir timeline while the upstream is unreachable)",
                        e);
            }
            LoggerFactory.getLogger("sa-issuer")
                    .warn(
                            "cannot learn the issuer from the upstream, using --service-account-issuer {}: {}",
                            given,
                            e.getMessage());
            return new Upstream(connection.source(given), given);
        }
        if (given != null && !given.value().equals(learnt.value())) {
            throw new BadInputException(
                    "--service-account-issuer \"" + given.value() + "\" differs from the issuer \"" + learnt.value()
                            + "\" of " + connection.discoveryUrl() + "; omit the flag to publish the upstream's");
        }
        return new Upstream(connection.source(learnt), learnt);
    }

    /** The flag's file, else the in-cluster default when it exists (outside a pod it does not). */
    private static Path orInCluster(Path flag, String inCluster) {
        if (flag != null) {
            return flag;
        }
        Path path = Path.of(inCluster);
        return Files.exists(path) ? path : null;
    }
}
