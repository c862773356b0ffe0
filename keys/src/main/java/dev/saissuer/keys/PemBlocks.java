package dev.saissuer.keys;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Decodes the PEM blocks kube-apiserver accepts for its service-account key flags into key material:
 * PKCS#1 and PKCS#8 RSA private keys, SEC1 (after an optional EC PARAMETERS block) and PKCS#8 EC private keys,
 * PKIX public keys, PKCS#1 RSA public keys and X.509 certificates. Bouncy Castle does the PEM and ASN.1 work.
 */
final class PemBlocks {
    /** One decoded block: its public half, and the private key when the block held one. */
    record KeyBlock(String origin, SubjectPublicKeyInfo publicInfo, PrivateKeyInfo privateInfo) {}

    /** Real PEM labels (RFC 7468, section 4) are a few short upper-case words. */
    private static final Pattern LABEL = Pattern.compile("[A-Z0-9]{1,16}( [A-Z0-9]{1,16}){0,4}");
    /** A run this long of base64 characters in a parser's message can only have been copied from the input. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{20,}");

    private PemBlocks() {}

    /**
     * The label of a block as shown in messages. Anything that is not a plausible label is not repeated: in a
     * damaged private key file the BEGIN line may hold part of the key.
     */
    static String shownLabel(String label) {
        return LABEL.matcher(label).matches() ? label : "unrecognised label";
    }

    /**
     * A Bouncy Castle failure as one line that repeats nothing from the file: BC quotes the whole BEGIN label when
     * the END line is missing, and other messages are cleared of long base64 runs.
     */
    static String describe(Throwable e) {
        String message = PublicKeys.oneLine(e);
        if (message.startsWith("-----END ") && message.endsWith(" not found")) {
            return "no matching END line";
        }
        return BASE64_RUN.matcher(message).replaceAll("...");
    }

