package dev.saissuer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test CA's leaf passes Java's own TLS client with host name checking, and only for clients trusting this CA. */
class TestCaTest {
    private final TestCa ca = TestCa.create();

    @Test
    void leafIsTrustedForLocalhostAndLoopbackAddress() throws Exception {
        TestCa.Leaf leaf = ca.issueServer();
        assertEquals(
                List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, TestCa.PUBLIC_NAME)),
                leaf.certificate().getSubjectAlternativeNames().stream()
                        .map(List::copyOf)
                        .toList());
        handshake(ca.serverContext(leaf), ca.clientContext(), "localhost");
        handshake(ca.serverContext(leaf), ca.clientContext(), "127.0.0.1");
    }

    /** A virtual-hosted bucket's name, exact or by a wildcard, as s3proxy's certificate names it; others fail. */
    @Test
    void leafNamesMoreDnsNamesWhenAskedAndOnlyThose() throws Exception {
        TestCa.Leaf leaf = ca.issueServer("bucket.s3.test", "*.wild.test");
        assertEquals(
                List.of(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(2, TestCa.PUBLIC_NAME),
                        List.of(2, "bucket.s3.test"),
                        List.of(2, "*.wild.test")),
                leaf.certificate().getSubjectAlternativeNames().stream()
                        .map(List::copyOf)
                        .toList());
        handshake(ca.serverContext(leaf), ca.clientContext(), "bucket.s3.test");
        handshake(ca.serverContext(leaf), ca.clientContext(), "issuer-bucket.wild.test");
        assertThrows(
                SSLHandshakeException.class,
                () -> handshake(ca.serverContext(leaf), ca.clientContext(), "other.s3.test"));
        assertThrows(
                SSLHandshakeException.class,
                () -> handshake(ca.serverContext(ca.issueServer()), ca.clientContext(), "bucket.s3.test"));
    }

    @Test
    void anotherCaIsNotTrusted() {
        TestCa.Leaf leaf = ca.issueServer();
        SSLContext stranger = TestCa.create().clientContext();
        assertThrows(SSLHandshakeException.class, () -> handshake(ca.serverContext(leaf), stranger, "localhost"));
    }

    @Test
    void serverFilesAreAChainAndAPrivateKeyOnlyTheOwnerReads(@TempDir Path dir) throws Exception {
        TestCa.ServerFiles files = ca.writeServer(dir);
        String chain = Files.readString(files.certificateChain());
        assertEquals(2, chain.split("-----BEGIN CERTIFICATE-----", -1).length - 1, chain);
        assertTrue(Files.readString(files.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())));
        assertTrue(Files.readString(files.caCertificate()).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void pkcs12KeyStoreAndTrustStoreMakeAHandshakeAsAJvmLoadsThem(@TempDir Path dir) throws Exception {
        Path keyStoreFile = ca.writePkcs12(dir.resolve("server.p12"), "key-pass");
        Path trustStoreFile = ca.writeTrustStore(dir.resolve("trust.p12"), "trust-pass");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStoreFile)));

        KeyStore keyStore = load(keyStoreFile, "key-pass");
        assertEquals(List.of("server"), java.util.Collections.list(keyStore.aliases()));
        assertEquals(2, keyStore.getCertificateChain("server").length);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "key-pass".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);

        // As the JVM's default trust manager reads -Djavax.net.ssl.trustStore and its type and password.
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStoreFile, "trust-pass"));
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        handshake(server, client, "localhost");
        assertEquals(
                List.of(
                        "-Djavax.net.ssl.trustStore=" + trustStoreFile.toAbsolutePath(),
                        "-Djavax.net.ssl.trustStoreType=PKCS12",
                        "-Djavax.net.ssl.trustStorePassword=trust-pass"),
                TestCa.trustStoreOptions(trustStoreFile, "trust-pass"));
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /**
     * One TLS handshake on loopback, the client checking the server's name {@code host} as HTTPS does (RFC 2818);
     * the connection goes to the loopback address whatever the name, as through a hosts file.
     */
    private static void handshake(SSLContext server, SSLContext client, String host) throws Exception {
        ExecutorService accept = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<?> served = accept.submit(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                }
                return null;
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                    SSLSocket socket = (SSLSocket)
                            client.getSocketFactory().createSocket(plain, host, listener.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertEquals(1, socket.getInputStream().read());
            } finally {
                try {
                    served.get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // the server side fails too when the client refuses the certificate
                }
            }
        } finally {
            accept.shutdownNow();
        }
    }
}
