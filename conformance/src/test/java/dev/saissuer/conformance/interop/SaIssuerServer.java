package dev.saissuer.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A real {@code sa-issuer serve} process: the jar the reactor built ({@code issuer/target/sa-issuer.jar}), TLS from
 * the test CA, listening on a free loopback port, publishing the keys of one key directory.
 */
final class SaIssuerServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String issuer;
    private final TestCertificateAuthority tls;
    private final Process process;
    private final Path log;
    private final Duration startup;
    private final int metricsPort;

    /** Options of the rotation model (docs/rotation.md): how long a removed key stays published, how often keys are read. */
    record Rotation(Duration keyRetention, Duration keyPollInterval) {
        static final Rotation DEFAULTS = new Rotation(Duration.ofHours(24), Duration.ofSeconds(5));
    }

    private SaIssuerServer(
            String issuer, TestCertificateAuthority tls, Process process, Path log, Duration startup, int metricsPort) {
        this.issuer = issuer;
        this.tls = tls;
        this.process = process;
        this.log = log;
        this.startup = startup;
        this.metricsPort = metricsPort;
    }

    static Path jar() {
        return Path.of(System.getProperty("sa-issuer.jar", "../issuer/target/sa-issuer.jar"))
                .toAbsolutePath()
                .normalize();
    }

    static SaIssuerServer start(Path workDir, TestCertificateAuthority tls, Path keyDir, Rotation rotation) {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it first (mvn -pl conformance -am verify builds it)");
        }
        int port = LocalPorts.free();
        String issuer = "https://" + TestCertificateAuthority.SERVER_HOST + ":" + port;
        Path state = workDir.resolve("state");
        Path log = workDir.resolve("sa-issuer.log");
        int metricsPort = LocalPorts.free();
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "serve",
                "--service-account-issuer",
                issuer,
                "--service-account-key-file",
                keyDir.toString(),
                "--bind-address",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--tls-cert-file",
                tls.serverCertificate().toString(),
                "--tls-private-key-file",
                tls.serverKey().toString(),
                "--key-retention",
                goDuration(rotation.keyRetention()),
                "--key-poll-interval",
                goDuration(rotation.keyPollInterval()),
                "--state-dir",
                state.toString(),
                "--metrics-bind-address",
                "127.0.0.1:" + metricsPort));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
        Process process = ChildProcesses.start(builder, log);
        SaIssuerServer server = null;
        try {
            SaIssuerServer starting = new SaIssuerServer(issuer, tls, process, log, Duration.ZERO, metricsPort);
            Duration took = Waits.until(
                    "sa-issuer to serve " + starting.jwksUrl(),
                    START_TIMEOUT,
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("sa-issuer exited with " + process.exitValue());
                        }
                        return !starting.publishedKids().isEmpty();
                    },
                    starting::diagnostics);
            server = new SaIssuerServer(issuer, tls, process, log, took, metricsPort);
            return server;
        } finally {
            if (server == null) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
            }
        }
    }

    /** The issuer URL, exactly as it appears in tokens' {@code iss} and in the discovery document. */
    String issuer() {
        return issuer;
    }

    String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    String jwksUrl() {
        return issuer + "/openid/v1/jwks";
    }

    TestCertificateAuthority tls() {
        return tls;
    }

    /** The kids in the JWKS sa-issuer serves right now, fetched as a relying party fetches them. */
    Set<String> publishedKids() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(tls.clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(jwksUrl()))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + jwksUrl() + " answered " + response.statusCode());
        }
        Set<String> kids = new LinkedHashSet<>();
        for (JsonNode key : JSON.readTree(response.body()).path("keys")) {
            kids.add(key.path("kid").asText());
        }
        return kids;
    }

    /**
     * How many requests for {@code route} (such as {@code discovery}) sa-issuer has answered with 200, from its
     * {@code sa_issuer_http_requests} counter on the admin listener: what relying parties fetched.
     */
    long served(String route) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String series = "route=\"" + route + "\"";
        return response.body()
                .lines()
                .filter(line -> line.startsWith("sa_issuer_http_requests") && line.contains(series))
                .filter(line -> line.contains("status=\"200\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Waits until the JWKS holds {@code kid}; returns how long that took. */
    Duration awaitPublished(String kid, Duration timeout) {
        return Waits.until(
                "kid " + kid + " in " + jwksUrl(),
                timeout,
                () -> publishedKids().contains(kid),
                this::diagnostics);
    }

    Duration startup() {
        return startup;
    }

    String diagnostics() {
        return ChildProcesses.tail(log, 30);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }

    /** Durations as sa-issuer reads them (Go syntax, like kube-apiserver): whole seconds are enough here. */
    static String goDuration(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
