package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every serve flag can come from the environment, TLS included (as the systemd unit and containers set them). */
class EnvironmentProcessIT {
    @Test
    void serveTakesEveryFlagFromTheEnvironment(@TempDir Path dir) throws Exception {
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "sa");
        TestCa ca = TestCa.create();
        TestCa.ServerFiles tls = ca.writeServer(dir.resolve("pki"));
        Map<String, String> environment = Map.of(
                "SA_ISSUER_SERVICE_ACCOUNT_ISSUER", "https://localhost/clusters/env",
                "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE", key.publicKey().toString(),
                "SA_ISSUER_TLS_CERT_FILE", tls.certificateChain().toString(),
                "SA_ISSUER_TLS_PRIVATE_KEY_FILE", tls.privateKey().toString(),
                "SA_ISSUER_CACHE_MAX_AGE", "10m");
        try (SaIssuerProcess server = SaIssuerProcess.serve(dir)
                .env(environment)
                .trusting(ca.clientContext())
                .dropRoot()
                .start()) {
            assertTrue(server.url("").startsWith("https://"), server.log());
            HttpResponse<String> jwks = server.get(server.url("/clusters/env/openid/v1/jwks"));
            assertEquals(200, jwks.statusCode());
            assertEquals(
                    "public, max-age=600",
                    jwks.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(jwks.body().contains(key.kid()));
        }
    }
}
