package dev.saissuer.conformance.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code sa-issuer serve} process: the jar the reactor built ({@code issuer/target/sa-issuer.jar}), TLS from
 * the test CA, listening on a free loopback port, publishing the keys of one key directory.
 */
final class SaIssuerServer implements PublishedIssuer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String issuer;
    private final TestCertificateAuthority tls;
    private final Process process;
    private final Path log;
    private final Duration startup;

    /** Options of the rotation model (DESIGN.md): how long a removed key stays published, how often keys are read. */
    record Rotation(Duration keyRetention, Duration keyPollInterval) {
    }

    private SaIssuerServer(String issuer, TestCertificateAuthority tls, Process process, Path log, Duration startup) {
        this.issuer = issuer;
        this.tls = tls;
        this.process = process;
        this.log = log;
        this.startup = startup;
    }

    static Path jar() {
        return Path.of(System.getProperty("sa-issuer.jar", "../issuer/target/sa-issuer.jar")).toAbsolutePath().normalize();
    }

    static SaIssuerServer start(Path workDir, TestCertificateAuthority tls, Path keyDir, Rotation rotation) {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl conformance -am verify builds it)");
        }
        int port = LocalPorts.free();
        String issuer = "https://" + TestCertificateAuthority.SERVER_HOST + ":" + port;
        Path state = workDir.resolve("state");
        Path log = workDir.resolve("sa-issuer.log");
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "serve",
                "--service-account-issuer", issuer,
                "--service-account-key-file", keyDir.toString(),
                "--bind-address", "127.0.0.1", "--port", Integer.toString(port),
                "--tls-cert-file", tls.serverCertificate().toString(),
                "--tls-private-key-file", tls.serverKey().toString(),
                "--key-retention", goDuration(rotation.keyRetention()),
                "--key-poll-interval", goDuration(rotation.keyPollInterval()),
                "--state-dir", state.toString(),
                "--metrics-bind-address", "127.0.0.1:" + LocalPorts.free()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
        Process process = ChildProcesses.start(builder, log);
        SaIssuerServer server = null;
        try {
            SaIssuerServer starting = new SaIssuerServer(issuer, tls, process, log, Duration.ZERO);
            Duration took = Waits.until("sa-issuer to serve " + starting.jwksUrl(), START_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("sa-issuer exited with " + process.exitValue());
                }
                return !starting.publishedKids().isEmpty();
            }, starting::diagnostics);
            server = new SaIssuerServer(issuer, tls, process, log, took);
            return server;
        } finally {
            if (server == null) {
                ChildProcesses.stop(process, Duration.ofSeconds(10));
            }
        }
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public TestCertificateAuthority tls() {
        return tls;
    }

    Duration startup() {
        return startup;
    }

    @Override
    public String diagnostics() {
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
