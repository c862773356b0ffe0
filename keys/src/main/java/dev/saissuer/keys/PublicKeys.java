package dev.saissuer.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Checks a SubjectPublicKeyInfo against what kube-apiserver can sign with, and derives its kid and algorithm. */
final class PublicKeys {
    static final int MIN_RSA_BITS = 2048;

    /** The curves kube-apiserver signs with, and the JWS algorithm each implies (RFC 7518, section 3.4). */
    private static final Map<ASN1ObjectIdentifier, String> EC_ALGORITHMS = Map.of(
            X9ObjectIdentifiers.prime256v1,
            "ES256",
            NISTNamedCurves.getOID("P-384"),
            "ES384",
            NISTNamedCurves.getOID("P-521"),
            "ES512");

    private static final JcaPEMKeyConverter CONVERTER = new JcaPEMKeyConverter();

    private PublicKeys() {}

    /** Returns the published form of the key, or throws with the reason it cannot be published. */
    static LoadedKey check(SubjectPublicKeyInfo spki, String origin) {
        ASN1ObjectIdentifier type = spki.getAlgorithm().getAlgorithm();
        String algorithm;
        if (type.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RS256";
        } else if (type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
                throw new BadInputException(
                        origin
                                + ": EC key with explicit curve parameters is not supported (use a named curve: P-256, P-384 or P-521)");
            }
            algorithm = EC_ALGORITHMS.get(curve);
            if (algorithm == null) {
                throw new BadInputException(
                        origin + ": unsupported curve " + curveName(curve) + " (supported: P-256, P-384, P-521)");
            }
            checkPointOnCurve(spki, curve, origin);
        } else {
            throw new BadInputException(origin + ": unsupported key type " + KeyTypeNames.of(type)
                    + " (supported: RSA, EC P-256/P-384/P-521)");
        }
        PublicKey key;
        try {
            key = CONVERTER.getPublicKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(origin + ": invalid public key: " + oneLine(e), e);
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new BadInputException(origin + ": RSA key of "
                    + rsa.getModulus().bitLength() + " bits is too small (at least " + MIN_RSA_BITS + " bits)");
        }
        requireCanonical(key, origin);
        return new LoadedKey(keyId(key), algorithm, key, origin);
    }

    /**
     * Refuses a public key whose encoding is not the canonical DER of its numbers (a non-minimal or negative
     * INTEGER, say). The JDK keeps such an encoding, so the kid, a hash of it, would differ from the kid Go
     * computes over its own re-encoding; and Go's strict DER parser refuses such a file outright.
     */
    private static void requireCanonical(PublicKey key, String origin) {
        byte[] canonical;
        try {
            if (key instanceof RSAPublicKey rsa) {
                canonical = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()))
                        .getEncoded();
            } else {
                ECPublicKey ec = (ECPublicKey) key;
                canonical = KeyFactory.getInstance("EC")
                        .generatePublic(new ECPublicKeySpec(ec.getW(), ec.getParams()))
                        .getEncoded();
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadInputException(origin + ": invalid public key: " + oneLine(e), e);
        }
        if (!Arrays.equals(canonical, key.getEncoded())) {
            throw new BadInputException(
                    origin + ": public key is not in canonical DER (kube-apiserver refuses it too)");
        }
    }

    /**
     * kube-apiserver's keyIDFromPublicKey: unpadded base64url of SHA-256 over the DER SubjectPublicKeyInfo.
     * Not the RFC 7638 thumbprint: tokens kube-apiserver signs carry this kid, so any other derivation
     * would fail to select the key.
     */
    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Refuses a point that is not an uncompressed point on the named curve, as Go's x509.ParsePKIXPublicKey does
     * (elliptic.Unmarshal: "failed to unmarshal elliptic curve point"), so kube-apiserver and sa-issuer agree on
     * which files are keys. The JDK's key factory does not check this, and would publish a key no token matches.
     */
    private static void checkPointOnCurve(SubjectPublicKeyInfo spki, ASN1ObjectIdentifier curve, String origin) {
        X9ECParameters x9 = curveParameters(curve);
        byte[] point = spki.getPublicKeyData().getBytes();
        int coordinateBytes = (x9.getCurve().getFieldSize() + 7) / 8;
        boolean valid = point.length == 1 + 2 * coordinateBytes && point[0] == 0x04;
        if (valid) {
            try {
                valid = x9.getCurve().decodePoint(point).isValid();
            } catch (IllegalArgumentException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new BadInputException(
                    origin + ": invalid EC public key (not an uncompressed point on curve " + curveName(curve) + ")");
        }
    }

    /**
     * Parameters of a named curve; Bouncy Castle's optimised implementations of the NIST curves where it has them
     * (several times faster point arithmetic, same results), its generic table otherwise. Null if unknown.
     */
    static X9ECParameters curveParameters(ASN1ObjectIdentifier curve) {
        X9ECParameters optimised = CustomNamedCurves.getByOID(curve);
        return optimised != null ? optimised : ECNamedCurveTable.getByOID(curve);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static String curveName(ASN1ObjectIdentifier oid) {
        String name = ECNamedCurveTable.getName(oid);
        return name != null ? name : oid.getId();
    }
}
