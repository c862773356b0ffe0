package dev.saissuer.issuer.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one Jetty (through Javalin) with a public connector, plain or TLS, for the documents and
 * health, and an admin connector (loopback by default) that adds /metrics and /status.
 */
public final class IssuerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerServer.class);

    static final int MAX_THREADS = 32;

    private final ServeConfig config;
    private final KeyReloader reloader;
    private final Javalin app;
    private final SourceWatcher watcher;
    private ServerConnector publicConnector;
    private ServerConnector adminConnector;

    private IssuerServer(ServeConfig config, Clock clock) throws IOException {
        this.config = config;
        avoidPlatformMBeanServer();
        IssuerMetrics metrics = new IssuerMetrics();
        this.reloader = KeyReloader.start(config, clock, metrics::countReload);
        metrics.bind(reloader, clock::instant);
        TlsCredentials tls = config.tls() ? new TlsCredentials(config.tlsCertFile(), config.tlsKeyFile()) : null;
        Responder responder = new Responder(
                config, reloader::current, metrics::scrape, () -> StatusReport.render(reloader, clock.instant()));
        DocumentHandler handler = new DocumentHandler(responder, metrics);
        CoreDocumentHandler documents = new CoreDocumentHandler(responder, metrics);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.threadPool = threadPool();
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new PlainErrorHandler());
                server.setStopTimeout(5_000);
                // Javalin attaches its servlet context inside a wrapper it finds here: documents bypass the servlet
                // layers.
                server.setHandler(documents);
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new PlainErrorHandler()));
            cfg.jetty.modifyHttpConfiguration(http -> harden(http, config.idleTimeout()));
            cfg.jetty.addConnector((server, http) -> {
                publicConnector = connector(server, http, tls, config.bindAddress(), config.port());
                documents.publicConnector(publicConnector);
                return publicConnector;
            });
            cfg.jetty.addConnector((server, http) ->
                    adminConnector = connector(server, http, null, config.metricsBindAddress(), config.metricsPort()));
            cfg.routes.before(handler::handle);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} failed", ctx.path(), e);
                ctx.status(500).contentType("text/plain; charset=utf-8").result("500 Internal Server Error\n");
            });
        });
        app.start();
        handler.adminPort(adminConnector.getLocalPort());
        List<Runnable> reloads = new ArrayList<>();
        reloads.add(reloader::reload);
        List<java.nio.file.Path> watched = new ArrayList<>(config.keySources());
        if (tls != null) {
            reloads.add(tls::reloadIfChanged);
            watched.add(config.tlsCertFile());
            watched.add(config.tlsKeyFile());
        }
        this.watcher = new SourceWatcher(watched, config.keyPollInterval(), reloads);
    }

    public static IssuerServer start(ServeConfig config, Clock clock) throws IOException {
        return new IssuerServer(config, clock);
    }

    public int port() {
        return publicConnector.getLocalPort();
    }

    public int adminPort() {
        return adminConnector.getLocalPort();
    }

    public KeyReloader reloader() {
        return reloader;
    }

    public void requestReload() {
        watcher.requestReload();
    }

    public String listenUrl() {
        return config.listenUrl(port());
    }

    /** Stops accepting, lets in-flight requests finish (bounded), then stops. */
    @Override
    public void close() {
        watcher.close();
        app.stop();
    }

    /**
     * Jetty's MemoryUtils asks the platform MBean server whether oops are compressed, to pad its counters to a
     * cache line; that starts JMX (some 200 classes, ~10 % of the time to the first response). Told the answer,
     * it does not ask: references are 4 bytes with compressed oops, which every heap under 32 GiB has.
     */
    private static void avoidPlatformMBeanServer() {
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    /** Documents are answered without blocking, so a few threads keep up with hundreds of connections; fewer stacks, less RSS. */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
        pool.setName("sa-issuer-http");
        return pool;
    }

    /**
     * No version banner; 8 KiB of request line and headers (431 or 414 beyond); idle connections closed. No
     * per-connection header cache: it is an 18 KiB table per connection (20 MiB of peak RSS at 256
     * connections) to save parsing a few short header names.
     */
    private static void harden(HttpConfiguration http, java.time.Duration idleTimeout) {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        http.setIdleTimeout(idleTimeout.toMillis());
        http.setHeaderCacheSize(0);
    }

    private static ServerConnector connector(
            Server server, HttpConfiguration base, TlsCredentials tls, String host, int port) {
        HttpConfiguration http = new HttpConfiguration(base);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(
                    server, new SslConnectionFactory(tls.factory(), "http/1.1"), new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(http.getIdleTimeout());
        return connector;
    }
}
