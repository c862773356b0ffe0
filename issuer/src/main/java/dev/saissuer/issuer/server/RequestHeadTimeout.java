package dev.saissuer.issuer.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time a client may take to send a whole request head. Jetty restarts its idle timer on every byte,
 * so a client trickling one header byte just inside the idle timeout would hold its connection for ever (a
 * slowloris). Every {@link #SWEEP} this looks at each connection's HTTP parser and closes a connection whose
 * parser has been in the middle of a request head for longer than the limit; between requests, or while a
 * response is written, nothing is counted.
 */
final class RequestHeadTimeout extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadTimeout.class);
    static final Duration SWEEP = Duration.ofMillis(250);

    private final AbstractConnector connector;
    private final long limitNanos;
    private final Map<EndPoint, Long> headStarted = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    RequestHeadTimeout(AbstractConnector connector, Duration limit) {
        this.connector = connector;
        this.limitNanos = limit.toNanos();
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sa-issuer-head-timeout");
            t.setDaemon(true);
            return t;
        });
        long period = SWEEP.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        headStarted.clear();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            headStarted.keySet().removeIf(endPoint -> !endPoint.isOpen());
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                HttpParser parser = parser(endPoint.getConnection());
                if (parser == null || parser.isStart() || !parser.inHeaderState()) {
                    headStarted.remove(endPoint);
                    continue;
                }
                long started = headStarted.computeIfAbsent(endPoint, e -> now);
                if (now - started > limitNanos) {
                    LOG.debug(
                            "closing {}: request head not complete within the limit",
                            endPoint.getRemoteSocketAddress());
                    headStarted.remove(endPoint);
                    endPoint.close();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("request head sweep failed: {}", e.toString());
        }
    }

    /** The HTTP/1.1 parser of a connection, under TLS too; null for anything else (a handshake in progress). */
    private static HttpParser parser(Connection connection) {
        if (connection instanceof SslConnection ssl) {
            connection = ssl.getSslEndPoint().getConnection();
        }
        return connection instanceof HttpConnection http ? http.getParser() : null;
    }
}
