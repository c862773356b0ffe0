package dev.saissuer.issuer.server;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.Pipeline;
import dev.saissuer.issuer.pipeline.Publication;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.keys.FileKeySource;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeySource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real in-process server on ephemeral loopback ports, wired as {@code serve} wires it, for tests. */
final class ServerHarness implements AutoCloseable {
    private final IssuerServer server;
    private final Pipeline pipeline;

    private ServerHarness(IssuerServer server, Pipeline pipeline) {
        this.server = server;
        this.pipeline = pipeline;
    }

    static ServeConfig config(String issuer, List<Path> sources) {
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        List<KeySource> keySources =
                sources.stream().map(p -> (KeySource) FileKeySource.of(p)).toList();
        return new ServeConfig(
                new IssuerConfig(url, url.defaultJwksUri()),
                keySources,
                new RotationConfig(Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(5), null),
                new ListenerConfig("127.0.0.1", 0, Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, null),
                new AdminConfig("127.0.0.1", 0));
    }

    static ServeConfig withTls(ServeConfig c, Path cert, Path key) {
        return withListener(
                c,
                l -> new ListenerConfig(
                        l.bindAddress(),
                        l.port(),
                        l.idleTimeout(),
                        l.requestHeadTimeout(),
                        l.maxConnections(),
                        new ListenerConfig.Tls(cert, key)));
    }

    static ServeConfig withIdleTimeout(ServeConfig c, Duration idle) {
        return withListener(
                c,
                l -> new ListenerConfig(
                        l.bindAddress(), l.port(), idle, l.requestHeadTimeout(), l.maxConnections(), l.tls()));
    }

    static ServeConfig withMaxConnections(ServeConfig c, int max) {
        return withListener(
                c,
                l -> new ListenerConfig(
                        l.bindAddress(), l.port(), l.idleTimeout(), l.requestHeadTimeout(), max, l.tls()));
    }

    static ServeConfig withRequestHeadTimeout(ServeConfig c, Duration headTimeout) {
        return withListener(
                c,
                l -> new ListenerConfig(
                        l.bindAddress(), l.port(), l.idleTimeout(), headTimeout, l.maxConnections(), l.tls()));
    }

    private static ServeConfig withListener(ServeConfig c, UnaryOperator<ListenerConfig> change) {
        return new ServeConfig(c.issuer(), c.sources(), c.rotation(), change.apply(c.listener()), c.admin());
    }

    static ServerHarness start(ServeConfig config) throws Exception {
        Publication publication = new Publication();
        IssuerServer server = IssuerServer.start(config, publication::current, Clock.systemUTC());
        Pipeline pipeline = Pipeline.start(
                config.issuer(), config.sources(), config.rotation(), null, Clock.systemUTC(), publication);
        pipeline.watch(server.tlsFiles(), server.tlsReloads());
        return new ServerHarness(server, pipeline);
    }

    int port() {
        return server.port();
    }

    int adminPort() {
        return server.adminPort();
    }

    @Override
    public void close() {
        pipeline.close();
        server.close();
    }
}
