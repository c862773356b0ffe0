package dev.saissuer.issuer.server;

import dev.saissuer.keys.IssuerUrl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything {@code sa-issuer serve} was told, validated. */
public record ServeConfig(
        IssuerUrl issuer,
        URI jwksUri,
        List<Path> keySources,
        Path signingKeyFile,
        String bindAddress,
        int port,
        Path tlsCertFile,
        Path tlsKeyFile,
        Duration cacheMaxAge,
        Duration keyRetention,
        Duration keyPollInterval,
        Path stateDir,
        String metricsBindAddress,
        int metricsPort,
        Duration idleTimeout) {

    public boolean tls() {
        return tlsCertFile != null;
    }

    public String listenUrl(int boundPort) {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return (tls() ? "https://" : "http://") + host + ":" + boundPort;
    }
}
