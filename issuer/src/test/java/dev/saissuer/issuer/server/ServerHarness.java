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
                new ListenerConfig("127.0.0.1", 0, Duration.ofSeconds(30), 1024, null),
                new AdminConfig("127.0.0.1", 0));
    }

    static ServeConfig withTls(ServeConfig c, Path cert, Path key) {
        ListenerConfig l = c.listener();
        return new ServeConfig(
                c.issuer(),
                c.sources(),
                c.rotation(),
                new ListenerConfig(
                        l.bindAddress(),
                        l.port(),
                        l.idleTimeout(),
                        l.maxConnections(),
                        new ListenerConfig.Tls(cert, key)),
                c.admin());
    }

    static ServeConfig withIdleTimeout(ServeConfig c, Duration idle) {
        ListenerConfig l = c.listener();
        return new ServeConfig(
                c.issuer(),
                c.sources(),
                c.rotation(),
                new ListenerConfig(l.bindAddress(), l.port(), idle, l.maxConnections(), l.tls()),
                c.admin());
    }

    static ServeConfig withMaxConnections(ServeConfig c, int max) {
        ListenerConfig l = c.listener();
        return new ServeConfig(
                c.issuer(),
                c.sources(),
                c.rotation(),
                new ListenerConfig(l.bindAddress(), l.port(), l.idleTimeout(), max, l.tls()),
                c.admin());
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
