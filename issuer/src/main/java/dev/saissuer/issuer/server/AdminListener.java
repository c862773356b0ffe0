package dev.saissuer.issuer.server;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.pipeline.PublishedState;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener, a Javalin app of its own: {@code /healthz}, {@code /readyz}, {@code /metrics} and
 * {@code /status}, for probes, scrapers and operators. It is a separate server from the public listener, so no
 * admin route can ever be reached on the public address, whatever the ports.
 */
final class AdminListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminListener.class);
    private static final String NO_STORE = "no-store";

    private final Javalin app;
    private ServerConnector connector;

    AdminListener(AdminConfig config, Supplier<PublishedState> states, IssuerMetrics metrics, Supplier<byte[]> status) {
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.router.ignoreTrailingSlashes = false;
            QueuedThreadPool pool = new QueuedThreadPool(8, 1, 60_000);
            pool.setName("sa-issuer-admin");
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new PlainErrorHandler());
                server.setStopTimeout(2_000);
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new PlainErrorHandler()));
            cfg.jetty.modifyHttpConfiguration(Listeners::harden);
            cfg.jetty.addConnector((server, http) -> {
                connector = Listeners.connector(server, http, null, config.bindAddress(), config.port());
                return connector;
            });
            cfg.routes.get("/healthz", ctx -> text(ctx, metrics, Route.HEALTHZ, 200, PublicRoutes.OK));
            cfg.routes.get("/readyz", ctx -> {
                boolean ready = states.get() != null;
                text(ctx, metrics, Route.READYZ, ready ? 200 : 503, ready ? PublicRoutes.OK : PublicRoutes.NOT_READY);
            });
            cfg.routes.get("/metrics", ctx -> {
                ctx.header("Cache-Control", NO_STORE).header("X-Content-Type-Options", "nosniff");
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
                metrics.countRequest(Route.METRICS, 200);
            });
            cfg.routes.get("/status", ctx -> {
                if (states.get() == null) {
                    text(ctx, metrics, Route.STATUS, 503, PublicRoutes.NOT_READY);
                    return;
                }
                ctx.header("Cache-Control", NO_STORE).header("X-Content-Type-Options", "nosniff");
                ctx.contentType(MediaTypes.JSON).result(status.get());
                metrics.countRequest(Route.STATUS, 200);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("admin request {} failed", ctx.path(), e);
                ctx.status(500).contentType(PublicRoutes.TEXT).result("500 Internal Server Error\n");
            });
        });
    }

    void start() {
        app.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    private static void text(Context ctx, IssuerMetrics metrics, Route route, int status, ByteBuffer body) {
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        ctx.status(status).header("Cache-Control", NO_STORE).header("X-Content-Type-Options", "nosniff");
        ctx.contentType(PublicRoutes.TEXT).result(bytes);
        metrics.countRequest(route, status);
    }

    /**
     * Stops the admin listener. Jetty's graceful stop waits for open (keep-alive) connections to close and
     * reports the rest as a timeout once the listener has stopped all the same: that is no failure here.
     */
    @Override
    public void close() {
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.debug("admin listener stopped with connections still open", e);
        }
    }
}
