package dev.saissuer.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on loopback that sends every CONNECT to one https port and every plain request to one http port,
 * whatever host it names: so the kit can fetch an issuer named like a public one (https://issuer.example, no port)
 * from a fixture on loopback, with TLS end to end.
 */
final class ForwardingProxy implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final int httpsPort;
    private final int httpPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "forwarding-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private ForwardingProxy(int httpsPort, int httpPort) throws IOException {
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    static ForwardingProxy start(int httpsPort, int httpPort) {
        try {
            return new ForwardingProxy(httpsPort, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            boolean connect = text.startsWith("CONNECT ");
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), connect ? httpsPort : httpPort)) {
                if (connect) {
                    client.getOutputStream()
                            .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    upstream.getOutputStream().write(head);
                }
                threads.execute(() -> pipe(in, upstream));
                pipe(upstream.getInputStream(), client);
            }
        } catch (IOException e) {
            // A client or fixture that went away: nothing to forward any more.
        }
    }

    /** The request line and headers, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_HEADER_BYTES) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            from.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed: the other direction ends on its own.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.shutdownNow();
    }
}
