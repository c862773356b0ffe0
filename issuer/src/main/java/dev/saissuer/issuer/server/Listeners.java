package dev.saissuer.issuer.server;

import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/** What both listeners share: the HTTP hardening and how a plain or TLS connector is made. */
final class Listeners {
    static final Duration ADMIN_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private Listeners() {}

    /**
     * No version banner; 8 KiB of request line and headers (431 or 414 beyond). No per-connection header
     * cache: it is an 18 KiB table per connection (20 MiB of peak RSS at 256 connections) to save parsing a
     * few short header names.
     */
    static void harden(HttpConfiguration http) {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        http.setHeaderCacheSize(0);
        http.setIdleTimeout(ADMIN_IDLE_TIMEOUT.toMillis());
    }

    static ServerConnector connector(Server server, HttpConfiguration base, TlsCredentials tls, String host, int port) {
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
