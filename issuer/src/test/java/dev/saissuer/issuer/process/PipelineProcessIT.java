package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pipeline restructure promised, on a real process: listeners told apart by connector, SIGHUP safe
 * from the first instant, and a restart mid-rotation with a broken key file serving the persisted keys.
 */
class PipelineProcessIT {
    private static final String ISSUER = "https://issuer.example.com";
    private static final String JWKS = "/openid/v1/jwks";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Same port on two loopback addresses: the admin routes answer only on the admin one. */
    @Test
    void adminRoutesAreNotServedOnThePublicAddressThatSharesTheirPort(@TempDir Path dir) throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "a");
        int port = FreePorts.loopback();
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        a.publicKey().toString(),
                        "--bind-address",
                        "127.0.0.2",
                        "--port",
                        Integer.toString(port),
                        "--metrics-bind-address",
                        "127.0.0.1:" + port)
                .start()) {
            String publicBase = "http://127.0.0.2:" + port;
            assertEquals(200, server.get(publicBase + JWKS).statusCode());
            for (String adminPath : List.of("/metrics", "/status")) {
                assertEquals(
                        404, server.get(publicBase + adminPath).statusCode(), adminPath + " on the public address");
                assertEquals(
                        200, server.get("http://127.0.0.1:" + port + adminPath).statusCode(), adminPath + " on admin");
            }
            assertEquals(404, server.get("http://127.0.0.1:" + port + JWKS).statusCode(), "JWKS on the admin address");
        }
    }

    /**
     * A SIGHUP sent during start-up must not hit the JVM's default action (exit 129). It is sent as soon as the
     * public listener accepts connections, which it does before the key sources are read and the server is
     * ready. (A SIGHUP before the JVM runs any of our code falls in its own start-up, which no Java code guards.)
     */
    @Test
    void aHangupDuringStartUpIsSurvived(@TempDir Path dir) throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "a");
        int port = FreePorts.loopback();
        int adminPort = FreePorts.loopback();
        try (JavaJar.Running server = JavaJar.saIssuer()
                .start(
                        dir,
                        Map.of(),
                        "serve",
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        a.publicKey().toString(),
                        "--bind-address",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--metrics-bind-address",
                        "127.0.0.1:" + adminPort)) {
            server.await(
                    "the public listener",
                    WAIT,
                    () -> accepts(port) || !server.process().isAlive());
            hangUp(server.process());
            server.await(
                    "ready", WAIT, () -> ready(adminPort) || !server.process().isAlive());
            hangUp(server.process());
            server.await("ready after a second SIGHUP", WAIT, () -> ready(adminPort));
            assertTrue(server.process().isAlive(), server.output());
            assertTrue(
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + JWKS))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body()
                            .contains(a.kid()),
                    server.output());
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static void hangUp(Process process) throws Exception {
        assertEquals(
                0,
                new ProcessBuilder("kill", "-HUP", Long.toString(process.pid()))
                        .start()
                        .waitFor());
    }

    private static boolean ready(int adminPort) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Restart with --state-dir while the key file is broken: the persisted keys are served, the source reported. */
    @Test
    void aRestartWithAStateDirAndABrokenKeyFileServesThePersistedKeys(@TempDir Path dir) throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "a");
        Path state = dir.resolve("state");
        String[] flags = {
            "--service-account-issuer",
            ISSUER,
            "--service-account-key-file",
            a.publicKey().toString(),
            "--state-dir",
            state.toString(),
            "--key-poll-interval",
            "500ms"
        };
        try (SaIssuerProcess first = SaIssuerProcess.serve(dir, flags).start()) {
            assertEquals(List.of(a.kid()), first.kids(JWKS));
            assertEquals(0, first.stop());
        }
        String good = Files.readString(a.publicKey());
        Files.writeString(a.publicKey(), "garbage\n");
        try (SaIssuerProcess restarted = SaIssuerProcess.serve(dir, flags).start()) {
            assertEquals(List.of(a.kid()), restarted.kids(JWKS));
            JsonNode status = restarted.json(restarted.admin("/status"));
            JsonNode source = status.path("sources").get(0);
            assertFalse(source.path("ok").asBoolean(), status.toString());
            assertTrue(source.path("error").asText().contains("no PEM block found"), status.toString());
            assertEquals("retained", status.path("keys").get(0).path("state").asText(), status.toString());
            assertTrue(
                    restarted.get(restarted.admin("/metrics")).body().contains("sa_issuer_failing_sources 1.0"),
                    "metrics report the failing source");
            assertTrue(restarted.log().contains("cannot be read at start"), restarted.log());

            Files.writeString(a.publicKey(), good);
            restarted.await("recovery", WAIT, () -> restarted
                    .json(restarted.admin("/status"))
                    .path("sources")
                    .get(0)
                    .path("ok")
                    .asBoolean());
            assertEquals(List.of(a.kid()), restarted.kids(JWKS));
        }
    }
}
