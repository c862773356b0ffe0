package dev.saissuer.issuer.server;

import dev.saissuer.issuer.pipeline.PublishedState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP sink of the pipeline: the public listener (a Jetty server whose only handler writes the published
 * documents' bytes) and the admin listener (a Javalin app: health, metrics, status), two servers with nothing
 * in common but the published state they read. The public listener starts first; until the first state is
 * published both answer {@code /readyz} with 503 and the documents with 503.
 */
public final class IssuerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerServer.class);
    static final int MAX_THREADS = 8;

    private final ListenerConfig listener;
    private final TlsCredentials tls;
    private final Server publicServer;
    private final ServerConnector publicConnector;
    private final Supplier<AdminListener> newAdmin;
    private volatile AdminListener admin;

    private IssuerServer(ServeConfig config, Supplier<PublishedState> states, Clock clock) throws Exception {
        this.listener = config.listener();
        avoidPlatformMBeanServer();
        IssuerMetrics metrics = new IssuerMetrics(states, clock::instant);
        this.tls = listener.tls() == null
                ? null
                : new TlsCredentials(listener.tls().certFile(), listener.tls().keyFile());
        this.publicServer = new Server(threadPool());
        publicServer.setErrorHandler(new PlainErrorHandler());
        publicServer.setStopTimeout(5_000);
        HttpConfiguration http = new HttpConfiguration();
        Listeners.harden(http);
        http.setIdleTimeout(listener.idleTimeout().toMillis());
        // Routes are exact raw paths, so an ambiguous path (encoded dots or slashes, empty segments) cannot
        // reach a document by accident: it is a plain 404 rather than Jetty's 400 for ambiguous URIs.
        http.setUriCompliance(UriCompliance.LEGACY);
        this.publicConnector = Listeners.connector(publicServer, http, tls, listener.bindAddress(), listener.port());
        publicServer.addConnector(publicConnector);
        // Past the limit Jetty stops accepting, so connections wait in the kernel's accept queue instead of
        // costing heap; held connections then idle out after a second rather than the full idle timeout.
        NetworkConnectionLimit limit = new NetworkConnectionLimit(listener.maxConnections(), publicConnector);
        limit.setEndPointIdleTimeout(1_000);
        publicServer.addBean(limit);
        publicServer.addBean(new RequestHeadTimeout(publicConnector, listener.requestHeadTimeout()));
        publicServer.setHandler(new PublicHandler(new PublicRoutes(config.issuer(), states), metrics));
        publicServer.start();
        // Made in startAdmin(): even Javalin's configuration loads a few hundred classes.
        this.newAdmin = () -> new AdminListener(
                config.admin(),
                states,
                metrics,
                () -> StatusReport.render(states.get(), config.rotation(), clock.instant()));
    }

    /** Binds and starts both listeners; they serve whatever {@code states} supplies from then on. */
    public static IssuerServer start(ServeConfig config, Supplier<PublishedState> states, Clock clock)
            throws Exception {
        IssuerServer server = startPublic(config, states, clock);
        server.startAdmin();
        return server;
    }

    /**
     * Binds and starts the public listener only. {@code serve} publishes the first state next and starts the
     * admin listener after that ({@link #startAdmin()}): Javalin and its servlet layers (some 600 classes) then
     * load after the first document can be served, not before it.
     */
    public static IssuerServer startPublic(ServeConfig config, Supplier<PublishedState> states, Clock clock)
            throws Exception {
        return new IssuerServer(config, states, clock);
    }

    /** Binds and starts the admin listener; stops the public one too if that fails. */
    public synchronized void startAdmin() throws Exception {
        try {
            admin = newAdmin.get();
            admin.start();
        } catch (RuntimeException e) {
            publicServer.stop();
            throw e;
        }
    }

    public int port() {
        return publicConnector.getLocalPort();
    }

    public int adminPort() {
        return admin.port();
    }

    public String listenUrl() {
        return listener.url(port());
    }

    /** The TLS files, for the reload triggers to watch (none without TLS). */
    public List<Path> tlsFiles() {
        return tls == null
                ? List.of()
                : List.of(listener.tls().certFile(), listener.tls().keyFile());
    }

    /** Reloads the certificate when its files changed; what the reload triggers run besides the key reload. */
    public List<Runnable> tlsReloads() {
        return tls == null ? List.of() : List.of(tls::reloadIfChanged);
    }

    /** Waits until the server has been stopped by {@link #close()}. */
    public void join() throws InterruptedException {
        publicServer.join();
    }

    /** Stops accepting, lets in-flight requests finish (bounded), then stops. */
    @Override
    public void close() {
        AdminListener started = admin;
        if (started != null) {
            started.close();
        }
        try {
            publicServer.stop();
        } catch (TimeoutException e) {
            // Graceful stop waited the stop timeout for keep-alive connections to go; the server is stopped.
            LOG.debug("public listener stopped with connections still open", e);
        } catch (Exception e) {
            LOG.warn("stopping the public listener: {}", e.toString());
        }
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

    /**
     * The public handler never blocks and runs on the selector thread that read the request, so the pool needs
     * little beyond the selector and what Jetty itself dispatches (TLS handshakes, closes). No reserved threads:
     * they exist to hand blocking work over without a wait, which this listener has none of; with them, a burst
     * of 256 new connections left 22 idle pool threads behind (measured: 53 threads, 2-3 MiB more RSS).
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
        pool.setReservedThreads(0);
        pool.setName("sa-issuer-http");
        return pool;
    }
}
