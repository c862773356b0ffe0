package dev.saissuer.issuer.server;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate (PEM, leaf first, then its chain) and private key as Jetty's TLS context, reloaded
 * in place when the files change: new handshakes get the new certificate, open connections are untouched.
 */
final class TlsCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(TlsCredentials.class);
    /** Protects the in-memory key store only; nothing is written to disk. */
    private static final String IN_MEMORY_PASSWORD = "sa-issuer";

    private final Path certFile;
    private final Path keyFile;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private byte[] loadedCert;
    private byte[] loadedKey;
    private String lastError;

    TlsCredentials(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        factory.setSniRequired(false);
        factory.setKeyStorePassword(IN_MEMORY_PASSWORD);
        factory.setKeyManagerPassword(IN_MEMORY_PASSWORD);
        factory.setKeyStore(load());
    }

    SslContextFactory.Server factory() {
        return factory;
    }

    /** Re-reads the files; swaps the context only when they changed and load cleanly. */
    synchronized void reloadIfChanged() {
        try {
            if (Arrays.equals(Files.readAllBytes(certFile), loadedCert)
                    && Arrays.equals(Files.readAllBytes(keyFile), loadedKey)) {
                return;
            }
            KeyStore store = load();
            factory.reload(f -> f.setKeyStore(store));
            LOG.info("TLS certificate reloaded from {}", certFile);
            lastError = null;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!message.equals(lastError)) {
                LOG.warn("TLS certificate not reloaded, keeping the current one: {}", message);
            }
            lastError = message;
        }
    }

    private KeyStore load() {
        try {
            byte[] certBytes = Files.readAllBytes(certFile);
            byte[] keyBytes = Files.readAllBytes(keyFile);
            Collection<? extends Certificate> chain =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certBytes));
            if (chain.isEmpty()) {
                throw new BadInputException(certFile + ": no certificate found (--tls-cert-file)");
            }
            SigningKey key = SigningKey.read(keyFile);
            if (!chain.iterator().next().getPublicKey().equals(key.publicHalf().publicKey())) {
                throw new BadInputException(keyFile + ": private key does not match the certificate in " + certFile);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "server", key.privateKey(), IN_MEMORY_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            loadedCert = certBytes;
            loadedKey = keyBytes;
            return store;
        } catch (IOException e) {
            throw new BadInputException(
                    "cannot read TLS files " + certFile + ", " + keyFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new BadInputException(certFile + ": invalid certificate: " + e.getMessage(), e);
        }
    }
}
