package dev.saissuer.conformance.interop;

import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.KubeApiserverStandIn;
import dev.saissuer.testkit.SaIssuerLaunch;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sa-issuer a relying party under test talks to: a {@link SaIssuerProcess} over TLS from a fresh {@link TestCa},
 * publishing one key directory, either itself or, in mirror mode, through a {@link KubeApiserverStandIn} that
 * publishes the directory under {@link #CLUSTER_ISSUER} behind a bearer token (as the Helm chart's mirror mode runs
 * inside a cluster).
 */
final class InteropIssuer implements AutoCloseable {
    /** The issuer a mirrored kube-apiserver stand-in names: what the cluster's tokens carry. */
    static final String CLUSTER_ISSUER = "https://kubernetes.default.svc.cluster.local";

    private static final String JWKS = "/openid/v1/jwks";
    private static final String TOKEN = "interop-token";

    private final SaIssuerProcess process;
    private final KubeApiserverStandIn upstream;
    private final Path caCertificate;

    /** Options of the rotation model (docs/rotation.md): how long a removed key stays published, how often keys are read. */
    record Rotation(Duration keyRetention, Duration keyPollInterval) {
        static final Rotation DEFAULTS = new Rotation(Duration.ofHours(24), Duration.ofSeconds(5));
    }

    private InteropIssuer(SaIssuerProcess process, KubeApiserverStandIn upstream, Path caCertificate) {
        this.process = process;
        this.upstream = upstream;
        this.caCertificate = caCertificate;
    }

    static InteropIssuer start(Path workDir, Path keyDir, Rotation rotation, boolean mirror) throws IOException {
        Files.createDirectories(workDir);
        TestCa ca = TestCa.create();
        Path caCertificate = ca.writeCertificate(workDir.resolve("ca.pem"));
        List<String> common = List.of(
                "--key-retention",
                rotation.keyRetention().toSeconds() + "s",
                "--key-poll-interval",
                rotation.keyPollInterval().toSeconds() + "s",
                "--state-dir",
                Files.createDirectories(workDir.resolve("state")).toString());
        if (!mirror) {
            SaIssuerProcess process = SaIssuerProcess.serve(workDir, "--service-account-key-file", keyDir.toString())
                    .flags(common.toArray(String[]::new))
                    .issuerOnFreePort("https://" + TestCa.HOST + ":%d")
                    .tls(ca)
                    .start();
            return new InteropIssuer(process, null, caCertificate);
        }
        KubeApiserverStandIn upstream = KubeApiserverStandIn.start(ca.serverContext(), TestCa.HOST);
        try {
            upstream.serveEachRequest(() -> kubeApiserverDocuments(keyDir));
            upstream.acceptOnly(TOKEN);
            Path token = Files.writeString(workDir.resolve("token"), TOKEN + "\n");
            // The jwks_uri names the mirror's own URL, so its port is chosen before it starts.
            int port = FreePorts.loopback();
            SaIssuerLaunch launch = SaIssuerProcess.serve(
                            workDir,
                            "--upstream-url",
                            upstream.url(),
                            "--upstream-token-file",
                            token.toString(),
                            "--upstream-ca-file",
                            caCertificate.toString(),
                            "--port",
                            Integer.toString(port),
                            "--service-account-jwks-uri",
                            "https://" + TestCa.HOST + ":" + port + JWKS)
                    .flags(common.toArray(String[]::new))
                    .tls(ca);
            return new InteropIssuer(launch.start(), upstream, caCertificate);
        } catch (RuntimeException | Error e) {
            upstream.close();
            throw e;
        }
    }

    /** The key directory's public keys as kube-apiserver renders them, read again on every request. */
    private static KubeApiserverStandIn.Documents kubeApiserverDocuments(Path keyDir) {
        IssuerDocuments documents = IssuerDocuments.render(
                IssuerUrl.parse(CLUSTER_ISSUER, false),
                KubeApiserverStandIn.EXTERNAL_JWKS_URI,
                KeyFiles.readPublicKeys(keyDir));
        return new KubeApiserverStandIn.Documents(
                documents.discovery().bytes(), documents.jwks().bytes());
    }

    /** The issuer URL, exactly as it appears in tokens' {@code iss} and in the discovery document. */
    String issuer() {
        return process.issuer();
    }

    /** Where sa-issuer serves the discovery document: under the issuer, or the mirror's own URL. */
    String discoveryUrl() {
        return process.url("/.well-known/openid-configuration");
    }

    String jwksUrl() {
        return process.url(JWKS);
    }

    /** True when sa-issuer mirrors a kube-apiserver stand-in. */
    boolean mirror() {
        return upstream != null;
    }

    /** The CA certificate (PEM) that sa-issuer's serving certificate chains to. */
    Path caCertificate() {
        return caCertificate;
    }

    /** The kids in the JWKS sa-issuer serves right now, fetched as a relying party fetches them. */
    Set<String> publishedKids() throws IOException, InterruptedException {
        return new LinkedHashSet<>(process.kids(JWKS));
    }

    /**
     * How many requests for {@code route} (such as {@code discovery}) sa-issuer has answered with 200, from its
     * {@code sa_issuer_http_requests} counter on the admin listener: what relying parties fetched.
     */
    long served(String route) throws IOException, InterruptedException {
        String series = "route=\"" + route + "\"";
        return process.get(process.admin("/metrics"))
                .body()
                .lines()
                .filter(line -> line.startsWith("sa_issuer_http_requests") && line.contains(series))
                .filter(line -> line.contains("status=\"200\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Waits until the JWKS holds {@code kid}; returns how long that took. */
    Duration awaitPublished(String kid, Duration timeout) {
        return process.await("kid " + kid + " in " + jwksUrl(), timeout, () -> publishedKids()
                .contains(kid));
    }

    Duration startup() {
        return process.startup();
    }

    String diagnostics() {
        return process.diagnostics();
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
