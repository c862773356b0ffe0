package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * What "loaded correctly" means for a key sa-issuer publishes, checked independently of the code under test: the
 * kid is SHA-256 over the DER SubjectPublicKeyInfo, the algorithm matches the key, an EC point lies on its curve,
 * and the rendered JWKS and discovery document parse back (with Nimbus) to the same public keys and nothing private.
 */
final class PublishedKeyChecks {
    static final IssuerUrl ISSUER = IssuerUrl.parse("https://issuer.example.test/cluster-a", false);

    /** JWS algorithm and coordinate length in bytes for each curve (RFC 7518, sections 3.4 and 6.2.1.2). */
    private static final Map<String, String> EC_ALGORITHMS =
            Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");

    private static final Map<String, Integer> EC_COORDINATE_BYTES = Map.of("P-256", 32, "P-384", 48, "P-521", 66);

    private PublishedKeyChecks() {}

    /** Checks each key and both rendered documents; returns the JWKS as Nimbus parsed it. */
    static JWKSet requireSane(List<LoadedKey> keys) {
        assertTrue(!keys.isEmpty(), "a successful load yields at least one key");
        Set<String> kids = new LinkedHashSet<>();
        for (LoadedKey key : keys) {
            requireSaneKey(key);
            kids.add(key.kid());
        }
        IssuerDocuments documents = IssuerDocuments.render(ISSUER, ISSUER.defaultJwksUri(), keys);
        LoaderContract.requireNoPrivateMembers(documents.jwks().bytes());
        LoaderContract.requireNoPrivateMembers(documents.discovery().bytes());
        JWKSet parsed;
        try {
            parsed = JWKSet.parse(new String(documents.jwks().bytes(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new AssertionError("rendered JWKS does not parse as a JWK Set", e);
        }
        assertEquals(kids.size(), parsed.getKeys().size(), "one JWK per distinct kid");
        for (LoadedKey key : keys) {
            JWK jwk = parsed.getKeyByKeyId(key.kid());
            assertTrue(jwk != null, "JWKS holds kid " + key.kid());
            assertTrue(!jwk.isPrivate(), "published JWK is public only");
            assertEquals(key.algorithm(), jwk.getAlgorithm().getName());
            assertEquals("sig", jwk.getKeyUse().identifier());
            assertArrayEquals(
                    key.publicKey().getEncoded(),
                    publicKeyOf(jwk).getEncoded(),
                    "JWK parses back to the loaded public key");
        }
        assertEquals(
                ISSUER.value(),
                LoaderContract.parseJson(documents.discovery().bytes())
                        .get("issuer")
                        .asText());
        return parsed;
    }

    /** kid derivation and algorithm checked against the key itself, not against the code under test. */
    static void requireSaneKey(LoadedKey key) {
        assertEquals(sha256Base64Url(key.publicKey().getEncoded()), key.kid(), "kid is SHA-256 of the DER SPKI");
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            assertEquals("RS256", key.algorithm());
            assertTrue(rsa.getModulus().bitLength() >= 2048, "RSA keys of at least 2048 bits");
            assertTrue(rsa.getPublicExponent().signum() > 0, "positive RSA exponent");
        } else if (key.publicKey() instanceof ECPublicKey ec) {
            String curve = curveName(ec);
            assertEquals(EC_ALGORITHMS.get(curve), key.algorithm(), "algorithm for curve " + curve);
            X9ECParameters x9 = ECNamedCurveTable.getByName(curve);
            assertTrue(
                    x9.getCurve()
                            .createPoint(ec.getW().getAffineX(), ec.getW().getAffineY())
                            .isValid(),
                    "published EC point lies on " + curve);
        } else {
            throw new AssertionError(
                    "published key of unexpected type " + key.publicKey().getAlgorithm());
        }
    }

    /** Signs with the private key and verifies with the published half: the signing key is usable and matches. */
    static void requireMatchingPair(SigningKey signingKey) {
        String algorithm =
                signingKey.publicHalf().publicKey() instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] message = "sa-issuer pair check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(signingKey.privateKey());
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(signingKey.publicHalf().publicKey());
            verifier.update(message);
            assertTrue(verifier.verify(signature), "a signature by the private key verifies with the published key");
        } catch (GeneralSecurityException e) {
            throw new AssertionError("signing key unusable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Length in bytes of the x and y members of a parsed EC JWK (they must equal the curve size). */
    static int coordinateBytes(String curve) {
        return EC_COORDINATE_BYTES.get(curve);
    }

    static String sha256Base64Url(byte[] bytes) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static PublicKey publicKeyOf(JWK jwk) {
        try {
            return jwk instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) jwk).toPublicKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError("JWK does not convert to a public key", e);
        }
    }

    /** The curve is identified by all its parameters (Nimbus compares them), not by field size alone. */
    private static String curveName(ECPublicKey ec) {
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null || !EC_ALGORITHMS.containsKey(curve.getName())) {
            throw new AssertionError("EC key on an unsupported curve: " + curve);
        }
        return curve.getName();
    }
}
