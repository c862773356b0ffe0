package dev.saissuer.issuer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public listener holds at most {@code --http-max-connections} connections: one more is not accepted (it
 * waits in the kernel's queue, costing no heap) until a held one closes, and is then served.
 */
class ConnectionLimitTest {
    private static final int LIMIT = 16;
    private static final String REQUEST = "GET /openid/v1/jwks HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void oneConnectionPastTheLimitWaitsUntilAHeldOneCloses() throws Exception {
        ServeConfig config = ServerHarness.withMaxConnections(
                ServerHarness.config("https://issuer.example.com", List.of(Fixtures.kubernetes("rsa.pub.pem"))), LIMIT);
        List<Socket> held = new ArrayList<>();
        try (ServerHarness server = ServerHarness.start(config)) {
            for (int i = 0; i < LIMIT; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                held.add(socket);
                assertEquals("HTTP/1.1 200 OK", statusLine(socket, 10_000), "held connection " + i);
            }
            try (Socket extra = new Socket("127.0.0.1", server.port())) {
                assertThrows(
                        SocketTimeoutException.class, () -> statusLine(extra, 1_500), "not accepted past the limit");
                held.remove(0).close();
                assertEquals("HTTP/1.1 200 OK", readStatusLine(extra, 10_000), "accepted once a slot is free");
            }
            Socket again = held.get(0);
            assertTrue(again.isConnected());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Sends one request and returns the status line of its answer, reading the whole response head. */
    private static String statusLine(Socket socket, int timeoutMillis) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readStatusLine(socket, timeoutMillis);
    }

    private static String readStatusLine(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString()
                .lines()
                .filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst()
                .orElseThrow()
                .substring(15)
                .strip());
        in.readNBytes(length);
        return head.substring(0, head.indexOf("\r\n"));
    }
}
