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

    /** The issuer a mirrored kube-apiserver stand-in names: what the cluster's tokens carry. */
    static final String CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final String issuer;
    private final String url;
    private final KubeApiserverStandIn upstream;
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
            String issuer,
            String url,
            KubeApiserverStandIn upstream,
            TestCertificateAuthority tls,
            Process process,
            Path log,
            Duration startup,
            int metricsPort) {
        this.issuer = issuer;
        this.url = url;
        this.upstream = upstream;
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
        return start(workDir, tls, keyDir, rotation, false);
    }

    /**
     * As {@link #start(Path, TestCertificateAuthority, Path, Rotation)}, or with {@code mirror}: a kube-apiserver
     * stand-in publishes the key directory under {@link #CLUSTER_ISSUER} behind a bearer token, and sa-issuer runs
     * {@code --upstream-url} in front of it, publishing the stand-in's issuer and its own URL as jwks_uri, as the
     * Helm chart's mirror mode does inside a cluster.
     */
    static SaIssuerServer start(
            Path workDir, TestCertificateAuthority tls, Path keyDir, Rotation rotation, boolean mirror) {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build it first (mvn -pl conformance -am verify builds it)");
        }
        int port = LocalPorts.free();
        String url = "https://" + TestCertificateAuthority.SERVER_HOST + ":" + port;
        Path state = workDir.resolve("state");
        Path log = workDir.resolve("sa-issuer.log");
        int metricsPort = LocalPorts.free();
        List<String> source;
        KubeApiserverStandIn upstream = null;
        try {
            Files.createDirectories(state);
            if (mirror) {
                upstream = KubeApiserverStandIn.start(tls.serverContext(), TestCertificateAuthority.SERVER_HOST);
                upstream.serveKeysOf(CLUSTER_ISSUER, keyDir);
                upstream.acceptOnly("interop-token");
                Path token = Files.writeString(workDir.resolve("token"), "interop-token\n");
                source = List.of(
                        "--upstream-url",
                        upstream.url(),
                        "--upstream-token-file",
                        token.toString(),
                        "--upstream-ca-file",
                        tls.caCertificate().toString(),
                        "--service-account-jwks-uri",
                        url + "/openid/v1/jwks");
            } else {
                source = List.of("--service-account-issuer", url, "--service-account-key-file", keyDir.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String issuer = mirror ? CLUSTER_ISSUER : url;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "serve"));
        command.addAll(source);
        command.addAll(List.of(
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
            SaIssuerServer starting =
                    new SaIssuerServer(issuer, url, upstream, tls, process, log, Duration.ZERO, metricsPort);
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
            server = new SaIssuerServer(issuer, url, upstream, tls, process, log, took, metricsPort);
            return server;
        } finally {
            if (server == null) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
                if (upstream != null) {
                    upstream.close();
                }
            }
        }
    }

    /** The issuer URL, exactly as it appears in tokens' {@code iss} and in the discovery document. */
    String issuer() {
        return issuer;
    }

    /** Where sa-issuer serves the discovery document: under the issuer, or the mirror's own URL. */
    String discoveryUrl() {
        return url + "/.well-known/openid-configuration";
    }

    String jwksUrl() {
        return url + "/openid/v1/jwks";
    }

    /** True when sa-issuer mirrors a kube-apiserver stand-in. */
    boolean mirror() {
        return upstream != null;
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
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Durations as sa-issuer reads them (Go syntax, like kube-apiserver): whole seconds are enough here. */
    static String goDuration(Duration duration) {
        return duration.toSeconds() + "s";
    }
}
