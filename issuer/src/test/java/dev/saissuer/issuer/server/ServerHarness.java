package dev.saissuer.issuer.server;

import dev.saissuer.keys.IssuerUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Starts a real in-process server on ephemeral ports for tests. */
final class ServerHarness {
    private ServerHarness() {}

    static ServeConfig config(String issuer, List<Path> sources) {
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        return new ServeConfig(
                url,
                url.defaultJwksUri(),
                sources,
                null,
                "127.0.0.1",
                0,
                null,
                null,
                Duration.ofHours(1),
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                null,
                "127.0.0.1",
                0,
                Duration.ofSeconds(30));
    }

    static ServeConfig withTls(ServeConfig c, Path cert, Path key) {
        return new ServeConfig(
                c.issuer(),
                c.jwksUri(),
                c.keySources(),
                c.signingKeyFile(),
                c.bindAddress(),
                c.port(),
                cert,
                key,
                c.cacheMaxAge(),
                c.keyRetention(),
                c.keyPollInterval(),
                c.stateDir(),
                c.metricsBindAddress(),
                c.metricsPort(),
                c.idleTimeout());
    }

    static ServeConfig withIdleTimeout(ServeConfig c, Duration idle) {
        return new ServeConfig(
                c.issuer(),
                c.jwksUri(),
                c.keySources(),
                c.signingKeyFile(),
                c.bindAddress(),
                c.port(),
                c.tlsCertFile(),
                c.tlsKeyFile(),
                c.cacheMaxAge(),
                c.keyRetention(),
                c.keyPollInterval(),
                c.stateDir(),
                c.metricsBindAddress(),
                c.metricsPort(),
                idle);
    }

    static IssuerServer start(ServeConfig config) throws IOException {
        return IssuerServer.start(config, Clock.systemUTC());
    }
}
