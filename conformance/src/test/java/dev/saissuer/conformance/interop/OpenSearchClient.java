package dev.saissuer.conformance.interop;

import dev.saissuer.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/** HTTPS requests to the private OpenSearch node, trusting only its own (demo) CA, as a bearer or as admin. */
final class OpenSearchClient {
    private final HttpClient client;
    private final String base;

    OpenSearchClient(Path caCertificate, int port) {
        this.client = HttpClient.newBuilder()
                .sslContext(TestCa.trusting(read(caCertificate)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        // The demo node certificate names DNS:localhost.
        this.base = "https://localhost:" + port;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), authorization);
    }

    HttpResponse<String> put(String path, String json, String authorization) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json"),
                authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) {
        try {
            return client.send(
                    request.header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static X509Certificate read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }
}
