package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.keys.SigningKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenSearch 2.19.4's security plugin (openid auth domain of compose/opensearch/config.yml) takes a service-account
 * token as a bearer token, verified with the keys a real sa-issuer publishes; roles_mapping.yml maps the
 * {@code system:serviceaccount:demo:client} user to a read-only role.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OpenSearchInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIENCE = "opensearch";
    private static final String NAMESPACE = "demo";
    private static final String ACCOUNT = "client";
    private static final String INDEX = "/orders";

    @TempDir
    static Path dir;

    private static SigningKey published;
    private static SigningKey unpublished;
    private static SaIssuerServer issuer;
    private static OpenSearchNode node;

    @BeforeAll
    static void start(TestInfo test) throws Exception {
        startWith(MirrorMode.class.isAssignableFrom(test.getTestClass().orElseThrow()));
    }

    /** With {@code mirror}, sa-issuer mirrors a kube-apiserver stand-in that publishes the key directory. */
    static void startWith(boolean mirror) throws Exception {
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
        // RSA: OpenSearch 2.19 verifies RSA keys only.
        published = ServiceAccountKeys.generate(keyDir.resolve("sa.key"));
        unpublished = ServiceAccountKeys.generate(dir.resolve("unpublished.key"));
        TestCertificateAuthority tls = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("tls")));
        issuer = SaIssuerServer.start(dir.resolve("issuer"), tls, keyDir, SaIssuerServer.Rotation.DEFAULTS, mirror);
        node = OpenSearchNode.start(dir, issuer);
        System.out.println("interop: sa-issuer serving after "
                + issuer.startup().toMillis() + " ms; OpenSearch " + OpenSearchNode.VERSION + " answering after "
                + node.startup().toMillis() + " ms");
        HttpResponse<String> created =
                node.client().put(INDEX + "/_doc/1?refresh=true", "{\"item\":\"book\"}", node.admin());
        assertEquals(201, created.statusCode(), created::body);
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
    @DisplayName("a valid token searches (200) as user system:serviceaccount:demo:client with the read-only role")
    void validTokenSearches() throws Exception {
        String bearer = OpenSearchClient.bearer(token(published, issuer.issuer(), AUDIENCE));
        HttpResponse<String> search = node.client().get(INDEX + "/_search", bearer);
        assertEquals(200, search.statusCode(), () -> search.body() + "\n" + node.diagnostics());
        assertEquals(
                1,
                JSON.readTree(search.body())
                        .path("hits")
                        .path("total")
                        .path("value")
                        .asInt(),
                search::body);

        HttpResponse<String> whoami = node.client().get("/_plugins/_security/authinfo", bearer);
        assertEquals(200, whoami.statusCode(), whoami::body);
        JsonNode info = JSON.readTree(whoami.body());
        assertEquals(
                "system:serviceaccount:" + NAMESPACE + ":" + ACCOUNT,
                info.path("user_name").asText(),
                whoami::body);
        assertTrue(info.path("roles").toString().contains("orders_reader"), whoami::body);
    }

    @Test
    @DisplayName("a write with the read-only role is forbidden (403)")
    void writeIsForbidden() {
        String bearer = OpenSearchClient.bearer(token(published, issuer.issuer(), AUDIENCE));
        HttpResponse<String> write = node.client().put(INDEX + "/_doc/2", "{\"item\":\"pen\"}", bearer);
        assertEquals(403, write.statusCode(), write::body);
    }

    static Stream<Named<Supplier<String>>> refusedTokens() {
        return Stream.of(
                Named.of(
                        "signed by a key sa-issuer does not publish",
                        () -> token(unpublished, issuer.issuer(), AUDIENCE)),
                Named.of("for another audience", () -> token(published, issuer.issuer(), "rabbitmq")),
                Named.of(
                        "expired",
                        () -> ServiceAccountKeys.expiredToken(
                                published, issuer.issuer(), NAMESPACE, ACCOUNT, AUDIENCE)),
                Named.of("from another issuer", () -> token(published, "https://issuer.example.com", AUDIENCE)),
                // required_issuer is compared as an exact string.
                Named.of("issuer with a trailing slash", () -> token(published, issuer.issuer() + "/", AUDIENCE)));
    }

    @ParameterizedTest(name = "a token {0} is refused (401)")
    @MethodSource("refusedTokens")
    void refused(Supplier<String> token) {
        HttpResponse<String> response =
                node.client().get("/_plugins/_security/authinfo", OpenSearchClient.bearer(token.get()));
        assertEquals(401, response.statusCode(), response::body);
    }

    private static String token(SigningKey key, String tokenIssuer, String audience) {
        return ServiceAccountKeys.token(key, tokenIssuer, NAMESPACE, ACCOUNT, audience);
    }
}
