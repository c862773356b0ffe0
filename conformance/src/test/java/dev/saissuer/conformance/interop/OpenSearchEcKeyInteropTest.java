package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private static SaIssuerServer issuer;
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
        rsa = ServiceAccountKeys.generate(keyDir.resolve("sa.key"));
        ec = ecKey(keyDir.resolve("sa-ec.key"));
        TestCertificateAuthority tls = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("tls")));
        issuer = SaIssuerServer.start(dir.resolve("issuer"), tls, keyDir, SaIssuerServer.Rotation.DEFAULTS);
        node = OpenSearchNode.start(dir, issuer);
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
        String token = ServiceAccountKeys.token(key, issuer.issuer(), "demo", "client", AUDIENCE);
        return node.client().get("/_plugins/_security/authinfo", OpenSearchClient.bearer(token));
    }

    private static SigningKey ecKey(Path file) throws IOException {
        Files.writeString(
                file, KeyGeneration.generate(KeyGeneration.KeyType.EC).privatePem(), StandardCharsets.US_ASCII);
        return SigningKey.read(file);
    }
}
