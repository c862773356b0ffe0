package dev.saissuer.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA (EC P-256, made per test class, never committed) and the server certificates it signs. A leaf
 * names {@code DNS:localhost}, {@code IP:127.0.0.1} and {@link #PUBLIC_NAME} (and any more DNS names a
 * test asks for), is for serverAuth and carries key identifiers, which
 * satisfies every TLS stack the tests run: Java, Node, Erlang (RabbitMQ checks an IP host as a DNS name, so its
 * relying parties reach sa-issuer as localhost) and OpenSearch. Files are PEM (private keys PKCS#8, mode 0600),
 * or PKCS#12 key and trust stores for Java servers and JVMs.
 */
public final class TestCa {
    /** The host name every leaf is valid for. */
    public static final String HOST = "localhost";
    /**
     * A public-looking name every leaf is also valid for, in the reserved .example domain (RFC 2606): tests that
     * name an issuer like a public one reach it through a forwarding proxy.
     */
    public static final String PUBLIC_NAME = "issuer.example";

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final AtomicLong serial = new AtomicLong(2);

    /** A server certificate and its key pair. */
    public record Leaf(X509Certificate certificate, KeyPair keys) {
        @Override
        public String toString() {
            return "Leaf[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** A leaf written for a server: the CA certificate, the chain (leaf then CA) and the leaf's private key. */
    public record ServerFiles(Path caCertificate, Path certificateChain, Path privateKey, Leaf leaf) {}

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    public static TestCa create() {
        KeyPair keys = TestKeys.generate(TestKeys.Type.EC);
        X500Name name = new X500Name("CN=sa-issuer test CA");
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name, BigInteger.ONE, notBefore(now), notAfter(now), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new TestCa(keys, sign(builder, keys));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the test CA", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A fresh server certificate for localhost, 127.0.0.1 and {@link #PUBLIC_NAME}, and for {@code moreDnsNames}
     * (a store's virtual-hosted bucket name, say, or a wildcard such as {@code *.s3.test}), with a fresh key.
     */
    public Leaf issueServer(String... moreDnsNames) {
        KeyPair leafKeys = TestKeys.generate(TestKeys.Type.EC);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            BigInteger.valueOf(serial.getAndIncrement()),
                            notBefore(now),
                            notAfter(now),
                            new X500Name("CN=" + HOST),
                            leafKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(moreDnsNames))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new Leaf(sign(builder, keys), leafKeys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a test server certificate", e);
        }
    }

    private static GeneralNames subjectAlternativeNames(String... moreDnsNames) {
        List<GeneralName> names = new ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, HOST),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, PUBLIC_NAME)));
        for (String name : moreDnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** Issues a leaf and writes {@code ca.crt}, {@code tls.crt} (leaf, then CA) and {@code tls.key} into {@code dir}. */
    public ServerFiles writeServer(Path dir) {
        Path ca = writeCertificate(dir.resolve("ca.crt"));
        Path chain = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        return new ServerFiles(ca, chain, key, writeServer(chain, key));
    }

    /** Issues a leaf and writes its chain and key to the given files (replacing them: a certificate rotation). */
    public Leaf writeServer(Path chainFile, Path keyFile) {
        Leaf leaf = issueServer();
        Pem.write(keyFile, Pem.pkcs8(leaf.keys().getPrivate()), Pem.PRIVATE_MODE);
        Pem.write(chainFile, Pem.encode(leaf.certificate()) + Pem.encode(certificate), Pem.PUBLIC_MODE);
        return leaf;
    }

    /** Writes the CA certificate (what relying parties are told to trust) to {@code file}. */
    public Path writeCertificate(Path file) {
        return Pem.write(file, Pem.encode(certificate), Pem.PUBLIC_MODE);
    }

    /**
     * Issues a leaf and writes it, with its key and this CA after it, as a PKCS#12 key store (alias
     * {@code server}, the key protected by the store's password), for Java servers that read a key store file
     * (s3proxy's {@code s3proxy.keystore-path}); the leaf also names {@code moreDnsNames}, as
     * {@link #issueServer(String...)}.
     */
    public Path writePkcs12(Path file, String password, String... moreDnsNames) {
        Leaf leaf = issueServer(moreDnsNames);
        return store(
                file,
                password,
                store -> store.setKeyEntry(
                        "server", leaf.keys().getPrivate(), password.toCharArray(), new X509Certificate[] {
                            leaf.certificate(), certificate
                        }));
    }

    /**
     * Writes a PKCS#12 trust store holding this CA's certificate only, for a JVM started with
     * {@code -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStoreType=PKCS12
     * -Djavax.net.ssl.trustStorePassword=PASSWORD}; see {@link #trustStoreOptions(Path, String)}.
     */
    public Path writeTrustStore(Path file, String password) {
        return store(file, password, store -> store.setCertificateEntry("ca", certificate));
    }

    /** The standard JSSE system properties (JSSE Reference Guide) that make a JVM trust {@code trustStore} only. */
    public static List<String> trustStoreOptions(Path trustStore, String password) {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath(),
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + password);
    }

    /** Trust managers that trust this CA only, for clients that take them rather than an SSLContext. */
    public TrustManager[] trustManagers() {
        return trustManagers(certificate);
    }

    private interface StoreFiller {
        void fill(KeyStore store) throws GeneralSecurityException;
    }

    private static Path store(Path file, String password, StoreFiller filler) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            filler.fill(store);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Pem.PRIVATE_MODE));
            return file;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the key store " + file, e);
        }
    }

    /** A client TLS context that trusts this CA only. */
    public SSLContext clientContext() {
        return trusting(certificate);
    }

    /** A server TLS context with a fresh leaf, for servers inside the test JVM (the kube-apiserver stand-in). */
    public SSLContext serverContext() {
        return serverContext(issueServer());
    }

    /** A server TLS context presenting {@code leaf} with this CA after it. */
    public SSLContext serverContext(Leaf leaf) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry(
                    "server", leaf.keys().getPrivate(), password, new X509Certificate[] {leaf.certificate(), certificate
                    });
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /** A client TLS context that trusts one CA only. */
    public static SSLContext trusting(X509Certificate authority) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(authority), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    private static TrustManager[] trustManagers(X509Certificate authority) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", authority);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "cannot build trust managers for " + authority.getSubjectX500Principal(), e);
        }
    }

    private static Date notBefore(Instant now) {
        return Date.from(now.minus(Duration.ofHours(1))); // a little clock skew between processes is harmless
    }

    private static Date notAfter(Instant now) {
        return Date.from(now.plus(Duration.ofDays(1)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
