package dev.saissuer.issuer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the serving certificate: a failed swap is tried again, and the files are read with a bound. */
class TlsCredentialsTest {
    private final TestCa pki = TestCa.create();

    @Test
    void aSwapThatFailsIsTriedAgainOnTheNextReload(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        X509Certificate first = pki.writeServer(cert, key).certificate();
        AtomicInteger swaps = new AtomicInteger();
        TlsCredentials tls = new TlsCredentials(cert, key, (factory, store) -> {
            if (swaps.incrementAndGet() == 1) {
                throw new IllegalStateException("swap failed");
            }
            factory.reload(f -> f.setKeyStore(store));
        });
        SslContextFactory.Server factory = tls.factory();
        factory.start();
        try {
            assertEquals(first, served(factory));
            X509Certificate second = pki.writeServer(cert, key).certificate();
            tls.reloadIfChanged();
            assertEquals(1, swaps.get());
            assertEquals(first, served(factory), "the current certificate stays after a failed swap");
            tls.reloadIfChanged();
            assertEquals(2, swaps.get(), "the unchanged files are swapped in again after a failed swap");
            assertEquals(second, served(factory));
            tls.reloadIfChanged();
            assertEquals(2, swaps.get(), "nothing to do once the files are in service");
        } finally {
            factory.stop();
        }
    }

    @Test
    void aCertificateFileLargerThanTheBoundIsRefused(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        pki.writeServer(cert, key);
        Files.write(
                cert,
                "#".repeat((int) KeyFiles.MAX_FILE_BYTES).getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);
        BadInputException e = assertThrows(BadInputException.class, () -> new TlsCredentials(cert, key));
        assertTrue(
                e.getMessage().startsWith(cert + ": file is larger than " + KeyFiles.MAX_FILE_BYTES), e.getMessage());
    }

    private static Certificate served(SslContextFactory.Server factory) throws Exception {
        return factory.getKeyStore().getCertificate("server");
    }
}
