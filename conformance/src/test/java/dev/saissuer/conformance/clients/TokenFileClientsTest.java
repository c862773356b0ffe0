package dev.saissuer.conformance.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file that kubelet rewrites is read again: the next connection or request carries the new token. */
class TokenFileClientsTest {
    @TempDir
    Path dir;

    @Test
    void theAmqpPasswordIsTheFileAsItIsNow() throws IOException {
        Path file = dir.resolve("rabbitmq-token");
        Files.writeString(file, "first.token.value\n");
        TokenFileCredentialsProvider credentials = new TokenFileCredentialsProvider(file);
        assertEquals("first.token.value", credentials.getPassword());
        Files.writeString(file, "second.token.value");
        assertEquals("second.token.value", credentials.getPassword());
    }

    @Test
    void eachRequestCarriesTheFileAsItIsNow() throws Exception {
        Path file = dir.resolve("opensearch-token");
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            try (exchange) {
                received.add(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/_plugins/_security/authinfo");
            BearerTokenFile bearer = new BearerTokenFile(file);
            HttpClient http = HttpClient.newHttpClient();
            Files.writeString(file, "first.token.value");
            http.send(bearer.get(uri), HttpResponse.BodyHandlers.discarding());
            Files.writeString(file, "second.token.value\n");
            http.send(bearer.get(uri), HttpResponse.BodyHandlers.discarding());
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("Bearer first.token.value", "Bearer second.token.value"), received);
    }
}
