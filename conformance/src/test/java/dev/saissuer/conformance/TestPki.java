package dev.saissuer.conformance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway test CA and a server certificate for localhost, 127.0.0.1 and {@value #PUBLIC_NAME} it signed, written
 * as PEM files so that sa-issuer, the kit and Node can all use them. Generated per test run; never committed.
 */
final class TestPki {
    /** A name in the reserved .example domain (RFC 2606) that tests reach through {@link ForwardingProxy}. */
    static final String PUBLIC_NAME = "issuer.example";

    final Path caCertificate;
    final Path serverCertificate;
    final Path serverPrivateKey;
    private final X509Certificate ca;
    private final X509Certificate server;
    private final KeyPair serverKeys;

    private TestPki(Path dir) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair caKeys = ecKeyPair();
        Instant now = Instant.now().minus(Duration.ofMinutes(5));
        X500Name caName = new X500Name("CN=sa-issuer conformance test CA");
        JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(
                caName,
                BigInteger.ONE,
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))),
                caName,
                caKeys.getPublic());
        caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(caBuilder, caKeys);

        serverKeys = ecKeyPair();
        JcaX509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(
                caName,
                BigInteger.TWO,
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=localhost"),
                serverKeys.getPublic());
        serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        serverBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, PUBLIC_NAME)
        }));
        server = sign(serverBuilder, caKeys);

        caCertificate = dir.resolve("ca.crt");
        serverCertificate = dir.resolve("tls.crt");
        serverPrivateKey = dir.resolve("tls.key");
        Files.writeString(caCertificate, pem(ca));
        Files.writeString(serverCertificate, pem(server) + pem(ca));
        Files.writeString(serverPrivateKey, pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
    }

    static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        }
    }

    /** For a test server: presents the localhost certificate. */
    SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, ca});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** For a Java relying party: trusts the test CA only. */
    SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
