package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys taken from another issuer's JWKS: kube-apiserver's bytes round-trip, anything else is refused by name. */
class JwkSetKeysTest {
    private static final String ORIGIN = "https://upstream.test/openid/v1/jwks";

    @Test
    void kubernetesGoldenJwksRendersToTheSameBytesAsTheKeyFiles() throws Exception {
        byte[] golden = Files.readAllBytes(Fixtures.kubernetes("jwks.golden.json"));
        List<LoadedKey> mirrored = JwkSetKeys.parse(golden, ORIGIN);
        List<LoadedKey> files = KeyFiles.readPublicKeys(
                List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.pub.pem")));

        assertArrayEquals(golden, JwksDocument.render(mirrored));
        assertArrayEquals(JwksDocument.render(files), JwksDocument.render(mirrored));
        assertEquals(
                files.stream().map(LoadedKey::kid).toList(),
                mirrored.stream().map(LoadedKey::kid).toList());
        assertEquals(ORIGIN + ": key 2", mirrored.get(1).origin());
    }

    @Test
    void keepsTheKidTheUpstreamGaveAndDerivesAMissingAlg() {
        KeyPair pair = GeneratedKeys.of(GeneratedKeys.Type.EC_P384, 1).get(0);
        String jwk = new ECKey.Builder(Curve.P_384, (java.security.interfaces.ECPublicKey) pair.getPublic())
                .keyID("external-signer-key-7")
                .build()
                .toJSONString();
        LoadedKey key = JwkSetKeys.parse(set(jwk), ORIGIN).get(0);
        assertEquals("external-signer-key-7", key.kid());
        assertEquals("ES384", key.algorithm());
        assertEquals(pair.getPublic(), key.publicKey());
    }

    @Test
    void rsaPrivateMembersAreRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k").generate();
        assertRefused(set(rsa.toJSONString()), "key 1: carries the private member \"d\"");
    }

    @Test
    void ecPrivateMembersAreRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        assertRefused(set(ec.toJSONString()), "key 1: carries the private member \"d\"");
    }

    @Test
    void aLeakedPrivateKeyAfterAGoodOneRefusesTheWholeSet() throws Exception {
        String good = new ECKeyGenerator(Curve.P_256)
                .keyID("a")
                .generate()
                .toPublicJWK()
                .toJSONString();
        String leaked = new ECKeyGenerator(Curve.P_256).keyID("b").generate().toJSONString();
        BadInputException refused =
                assertThrows(BadInputException.class, () -> JwkSetKeys.parse(set(good, leaked), ORIGIN));
        assertTrue(refused.getMessage().contains("key 2: carries the private member \"d\""), refused.getMessage());
        assertFalse(refused.getMessage().contains("\"d\":"), "no key material in the message");
    }

    @Test
    void symmetricKeysAreRefused() throws Exception {
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("k").generate();
        assertRefused(set(oct.toJSONString()), "key 1: carries the private member \"k\"");
        assertRefused(set("{\"kty\":\"oct\",\"kid\":\"k\"}"), "key 1: unsupported key type \"oct\"");
    }

    @Test
    void edwardsKeysAreRefused() throws Exception {
        // RFC 8037, appendix A.2
        String okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        assertRefused(set(okp), "key 1: unsupported key type \"OKP\"");
    }

    @Test
    void unsupportedCurvesAreRefused() throws Exception {
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        for (String curve : List.of("secp256k1", "P-192", "Ed25519")) {
            String jwk = p256.toPublicJWK().toJSONString().replace("\"P-256\"", "\"" + curve + "\"");
            assertRefused(set(jwk), "key 1: unsupported curve \"" + curve + "\"");
        }
    }

    @Test
    void aPointOffTheCurveIsRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        String jwk = ec.toPublicJWK()
                .toJSONString()
                .replace(ec.getY().toString(), ec.getX().toString());
        assertRefused(set(jwk), "(kid k)");
    }

    @Test
    void smallRsaKeysAreRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(1024, true).keyID("k").generate();
        assertRefused(set(rsa.toPublicJWK().toJSONString()), "RSA key of 1024 bits is too small");
    }

    @Test
    void anAlgOtherThanKubeApiserversIsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k").generate();
        String jwk = new RSAKey.Builder((RSAPublicKey) rsa.toPublicKey())
                .keyID("k")
                .algorithm(com.nimbusds.jose.JWSAlgorithm.PS256)
                .build()
                .toJSONString();
        assertRefused(set(jwk), "alg \"PS256\" where kube-apiserver publishes RS256");
    }

    @Test
    void aKeyWithoutKidOrForEncryptionIsRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        assertRefused(set(ec.toPublicJWK().toJSONString()), "key 1: has no kid");
        String enc = new ECKey.Builder(ec.toPublicJWK())
                .keyID("k")
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                .build()
                .toJSONString();
        assertRefused(set(enc), "use is \"enc\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[1]}", "not json"})
    void malformedDocumentsAreRefusedNamingTheUrl(String body) {
        BadInputException refused = assertThrows(
                BadInputException.class, () -> JwkSetKeys.parse(body.getBytes(StandardCharsets.UTF_8), ORIGIN));
        assertTrue(refused.getMessage().startsWith(ORIGIN + ": "), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
    }

    private static void assertRefused(byte[] jwks, String expected) {
        BadInputException refused = assertThrows(BadInputException.class, () -> JwkSetKeys.parse(jwks, ORIGIN));
        assertTrue(refused.getMessage().startsWith(ORIGIN), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static byte[] set(String... keys) {
        return ("{\"keys\":[" + String.join(",", keys) + "]}").getBytes(StandardCharsets.UTF_8);
    }
}
