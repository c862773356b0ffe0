package dev.saissuer.issuer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.AssertionFailedError;

/**
 * Hostile and malformed HTTP on raw sockets: each gets a small, correct answer or a closed connection, never
 * a stack trace or a framework page, and the server keeps serving everyone else.
 */
class HostileHttpTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    static ServerHarness server;

    @BeforeAll
    static void start() throws Exception {
        server = ServerHarness.start(ServerHarness.withIdleTimeout(
                ServerHarness.config("https://issuer.example.com", List.of(Fixtures.kubernetes("rsa.pub.pem"))), IDLE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "oversized header|431|GET /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\nX-Big: BIG\\r\\n\\r\\n",
                "over-long URI|414|GET /openid/v1/jwks?LONG HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "unknown method|405|BREW /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "TRACE|405|TRACE /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "traversal|404|GET /openid/v1/../v1/jwks/../../../etc/passwd HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "encoded dots|404|GET /openid/v1/%2e%2e/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "encoded slash|404|GET /openid%2fv1%2fjwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "double slash|404|GET //openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "backslash|400|GET /openid\\\\v1\\\\jwks HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                "absolute-form target|200|GET http://issuer.example.com/openid/v1/jwks HTTP/1.1\\r\\nHost: issuer.example.com\\r\\n\\r\\n",
                "conflicting Content-Length and Transfer-Encoding|400|GET /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n",
                "two Content-Lengths|400|GET /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab",
                "body on GET|200|GET /openid/v1/jwks HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 4\\r\\n\\r\\nbody",
                "HTTP/1.0 without Host|200|GET /openid/v1/jwks HTTP/1.0\\r\\n\\r\\n",
                "HTTP/1.1 without Host|400|GET /openid/v1/jwks HTTP/1.1\\r\\n\\r\\n",
                "garbage request line|400|\\u0001\\u0002 nonsense\\r\\n\\r\\n",
            })
    void hostileRequestsGetSmallCorrectAnswers(String name, int status, String raw) throws Exception {
        String request = raw.replace("\\r\\n", "\r\n")
                .replace("\\u0001", "\u0001")
                .replace("\\u0002", "\u0002")
                .replace("\\\\", "\\")
                .replace("BIG", "b".repeat(9000))
                .replace("LONG", "q".repeat(9000));
        String response = exchange(request);
        assertEquals(status, statusCode(response), name + ": " + firstLine(response));
        assertTrue(response.length() < 4096 || status == 200, "small answer: " + response.length() + " bytes");
        for (String forbidden : List.of("Exception", "at org.", "at io.", "Jetty", "Javalin", "<html", "Server:")) {
            assertFalse(response.contains(forbidden), name + " leaks \"" + forbidden + "\":\n" + response);
        }
        assertServing();
    }

    @Test
    void slowClientTricklingHeadersIsCutOffByTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) IDLE.multipliedBy(5).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET /openid/v1/jwks HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            int read = socket.getInputStream().read();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(read == -1 || read == 'H', "closed or answered, got " + read);
            assertTrue(
                    waited < IDLE.multipliedBy(4).toMillis(), "freed after the idle timeout, waited " + waited + " ms");
            assertServing();
        }
    }

    @Test
    void manyIdleConnectionsLeaveTheServerResponsiveAndBounded() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                idle.add(new Socket("127.0.0.1", server.port()));
            }
            long start = System.nanoTime();
            assertServing();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("sa-issuer-http"))
                    .count();
            System.out.printf(
                    "with 500 idle connections: a request took %d ms; server threads %d (max %d)%n",
                    millis, threads, IssuerServer.MAX_THREADS);
            assertTrue(threads <= IssuerServer.MAX_THREADS, "threads bounded: " + threads);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    private static void assertServing() throws IOException {
        String response = exchange("GET /openid/v1/jwks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", firstLine(response));
    }

    /** A server that accepts and never answers fails the check: no status line within the bound is an error. */
    @Test
    void aServerThatNeverAnswersFailsTheExchange() throws Exception {
        // The kernel completes the connection from the backlog; nobody ever reads or answers it.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AssertionFailedError e = assertThrows(
                    AssertionFailedError.class,
                    () -> exchange(silent.getLocalPort(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 500));
            assertTrue(e.getMessage().contains("no status line"), e.getMessage());
        }
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try (Socket s = closing.accept()) {
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the client is gone: nothing to answer
                }
            });
            closer.start();
            assertThrows(
                    AssertionFailedError.class,
                    () -> exchange(closing.getLocalPort(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 5_000));
            closer.join(10_000);
        }
    }

    /** The status code of a response; a response without a status line fails the test. */
    private static int statusCode(String response) {
        String line = firstLine(response);
        assertTrue(line.matches("HTTP/1\\.1 \\d{3}( .*)?"), "not an HTTP/1.1 status line: \"" + line + "\"");
        return Integer.parseInt(line.substring(9, 12));
    }

    private static String exchange(String request) throws IOException {
        return exchange(server.port(), request, 5_000);
    }

    /**
     * Sends a request and reads until the server closes, resets, or stops sending for {@code timeoutMillis};
     * fails unless at least a whole status line arrived by then.
     */
    private static String exchange(int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            String response = readAll(socket.getInputStream());
            assertTrue(
                    response.startsWith("HTTP/") && response.contains("\r\n"),
                    "no status line within " + timeoutMillis + " ms, got \"" + firstLine(response) + "\"");
            return response;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) > 0; ) {
                buffer.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // The server closed or stopped answering: what arrived before is the answer.
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    private static String firstLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }
}
