package dev.saissuer.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** Generates a service-account key pair the way kubeadm writes {@code sa.key} and {@code sa.pub}. */
public final class KeyGeneration {
    /** The key types keygen offers: RSA 2048 as kubeadm makes, or EC P-256. */
    public enum KeyType {
        RSA,
        EC
    }

    /** A generated pair as PEM text: the private key (PKCS#1 or SEC1, as kubeadm) and the PKIX public key. */
    public record PemPair(String privatePem, String publicPem, String kid) {
        @Override
        public String toString() {
            return "PemPair[kid=" + kid + "]";
        }
    }

    private KeyGeneration() {}

    public static KeyType parseType(String text) {
        try {
            return KeyType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown key type \"" + text + "\" (use rsa or ec)", e);
        }
    }

    public static PemPair generate(KeyType type) {
        try {
            KeyPairGenerator generator;
            if (type == KeyType.RSA) {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            } else {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            KeyPair pair = generator.generateKeyPair();
            Object privateForm = type == KeyType.RSA ? pair.getPrivate() : sec1WithCurve(pair);
            return new PemPair(pem(privateForm), pem(pair.getPublic()), PublicKeys.keyId(pair.getPublic()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the Java platform cannot generate " + type + " keys", e);
        }
    }

    /**
     * SEC1 "EC PRIVATE KEY" naming its curve and carrying its public point, as openssl ecparam -genkey writes:
     * the JDK's PKCS#8 encoding leaves the curve to the outer structure, and a SEC1 block without it is unusable.
     */
    private static PemObject sec1WithCurve(KeyPair pair) throws IOException {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ASN1ObjectIdentifier curve =
                ASN1ObjectIdentifier.getInstance(pkcs8.getPrivateKeyAlgorithm().getParameters());
        ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        DERBitString point = new DERBitString(
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                        .getPublicKeyData()
                        .getBytes());
        ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), point, curve);
        return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    }

    private static String pem(Object key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
