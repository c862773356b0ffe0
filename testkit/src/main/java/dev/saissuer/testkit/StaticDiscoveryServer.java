package dev.saissuer.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A plain-http loopback server answering {@code GET /.well-known/openid-configuration} with a fixed discovery
 * document, for tests of what a client does with a hostile one. Its issuer is {@code http://127.0.0.1:PORT}.
 */
public final class StaticDiscoveryServer implements AutoCloseable {
    private final HttpServer server;

    private StaticDiscoveryServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {"issuer": this server's URL, "jwks_uri": jwksUri} followed by the members in {@code moreJson}. */
    public static StaticDiscoveryServer withJwksUri(String jwksUri, String moreJson) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        String extra = moreJson.isEmpty() ? "" : "," + moreJson;
        byte[] discovery = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"" + extra + "}")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, discovery.length);
            exchange.getResponseBody().write(discovery);
            exchange.close();
        });
        server.start();
        return new StaticDiscoveryServer(server);
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
