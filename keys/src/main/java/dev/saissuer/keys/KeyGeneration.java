package dev.saissuer.keys;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Generates a service-account key pair the way kubeadm writes {@code sa.key} and {@code sa.pub}. */
public final class KeyGeneration {
    /** The key types keygen offers: RSA 2048 as kubeadm makes, or EC P-256. */
    public enum KeyType { RSA, EC }

    /** A generated pair as PEM text: the private key (PKCS#1 or SEC1, as kubeadm) and the PKIX public key. */
    public record PemPair(String privatePem, String publicPem, String kid) {
        @Override
        public String toString() {
            return "PemPair[kid=" + kid + "]";
        }
    }

    private KeyGeneration() {
    }

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
            return new PemPair(pem(pair.getPrivate()), pem(pair.getPublic()), PublicKeys.keyId(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java platform cannot generate " + type + " keys", e);
        }
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
