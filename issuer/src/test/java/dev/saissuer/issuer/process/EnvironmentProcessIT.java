package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.issuer.server.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every serve flag can come from the environment, TLS included (as the systemd unit and containers set them). */
class EnvironmentProcessIT {
    @Test
    void serveTakesEveryFlagFromTheEnvironment(@TempDir Path dir) throws Exception {
        KeyDirs.Pair key = KeyDirs.generate(dir.resolve("pki"), "sa");
        TestCertificates pki = new TestCertificates();
        Path cert = dir.resolve("pki/tls.crt");
        Path tlsKey = dir.resolve("pki/tls.key");
        pki.writeServer(cert, tlsKey);
        Map<String, String> environment = Map.of(
                "SA_ISSUER_SERVICE_ACCOUNT_ISSUER", "https://localhost/clusters/env",
                "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE", key.publicKey().toString(),
                "SA_ISSUER_TLS_CERT_FILE", cert.toString(),
                "SA_ISSUER_TLS_PRIVATE_KEY_FILE", tlsKey.toString(),
                "SA_ISSUER_CACHE_MAX_AGE", "10m");
        try (ServerProcess server = ServerProcess.serve(dir, environment)) {
            assertTrue(server.url("").startsWith("https://"), server.output());
            HttpClient https =
                    HttpClient.newBuilder().sslContext(pki.clientContext()).build();
            String url = server.url("/clusters/env/openid/v1/jwks").replace("127.0.0.1", "localhost");
            HttpResponse<String> jwks =
                    https.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, jwks.statusCode());
            assertEquals(
                    "public, max-age=600",
                    jwks.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(jwks.body().contains(key.kid()));
        }
    }
}
