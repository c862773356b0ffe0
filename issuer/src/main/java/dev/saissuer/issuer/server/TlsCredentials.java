package dev.saissuer.issuer.server;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

    /** Puts a new key store into service; Jetty's reload in production, a step a test can make fail. */
    interface Swap {
        void swap(SslContextFactory.Server factory, KeyStore store) throws Exception;
    }

    /** What was read from the two files and turned into a key store. */
    private record Loaded(KeyStore store, byte[] cert, byte[] key) {}

    private final Path certFile;
    private final Path keyFile;
    private final Swap swap;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private byte[] loadedCert;
    private byte[] loadedKey;
    private String lastError;

    TlsCredentials(Path certFile, Path keyFile) {
        this(certFile, keyFile, (factory, store) -> factory.reload(f -> f.setKeyStore(store)));
    }

    TlsCredentials(Path certFile, Path keyFile, Swap swap) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.swap = swap;
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        factory.setSniRequired(false);
        factory.setKeyStorePassword(IN_MEMORY_PASSWORD);
        factory.setKeyManagerPassword(IN_MEMORY_PASSWORD);
        Loaded first = load();
        factory.setKeyStore(first.store());
        loaded(first);
    }

    SslContextFactory.Server factory() {
        return factory;
    }

    /**
     * Re-reads the files; swaps the context only when they changed and load cleanly. The files count as loaded
     * only once the swap succeeded, so a failed swap is tried again on the next call.
     */
    synchronized void reloadIfChanged() {
        try {
            if (Arrays.equals(KeyFiles.readBytes(certFile), loadedCert)
                    && Arrays.equals(KeyFiles.readBytes(keyFile), loadedKey)) {
                return;
            }
            Loaded next = load();
            swap.swap(factory, next.store());
            loaded(next);
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

    private void loaded(Loaded files) {
        loadedCert = files.cert();
        loadedKey = files.key();
    }

    /** Reads both files with the key files' size bound ({@link KeyFiles#MAX_FILE_BYTES}). */
    private Loaded load() {
        try {
            byte[] certBytes = KeyFiles.readBytes(certFile);
            byte[] keyBytes = KeyFiles.readBytes(keyFile);
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
            return new Loaded(store, certBytes, keyBytes);
        } catch (IOException e) {
            throw new BadInputException(
                    "cannot read TLS files " + certFile + ", " + keyFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new BadInputException(certFile + ": invalid certificate: " + e.getMessage(), e);
        }
    }
}
