package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind the conformance kit's {@code opensearch-rsa-keys} profile check: with an RSA and an EC
 * P-256 key both published, OpenSearch 2.19.4 accepts the RSA-signed token and refuses the EC-signed one (401),
 * though both are valid for its audience and issuer.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OpenSearchEcKeyInteropTest {
    private static final String AUDIENCE = "opensearch";

    @TempDir
    static Path dir;

    private static SigningKey rsa;
    private static SigningKey ec;
    private static SaIssuerProcess issuer;
    private static OpenSearchNode node;

    @BeforeAll
    static void start() throws Exception {
        InteropRequirements.require(
                OpenSearchNode.installed(),
                "OpenSearch " + OpenSearchNode.VERSION + " is not prepared in " + OpenSearchNode.preparedInstall(),
                "bash .ci/setup.d/opensearch.sh");
        InteropRequirements.require(
                !OpenSearchNode.runningAsRoot()
                        || ChildProcesses.run(Duration.ofSeconds(10), List.of("id", "-u", OpenSearchNode.RUN_AS_USER))
                                == 0,
                "user " + OpenSearchNode.RUN_AS_USER + " (OpenSearch refuses to run as root) does not exist",
                "bash .ci/setup.d/opensearch.sh");
        Path keyDir = Files.createDirectories(dir.resolve("keys"));
        rsa = SigningKey.read(TestKeys.writePrivate(TestKeys.Type.RSA, keyDir.resolve("sa.key")));
        ec = SigningKey.read(TestKeys.writePrivate(TestKeys.Type.EC, keyDir.resolve("sa-ec.key")));
        TestCa ca = TestCa.create();
        Path caCertificate = ca.writeCertificate(dir.resolve("ca.pem"));
        issuer = SaIssuerProcess.serve(
                        Files.createDirectories(dir.resolve("issuer")),
                        "--service-account-key-file",
                        keyDir.toString(),
                        "--state-dir",
                        dir.resolve("issuer/state").toString())
                .issuerOnFreePort("https://" + TestCa.HOST + ":%d")
                .tls(ca)
                .start();
        node = OpenSearchNode.start(
                dir, issuer.issuer(), issuer.url("/.well-known/openid-configuration"), caCertificate);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    @DisplayName("an RSA-signed token is accepted beside a published EC key (200)")
    void rsaAccepted() {
        HttpResponse<String> response = authinfo(rsa);
        assertEquals(200, response.statusCode(), () -> response.body() + "\n" + node.diagnostics());
    }

    @Test
    @DisplayName("an EC-signed token, valid in every other way, is refused (401)")
    void ecRefused() {
        HttpResponse<String> response = authinfo(ec);
        assertEquals(401, response.statusCode(), response::body);
    }

    private static HttpResponse<String> authinfo(SigningKey key) {
        String token = ServiceAccountTokens.token(key, issuer.issuer(), "demo", "client", AUDIENCE);
        return node.client().get("/_plugins/_security/authinfo", OpenSearchClient.bearer(token));
    }
}
