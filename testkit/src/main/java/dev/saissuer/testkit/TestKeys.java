package dev.saissuer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Service-account key files for tests, written as kubeadm writes them: {@code NAME.key} (PKCS#1 "RSA PRIVATE KEY"
 * or SEC1 "EC PRIVATE KEY" naming its curve, mode 0600) and {@code NAME.pub} (PKIX "PUBLIC KEY", mode 0644).
 * Keys come from the JDK, PEM from Bouncy Castle, and the kid from the definition below, not from sa-issuer's
 * code, so a test that compares them with what sa-issuer serves checks sa-issuer against an independent source.
 */
public final class TestKeys {
    /** RSA 2048 and EC P-256 (what kubeadm and {@code sa-issuer keygen} make), and EC P-384 (ES384). */
    public enum Type {
        RSA(null, null),
        EC("secp256r1", SECObjectIdentifiers.secp256r1),
        EC_P384("secp384r1", SECObjectIdentifiers.secp384r1);

        private final String curve;
        private final ASN1ObjectIdentifier curveOid;

        Type(String curve, ASN1ObjectIdentifier curveOid) {
            this.curve = curve;
            this.curveOid = curveOid;
        }
    }

    /** A written pair and its Kubernetes kid. */
    public record Pair(Type type, Path privateKey, Path publicKey, String kid) {}

    private TestKeys() {}

    public static KeyPair generate(Type type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type == Type.RSA ? "RSA" : "EC");
            if (type == Type.RSA) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec(type.curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key pair", e);
        }
    }

    /** Generates a pair and writes {@code dir/NAME.key} and {@code dir/NAME.pub}. */
    public static Pair write(Type type, Path dir, String name) {
        KeyPair keys = generate(type);
        Path privateKey = Pem.write(dir.resolve(name + ".key"), privatePem(type, keys), Pem.PRIVATE_MODE);
        Path publicKey = Pem.write(dir.resolve(name + ".pub"), Pem.encode(keys.getPublic()), Pem.PUBLIC_MODE);
        return new Pair(type, privateKey, publicKey, kid(keys.getPublic()));
    }

    /** Generates a key and writes only its private half to {@code file} (a signing key file), mode 0600. */
    public static Path writePrivate(Type type, Path file) {
        return Pem.write(file, privatePem(type, generate(type)), Pem.PRIVATE_MODE);
    }

    /**
     * The kid kube-apiserver gives a key: unpadded base64url of the SHA-256 of its DER SubjectPublicKeyInfo
     * (k8s.io/kubernetes pkg/serviceaccount/jwt.go, keyIDFromPublicKey).
     */
    public static String kid(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces a file the way careful tools do: a temporary file beside it (mode 0644), renamed over it. */
    public static void writeAtomically(Path file, String content) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(Pem.PUBLIC_MODE));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }

    private static String privatePem(Type type, KeyPair keys) {
        return type == Type.RSA ? Pem.encode(keys.getPrivate()) : Pem.encode(sec1(type, keys));
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915) naming its curve and carrying its public point, as openssl and kubeadm write
     * it: the JDK's PKCS#8 encoding keeps the curve in the outer structure only.
     */
    private static PemObject sec1(Type type, KeyPair keys) {
        try {
            ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
            byte[] encodedPoint = SubjectPublicKeyInfo.getInstance(
                            keys.getPublic().getEncoded())
                    .getPublicKeyData()
                    .getBytes();
            DERBitString point = new DERBitString(encodedPoint);
            BigInteger scalar = key.getS();
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                    key.getParams().getOrder().bitLength(), scalar, point, type.curveOid);
            return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
