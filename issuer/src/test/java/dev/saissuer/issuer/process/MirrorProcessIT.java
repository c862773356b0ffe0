package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saissuer.issuer.server.TestCertificates;
import dev.saissuer.issuer.upstream.KubeApiserverStandIn;
import dev.saissuer.keys.Fixtures;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.LoadedKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror mode end to end: a real {@code sa-issuer serve --upstream-url} process in front of a kube-apiserver
 * stand-in that refuses unknown bearer tokens with kube-apiserver's 401 Status body.
 */
class MirrorProcessIT {
    private static final String CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String JWKS = "/openid/v1/jwks";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final TestCertificates certificates = new TestCertificates();
    private KubeApiserverStandIn upstream;
    private Path tokenFile;
    private Path caFile;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = KubeApiserverStandIn.start(certificates.serverContext(), "127.0.0.1");
        caFile = dir.resolve("ca.crt");
        certificates.writeCa(caFile);
        tokenFile = dir.resolve("token");
        writeToken("token-1");
        upstream.acceptOnly("token-1");
    }

    @AfterEach
    void stopUpstream() {
        upstream.close();
    }

    @Test
    void servesKubernetesOwnBytesAndTheUpstreamsIssuer() throws Exception {
        byte[] discovery = Files.readAllBytes(Fixtures.kubernetes("openid-configuration.golden.json"));
        byte[] jwks = Files.readAllBytes(Fixtures.kubernetes("jwks.golden.json"));
        upstream.serve(discovery, jwks);
        // The flags from the environment this time, as a Deployment might set them.
        try (ServerProcess mirror = ServerProcess.serve(
                dir,
                java.util.Map.of(
                        "SA_ISSUER_UPSTREAM_URL", upstream.url(),
                        "SA_ISSUER_UPSTREAM_TOKEN_FILE", tokenFile.toString(),
                        "SA_ISSUER_UPSTREAM_CA_FILE", caFile.toString()))) {
            HttpResponse<byte[]> served = getBytes(mirror.url(JWKS));
            assertArrayEquals(jwks, served.body(), "kube-apiserver's JWKS, byte for byte");
            assertEquals(
                    "application/jwk-set+json",
                    served.headers().firstValue("Content-Type").orElse(""));
            assertEquals(
                    "public, max-age=3600",
                    served.headers().firstValue("Cache-Control").orElse(""));
            // The golden discovery document names https://issuer.example.com and its default jwks_uri, which is
            // what the mirror publishes for that issuer: the same bytes.
            assertArrayEquals(
                    discovery,
                    getBytes(mirror.url("/.well-known/openid-configuration")).body());
            JsonNode status = mirror.json(mirror.admin("/status"));
            assertEquals("https://issuer.example.com", status.path("issuer").asText());
            assertEquals(
                    upstream.url(), status.path("sources").get(0).path("name").asText());
            assertTrue(status.path("sources").get(0).path("ok").asBoolean(), status.toString());
            assertEquals(
                    upstream.url() + JWKS + ": key 1",
                    status.path("keys").get(0).path("source").asText());
            // The same keys from files: the same bytes again.
            Path rsa = Files.copy(Fixtures.kubernetes("rsa.pub.pem"), dir.resolve("rsa.pub.pem"));
            Path ecdsa = Files.copy(Fixtures.kubernetes("ecdsa.pub.pem"), dir.resolve("ecdsa.pub.pem"));
            try (ServerProcess files = ServerProcess.serve(
                    dir,
                    "--service-account-issuer",
                    "https://issuer.example.com",
                    "--service-account-key-file",
                    rsa.toString(),
                    "--service-account-key-file",
                    ecdsa.toString())) {
                assertArrayEquals(jwks, getBytes(files.url(JWKS)).body());
            }
        }
    }

    @Test
    void followsTokenRotationAndKeyRotation() throws Exception {
        LoadedKey a = key("a");
        upstream.serve(CLUSTER_ISSUER, List.of(a));
        try (ServerProcess mirror = mirror("--key-poll-interval", "1s", "--key-retention", "4s")) {
            assertEquals(List.of(a.kid()), mirror.kids(JWKS));
            assertEquals(
                    CLUSTER_ISSUER,
                    mirror.json(mirror.url("/.well-known/openid-configuration"))
                            .path("issuer")
                            .asText());

            // kubelet rotates the projected token; kube-apiserver stops accepting the old one.
            upstream.acceptOnly("token-2");
            writeToken("token-2");
            LoadedKey b = key("b");
            upstream.serve(CLUSTER_ISSUER, List.of(a, b));
            long added = System.nanoTime();
            mirror.await("the new key with the new token", WAIT, () -> Set.copyOf(mirror.kids(JWKS))
                    .equals(Set.of(a.kid(), b.kid())));
            System.out.printf(
                    "mirror: key added upstream served after %d ms (poll 1s)%n",
                    (System.nanoTime() - added) / 1_000_000);
            assertTrue(upstream.seenTokens().contains("token-2"));
            assertTrue(source(mirror).path("ok").asBoolean(), source(mirror).toString());

            // The key leaves the upstream: retained for --key-retention, then dropped.
            upstream.serve(CLUSTER_ISSUER, List.of(b));
            mirror.await("key a retained", WAIT, () -> "retained".equals(state(mirror, a.kid())));
            assertEquals(Set.of(a.kid(), b.kid()), Set.copyOf(mirror.kids(JWKS)));
            mirror.await("key a dropped", WAIT, () -> mirror.kids(JWKS).equals(List.of(b.kid())));
        }
    }

    @Test
    void upstreamOutageKeepsTheLastGoodKeysAndReadiness() throws Exception {
        LoadedKey a = key("a");
        upstream.serve(CLUSTER_ISSUER, List.of(a));
        try (ServerProcess mirror = mirror("--key-poll-interval", "500ms", "--key-retention", "1s")) {
            upstream.acceptOnly("someone-else");
            mirror.await("the refused token in /status", WAIT, () -> !source(mirror)
                    .path("ok")
                    .asBoolean());
            assertTrue(
                    source(mirror).path("error").asText().contains("HTTP 401 Unauthorized"),
                    source(mirror).toString());

            upstream.close();
            mirror.await("the outage in /status", WAIT, () -> {
                String error = source(mirror).path("error").asText();
                return error.startsWith("GET " + upstream.url()) && !error.contains("HTTP 401");
            });
            Thread.sleep(1500); // past --key-retention: the key stays because its source is failing, not retained
            assertEquals(List.of(a.kid()), mirror.kids(JWKS));
            assertEquals("current", state(mirror, a.kid()));
            assertEquals(200, mirror.get(mirror.admin("/readyz")).statusCode());
            String metrics = mirror.get(mirror.admin("/metrics")).body();
            assertTrue(metrics.contains("sa_issuer_source_up{source=\"" + upstream.url() + "\"} 0.0"), metrics);
            assertTrue(
                    metrics.contains("sa_issuer_source_last_success_age_seconds{source=\"" + upstream.url()), metrics);
            String log = mirror.output();
            assertEquals(1, count(log, "HTTP 401 Unauthorized"), "each distinct error logged once:\n" + log);
            assertFalse(log.contains("token-1"), "the token is never logged");
        }
    }

    @Test
    void aRotatedClusterCaIsATlsFailureUntilTheCaFileHasTheNewCa() throws Exception {
        LoadedKey a = key("a");
        upstream.serve(CLUSTER_ISSUER, List.of(a));
        try (ServerProcess mirror = mirror("--key-poll-interval", "500ms")) {
            // kube-apiserver restarts with a serving certificate from a new cluster CA.
            TestCertificates rotated = new TestCertificates();
            int port = upstream.port();
            upstream.close();
            upstream = KubeApiserverStandIn.start(rotated.serverContext(), "127.0.0.1", port);
            upstream.acceptOnly("token-1");
            upstream.serve(CLUSTER_ISSUER, List.of(a));
            mirror.await(
                    "the TLS failure in /status",
                    WAIT,
                    () -> source(mirror).path("error").asText().contains("SSLHandshakeException"));
            LoadedKey b = key("b");
            upstream.serve(CLUSTER_ISSUER, List.of(a, b));
            Path next = dir.resolve("ca.next");
            rotated.writeCa(next);
            Files.move(next, caFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            mirror.await("the new key through the new CA", WAIT, () -> Set.copyOf(mirror.kids(JWKS))
                    .equals(Set.of(a.kid(), b.kid())));
            assertTrue(source(mirror).path("ok").asBoolean(), source(mirror).toString());
        }
    }

    @Test
    void anIssuerChangeUpstreamIsASourceFailureNotASwitch() throws Exception {
        LoadedKey a = key("a");
        upstream.serve(CLUSTER_ISSUER, List.of(a));
        try (ServerProcess mirror = mirror("--key-poll-interval", "500ms")) {
            upstream.serve("https://elsewhere.example.com", List.of(key("b")));
            mirror.await("the issuer change in /status", WAIT, () -> source(mirror)
                    .path("error")
                    .asText()
                    .contains("the upstream issuer is now \"https://elsewhere.example.com\""));
            assertEquals(List.of(a.kid()), mirror.kids(JWKS));
            assertEquals(
                    CLUSTER_ISSUER,
                    mirror.json(mirror.admin("/status")).path("issuer").asText());
        }
    }

    @Test
    void aGivenIssuerDifferentFromTheUpstreamsIsExit2NamingBoth() throws Exception {
        upstream.serve(CLUSTER_ISSUER, List.of(key("a")));
        Result result = run("--service-account-issuer", "https://issuer.example.com");
        assertEquals(2, result.exit(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(
                result.err().contains("\"https://issuer.example.com\"")
                        && result.err().contains(CLUSTER_ISSUER),
                result.err());
    }

    @Test
    void aRefusedTokenAtStartIsANonZeroExitNamingTheStatus() throws Exception {
        upstream.serve(CLUSTER_ISSUER, List.of(key("a")));
        upstream.acceptOnly("another-token");
        Result result = run();
        assertEquals(2, result.exit(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(
                result.err().contains(upstream.url() + "/.well-known/openid-configuration: HTTP 401 Unauthorized"),
                result.err());

        upstream.acceptOnly("token-1");
        upstream.forbidden(true);
        Result forbidden = run();
        assertEquals(2, forbidden.exit(), forbidden.err());
        assertTrue(forbidden.err().contains("HTTP 403 Forbidden"), forbidden.err());
        assertTrue(forbidden.err().contains("system:service-account-issuer-discovery"), forbidden.err());
    }

    @Test
    void withAPersistedTimelineAndTheIssuerGivenItStartsWhileTheUpstreamRefuses() throws Exception {
        LoadedKey a = key("a");
        upstream.serve(CLUSTER_ISSUER, List.of(a));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ServerProcess first = mirror("--state-dir", state.toString())) {
            assertEquals(List.of(a.kid()), first.kids(JWKS));
            assertEquals(0, first.stop(WAIT));
        }
        upstream.acceptOnly("another-token");
        Result noIssuer = run("--state-dir", state.toString());
        assertNotEquals(0, noIssuer.exit(), noIssuer.err());
        assertTrue(noIssuer.err().contains("give --service-account-issuer"), noIssuer.err());

        try (ServerProcess second =
                mirror("--state-dir", state.toString(), "--service-account-issuer", CLUSTER_ISSUER)) {
            assertEquals(List.of(a.kid()), second.kids(JWKS));
            assertFalse(source(second).path("ok").asBoolean());
            assertTrue(second.output().contains("cannot be read at start; serving the 1 key(s)"), second.output());
        }
    }

    private ServerProcess mirror(String... more) throws Exception {
        List<String> flags = new ArrayList<>(List.of(
                "--upstream-url",
                upstream.url(),
                "--upstream-token-file",
                tokenFile.toString(),
                "--upstream-ca-file",
                caFile.toString()));
        flags.addAll(List.of(more));
        return ServerProcess.serve(dir, flags.toArray(String[]::new));
    }

    record Result(int exit, String err) {}

    private Result run(String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ServerProcess.JAR.toString(),
                "serve",
                "--port",
                "0",
                "--metrics-bind-address",
                "127.0.0.1:0",
                "--upstream-url",
                upstream.url(),
                "--upstream-token-file",
                tokenFile.toString(),
                "--upstream-ca-file",
                caFile.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sa-issuer did not exit: " + err);
        }
        return new Result(process.exitValue(), err);
    }

    /** Writes the token as kubelet does: a new file moved into place, never a half-written one. */
    private void writeToken(String token) throws Exception {
        Path next = dir.resolve("token.next");
        Files.writeString(next, token + "\n");
        Files.move(next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private LoadedKey key(String name) throws Exception {
        return KeyFiles.readPublicKeys(
                        KeyDirs.generate(dir.resolve("upstream-keys"), name).publicKey())
                .get(0);
    }

    private static JsonNode source(ServerProcess mirror) throws Exception {
        return mirror.json(mirror.admin("/status")).path("sources").get(0);
    }

    private static String state(ServerProcess mirror, String kid) throws Exception {
        for (JsonNode key : mirror.json(mirror.admin("/status")).path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return key.path("state").asText();
            }
        }
        return "absent";
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static HttpResponse<byte[]> getBytes(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}
