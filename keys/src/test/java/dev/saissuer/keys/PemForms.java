package dev.saissuer.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Every PEM form kube-apiserver accepts for a key file, written with Bouncy Castle from a JDK key pair, so the
 * loader is tested against an encoder other than the openssl that made the committed fixtures.
 */
enum PemForms {
    /** PKCS#1 RSAPrivateKey (RFC 8017, appendix A.1.2), as openssl genrsa -traditional writes it. */
    PKCS1_PRIVATE(true, true, false),
    /** PKCS#8 PrivateKeyInfo (RFC 5208), as kubeadm writes sa.key. */
    PKCS8_PRIVATE(true, true, true),
    /** SEC1 ECPrivateKey (RFC 5915) naming its curve and carrying the public point. */
    SEC1_PRIVATE(true, false, true),
    /** SEC1 without the optional public point: the loader derives it from the scalar. */
    SEC1_PRIVATE_NO_PUBLIC(true, false, true),
    /** SEC1 without parameters, after an EC PARAMETERS block, as openssl ecparam -genkey writes it. */
    SEC1_PRIVATE_AFTER_PARAMETERS(true, false, true),
    /** PKIX SubjectPublicKeyInfo (RFC 5280, section 4.1.2.7), as kubeadm writes sa.pub. */
    PKIX_PUBLIC(false, true, true),
    /** PKCS#1 RSAPublicKey. */
    PKCS1_PUBLIC(false, true, false),
    /** A self-signed X.509 certificate holding the public key. */
    CERTIFICATE(false, true, true);

    final boolean isPrivate;
    private final boolean forRsa;
    private final boolean forEc;

    PemForms(boolean isPrivate, boolean forRsa, boolean forEc) {
        this.isPrivate = isPrivate;
        this.forRsa = forRsa;
        this.forEc = forEc;
    }

    boolean appliesTo(GeneratedKeys.Type type) {
        return type.isRsa() ? forRsa : forEc;
    }

    /** The key pair in this form, as the text of a PEM file. */
    String write(KeyPair pair) {
        try {
            return pem(blocks(pair));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<PemObject> blocks(KeyPair pair) throws IOException {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] spki = pair.getPublic().getEncoded();
        return switch (this) {
            case PKCS1_PRIVATE ->
                List.of(new PemObject(
                        "RSA PRIVATE KEY",
                        PrivateKeyInfo.getInstance(pkcs8)
                                .parsePrivateKey()
                                .toASN1Primitive()
                                .getEncoded()));
            case PKCS8_PRIVATE -> List.of(new PemObject("PRIVATE KEY", pkcs8));
            case SEC1_PRIVATE -> List.of(new PemObject("EC PRIVATE KEY", sec1(pair, true, true)));
            case SEC1_PRIVATE_NO_PUBLIC -> List.of(new PemObject("EC PRIVATE KEY", sec1(pair, true, false)));
            case SEC1_PRIVATE_AFTER_PARAMETERS ->
                List.of(
                        new PemObject("EC PARAMETERS", curveOf(pair).getEncoded()),
                        new PemObject("EC PRIVATE KEY", sec1(pair, false, true)));
            case PKIX_PUBLIC -> List.of(new PemObject("PUBLIC KEY", spki));
            case PKCS1_PUBLIC ->
                List.of(new PemObject(
                        "RSA PUBLIC KEY",
                        SubjectPublicKeyInfo.getInstance(spki).parsePublicKey().getEncoded()));
            case CERTIFICATE -> List.of(new PemObject("CERTIFICATE", selfSigned(pair)));
        };
    }

    private static byte[] sec1(KeyPair pair, boolean withCurve, boolean withPublic) throws IOException {
        ECPrivateKey key = (ECPrivateKey) pair.getPrivate();
        int orderBits = key.getParams().getOrder().bitLength();
        DERBitString point = withPublic
                ? new DERBitString(
                        SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                                .getPublicKeyData()
                                .getBytes())
                : null;
        return new org.bouncycastle.asn1.sec.ECPrivateKey(
                        orderBits, key.getS(), point, withCurve ? curveOf(pair) : null)
                .getEncoded();
    }

    private static ASN1ObjectIdentifier curveOf(KeyPair pair) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        return (ASN1ObjectIdentifier) SubjectPublicKeyInfo.getInstance(key.getEncoded())
                .getAlgorithm()
                .getParameters();
    }

    private static byte[] selfSigned(KeyPair pair) throws IOException {
        X500Name name = new X500Name("CN=sa-issuer property test");
        Instant now = Instant.now();
        String algorithm = pair.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509v3CertificateBuilder(
                            name,
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now),
                            Date.from(now.plusSeconds(3600)),
                            name,
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static String pem(List<PemObject> blocks) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        }
        return text.toString();
    }
}