    static List<KeyBlock> decode(String source, String text) {
        List<KeyBlock> keys = new ArrayList<>();
        ASN1ObjectIdentifier ecParameters = null;
        int number = 0;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject pem;
            while ((pem = readNext(reader, source, number + 1)) != null) {
                number++;
                String origin = source + ": block " + number + " (" + shownLabel(pem.getType()) + ")";
                try {
                    if (pem.getType().equals("EC PARAMETERS")) {
                        ecParameters = ASN1ObjectIdentifier.getInstance(pem.getContent());
                        continue;
                    }
                    keys.add(decodeKey(origin, pem, ecParameters));
                } catch (BadInputException e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new BadInputException(
                            origin + ": malformed " + shownLabel(pem.getType()) + ": " + describe(e), e);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(source + ": " + describe(e));
        }
        if (number == 0) {
            throw new BadInputException(
                    source + ": no PEM block found (expected a PEM-encoded RSA or EC key or certificate)");
        }
        if (keys.isEmpty()) {
            throw new BadInputException(source + ": no key found in " + number + " PEM block(s)");
        }
        return keys;
    }

    private static PemObject readNext(PemReader reader, String source, int number) throws IOException {
        try {
            return reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            // No cause attached: Bouncy Castle's own message may quote the file, and loggers print causes.
            throw new BadInputException(source + ": block " + number + ": malformed PEM: " + describe(e));
        }
    }

    private static KeyBlock decodeKey(String origin, PemObject pem, ASN1ObjectIdentifier ecParameters)
            throws IOException {
        byte[] der = pem.getContent();
        switch (pem.getType()) {
            case "PUBLIC KEY":
                return new KeyBlock(origin, SubjectPublicKeyInfo.getInstance(der), null);
            case "RSA PUBLIC KEY":
                return new KeyBlock(
                        origin, new SubjectPublicKeyInfo(rsaAlgorithm(), RSAPublicKey.getInstance(der)), null);
            case "CERTIFICATE":
                return new KeyBlock(origin, Certificate.getInstance(der).getSubjectPublicKeyInfo(), null);
            case "RSA PRIVATE KEY":
                refuseEncrypted(origin, pem);
                return rsaPrivate(origin, new PrivateKeyInfo(rsaAlgorithm(), RSAPrivateKey.getInstance(der)));
            case "EC PRIVATE KEY":
                refuseEncrypted(origin, pem);
                return ecPrivate(origin, ECPrivateKey.getInstance(der), ecParameters);
            case "PRIVATE KEY":
                return pkcs8(origin, PrivateKeyInfo.getInstance(der));
            case "ENCRYPTED PRIVATE KEY":
                throw encrypted(origin);
            case "DSA PRIVATE KEY":
                throw new BadInputException(
                        origin + ": unsupported key type DSA (supported: RSA, EC P-256/P-384/P-521)");
            default:
                throw new BadInputException(origin + ": not a key (expected PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE, "
                        + "RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)");
        }
    }

    private static KeyBlock pkcs8(String origin, PrivateKeyInfo info) throws IOException {
        ASN1ObjectIdentifier type = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (type.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsaPrivate(origin, info);
        }
        if (type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable params = info.getPrivateKeyAlgorithm().getParameters();
            return ecPrivate(
                    origin,
                    ECPrivateKey.getInstance(info.parsePrivateKey()),
                    params instanceof ASN1ObjectIdentifier curve ? curve : null);
        }
        throw new BadInputException(
                origin + ": unsupported key type " + KeyTypeNames.of(type) + " (supported: RSA, EC P-256/P-384/P-521)");
    }

    private static KeyBlock rsaPrivate(String origin, PrivateKeyInfo info) throws IOException {
        RSAPrivateKey key = RSAPrivateKey.getInstance(info.parsePrivateKey());
        RsaPrivateKeys.checkConsistent(origin, key);
        RSAPublicKey publicHalf = new RSAPublicKey(key.getModulus(), key.getPublicExponent());
        return new KeyBlock(origin, new SubjectPublicKeyInfo(rsaAlgorithm(), publicHalf), info);
    }

    private static KeyBlock ecPrivate(String origin, ECPrivateKey key, ASN1ObjectIdentifier outerCurve)
            throws IOException {
        ASN1Encodable params = key.getParametersObject();
        ASN1ObjectIdentifier curve = params instanceof ASN1ObjectIdentifier named ? named : outerCurve;
        if (curve == null) {
            throw new BadInputException(
                    origin + ": EC key names no curve (explicit curve parameters are not supported)");
        }
        X9ECParameters x9 = PublicKeys.curveParameters(curve);
        if (x9 == null) {
            throw new BadInputException(
                    origin + ": unsupported curve with OID " + curve.getId() + " (supported: P-256, P-384, P-521)");
        }
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
        BigInteger d = key.getKey();
        if (d.signum() <= 0 || d.compareTo(x9.getN()) >= 0) {
            throw new BadInputException(origin + ": invalid EC private key (scalar out of range for the curve)");
        }
        // Like Go's x509.ParseECPrivateKey, derive the public point from d rather than trust the optional copy.
        ECPoint q = new FixedPointCombMultiplier().multiply(x9.getG(), d).normalize();
        return new KeyBlock(
                origin, new SubjectPublicKeyInfo(algorithm, q.getEncoded(false)), new PrivateKeyInfo(algorithm, key));
    }

    private static void refuseEncrypted(String origin, PemObject pem) {
        for (Object header : pem.getHeaders()) {
            if (header instanceof PemHeader h
                    && h.getName().equals("Proc-Type")
                    && h.getValue().contains("ENCRYPTED")) {
                throw encrypted(origin);
            }
        }
    }

    private static BadInputException encrypted(String origin) {
        return new BadInputException(
                origin + ": encrypted keys are not supported (decrypt it first, as kube-apiserver requires)");
    }

    private static AlgorithmIdentifier rsaAlgorithm() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    }
}
