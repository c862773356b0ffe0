package dev.saissuer.conformance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code sa-issuer serve} process from the built jar, over TLS on a free loopback port, with the test CA's
 * localhost certificate. Closing it sends SIGTERM and waits; nothing is left running.
 */
final class SaIssuerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final String issuer;
    private final int port;
    private final String localBase;
    private final Path log;

    private SaIssuerProcess(Process process, String issuer, int port, String path, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.port = port;
        this.localBase = "https://localhost:" + port + path;
        this.log = log;
    }

    /** Starts serve for https://localhost:PORT + path, signing key file given; retries if the port was taken. */
    static SaIssuerProcess start(TestPki pki, Path workDir, Path signingKeyFile, String path)
            throws IOException, InterruptedException {
        return start(pki, workDir, signingKeyFile, null, path);
    }

    /**
     * With an origin (https://issuer.example), serve for origin + path while listening on a loopback port: reached
     * through a {@link ForwardingProxy} to {@link #port()}.
     */
    static SaIssuerProcess start(TestPki pki, Path workDir, Path signingKeyFile, String origin, String path)
            throws IOException, InterruptedException {
        AssertionError last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            String issuer = (origin == null ? "https://localhost:" + port : origin) + path;
            Path log = workDir.resolve("sa-issuer-" + port + ".log");
            Path stateDir = Files.createDirectories(workDir.resolve("state-" + port));
            List<String> command = new ArrayList<>(SaIssuerJar.command(
                    "serve",
                    "--service-account-issuer",
                    issuer,
                    "--service-account-signing-key-file",
                    signingKeyFile.toString(),
                    "--bind-address",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--metrics-bind-address",
                    "127.0.0.1:0",
                    "--tls-cert-file",
                    pki.serverCertificate.toString(),
                    "--tls-private-key-file",
                    pki.serverPrivateKey.toString(),
                    "--state-dir",
                    stateDir.toString()));
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            SaIssuerProcess started = new SaIssuerProcess(process, issuer, port, path, log);
            try {
                started.awaitReady(pki);
                return started;
            } catch (AssertionError e) {
                started.close();
                last = e;
            }
        }
        throw last;
    }

    String issuer() {
        return issuer;
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Polls the discovery document over TLS until it answers 200, the process dies, or the time runs out. */
    private void awaitReady(TestPki pki) throws InterruptedException {
        HttpClient http;
        try {
            http = HttpClient.newBuilder()
                    .sslContext(pki.clientContext())
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        URI discovery = Observed.discoveryUri(localBase);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("sa-issuer exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(discovery)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("sa-issuer did not serve " + discovery + " within " + START_TIMEOUT + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** SIGTERM, then wait; sa-issuer exits 0 on SIGTERM. Forcibly after 10s so no test leaves a process behind. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
