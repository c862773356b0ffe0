package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/** A real {@code sa-issuer} process started from a deploy/ command line, talked to over HTTPS. */
final class SaIssuerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final HttpClient client;
    private final String base;

    private SaIssuerProcess(Process process, Path log, SSLContext tls, int port) {
        this.process = process;
        this.log = log;
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = "https://localhost:" + port;
    }

    /** The built jar (failsafe runs *IT after package, in the module directory). */
    static Path jar() {
        Path jar = Path.of("target/sa-issuer.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is built before the integration tests");
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static SaIssuerProcess start(
            List<String> command, Map<String, String> environment, Path log, SSLContext tls, int port)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
        builder.environment().putAll(environment);
        SaIssuerProcess started = new SaIssuerProcess(builder.start(), log, tls, port);
        try {
            started.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            started.process.destroyForcibly(); // a test that fails here must still leave no process behind
            throw e;
        }
        return started;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("sa-issuer exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (get("/readyz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "not ready on " + base + "/readyz within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as the kubelet and systemd stop it; the contract is exit 0. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("sa-issuer did not stop on SIGTERM within 20s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping sa-issuer", e);
        }
        assertEquals(0, process.exitValue(), "exit code after SIGTERM");
    }
}
