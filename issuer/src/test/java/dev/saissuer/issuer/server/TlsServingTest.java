package dev.saissuer.issuer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.2/1.3 with a PEM certificate chain, and certificate reload without a restart or dropped connections. */
class TlsServingTest {
    @Test
    void servesOverTlsAndReloadsTheCertificateKeepingOpenConnections(@TempDir Path dir) throws Exception {
        TestCertificates pki = new TestCertificates();
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        X509Certificate first = pki.writeServer(cert, key);
        ServeConfig config = ServerHarness.withTls(
                ServerHarness.config("https://localhost/", List.of(Fixtures.kubernetes("rsa.pub.pem"))), cert, key);
        try (ServerHarness server = ServerHarness.start(config)) {
            assertEquals(first, presentedCertificate(pki, server.port(), "TLSv1.3"));
            assertEquals(first, presentedCertificate(pki, server.port(), "TLSv1.2"));
            assertThrows(SSLHandshakeException.class, () -> presentedCertificate(pki, server.port(), "TLSv1.1"));

            try (SSLSocket open = socket(pki, server.port(), "TLSv1.3")) {
                assertTrue(get(open).startsWith("HTTP/1.1 200"));
                X509Certificate second = pki.writeServer(cert, key);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!presentedCertificate(pki, server.port(), "TLSv1.3").equals(second)) {
                    assertTrue(System.nanoTime() < deadline, "new certificate not served within 10 s");
                    Thread.sleep(50);
                }
                assertTrue(get(open).startsWith("HTTP/1.1 200"), "connection opened before the reload still works");
            }
        }
    }

    private static X509Certificate presentedCertificate(TestCertificates pki, int port, String protocol)
            throws Exception {
        try (SSLSocket socket = socket(pki, port, protocol)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLSocket socket(TestCertificates pki, int port, String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket("localhost", port);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String get(SSLSocket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write("GET /openid/v1/jwks HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String status = in.readLine();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return status;
    }
}
