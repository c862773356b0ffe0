package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        KeyDirs.Pair a = KeyDirs.generate(dir.resolve("pki"), "a");
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.serve(
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
                "127.0.0.1:" + port)) {
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
        KeyDirs.Pair a = KeyDirs.generate(dir.resolve("pki"), "a");
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.launch(
                dir,
                "--service-account-issuer",
                ISSUER,
                "--service-account-key-file",
                a.publicKey().toString(),
                "--bind-address",
                "127.0.0.1",
                "--port",
                Integer.toString(port))) {
            server.await(
                    "the public listener",
                    WAIT,
                    () -> accepts(port) || !server.process().isAlive());
            server.signal("HUP");
            server.awaitStarted();
            server.signal("HUP");
            server.await(
                    "ready", WAIT, () -> server.get(server.admin("/readyz")).statusCode() == 200);
            assertTrue(server.process().isAlive(), server.output());
            assertEquals(List.of(a.kid()), server.kids(JWKS));
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
        KeyDirs.Pair a = KeyDirs.generate(dir.resolve("pki"), "a");
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
        try (ServerProcess first = ServerProcess.serve(dir, flags)) {
            assertEquals(List.of(a.kid()), first.kids(JWKS));
            assertEquals(0, first.stop(WAIT));
        }
        String good = Files.readString(a.publicKey());
        Files.writeString(a.publicKey(), "garbage\n");
        try (ServerProcess restarted = ServerProcess.serve(dir, flags)) {
            assertEquals(List.of(a.kid()), restarted.kids(JWKS));
            JsonNode status = restarted.json(restarted.admin("/status"));
            JsonNode source = status.path("sources").get(0);
            assertFalse(source.path("ok").asBoolean(), status.toString());
            assertTrue(source.path("error").asText().contains("no PEM block found"), status.toString());
            assertEquals("retained", status.path("keys").get(0).path("state").asText(), status.toString());
            assertTrue(
                    restarted.get(restarted.admin("/metrics")).body().contains("sa_issuer_failing_sources 1.0"),
                    "metrics report the failing source");
            assertTrue(restarted.output().contains("cannot be read at start"), restarted.output());

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
