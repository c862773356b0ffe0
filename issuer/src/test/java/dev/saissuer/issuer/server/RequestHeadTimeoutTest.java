package dev.saissuer.issuer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles its request head one byte at a time, each byte well inside the idle timeout, is cut
 * off once the head has taken longer than {@code --http-request-head-timeout}. Before the fix Jetty reset its
 * idle timer on every byte and such a client kept its connection for as long as it liked.
 */
class RequestHeadTimeoutTest {
    private static final Duration IDLE = Duration.ofSeconds(5);
    private static final Duration HEAD = Duration.ofSeconds(2);
    private static final long BYTE_EVERY_MILLIS = 500;
    /** Long enough to prove the point many times over, bounded so the test always ends. */
    private static final int MAX_BYTES = 60;

    @Test
    void aTricklingRequestHeadIsCutOffAfterTheHeadTimeoutNotTheIdleTimeout() throws Exception {
        ServeConfig config = ServerHarness.withRequestHeadTimeout(
                ServerHarness.withIdleTimeout(
                        ServerHarness.config("https://issuer.example.com", List.of(Fixtures.kubernetes("rsa.pub.pem"))),
                        IDLE),
                HEAD);
        byte[] head = "GET /openid/v1/jwks HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (ServerHarness server = ServerHarness.start(config);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            int sent = 0;
            try {
                while (sent < MAX_BYTES) {
                    out.write(head[sent % head.length]);
                    out.flush();
                    sent++;
                    Thread.sleep(BYTE_EVERY_MILLIS);
                }
            } catch (IOException closedByServer) {
                // expected: the server closed the connection
            }
            long trickled = sent * BYTE_EVERY_MILLIS;
            assertTrue(sent < MAX_BYTES, "connection still open after trickling for " + trickled + " ms");
            assertTrue(
                    trickled < IDLE.toMillis() * 2,
                    "cut off by the head timeout, not by anything slower: after " + trickled + " ms");
            socket.setSoTimeout(5_000);
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        }
    }
}
