package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Render → parse round trips over freshly generated keys: RSA 2048/3072/4096 and EC P-256/P-384/P-521, each in
 * every PEM form that applies to it (written by Bouncy Castle, not openssl), loaded with
 * {@link KeyFiles#readPublicKeys}, rendered as JWKS and discovery, and parsed back with Nimbus. The parsed key must
 * equal the generated one, its kid be SHA-256 over the DER SubjectPublicKeyInfo, its alg match the key, and EC
 * coordinates be exactly the curve size (RFC 7518, section 6.2.1.2).
 */
class KeyRoundTripPropertyTest {
    /** Distinct keys per type: more of the cheap EC keys, fewer RSA-4096 (seconds each to generate). */
    static int samples(GeneratedKeys.Type type) {
        return switch (type) {
            case RSA_2048 -> 3;
            case RSA_3072, RSA_4096 -> 1;
            default -> 5;
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            for (int sample = 0; sample < samples(type); sample++) {
                for (PemForms form : PemForms.values()) {
                    if (form.appliesTo(type)) {
                        cases.add(Arguments.of(type, sample, form));
                    }
                }
            }
        }
        return cases.stream();
    }

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} key {1} as {2}")
    @MethodSource("cases")
    void renderedKeyParsesBackToTheGeneratedKey(GeneratedKeys.Type type, int sample, PemForms form) throws Exception {
        KeyPair pair = GeneratedKeys.of(type, sample + 1).get(sample);
        Path file = Files.writeString(directory.resolve("key.pem"), form.write(pair), StandardCharsets.US_ASCII);

        List<LoadedKey> keys = KeyFiles.readPublicKeys(file);
        assertEquals(1, keys.size());
        LoadedKey key = keys.get(0);
        String expectedKid = PublishedKeyChecks.sha256Base64Url(pair.getPublic().getEncoded());
        assertEquals(expectedKid, key.kid(), "kid is SHA-256 of the DER SubjectPublicKeyInfo");
        assertEquals(type.algorithm, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());

        JWKSet parsed = PublishedKeyChecks.requireSane(keys);
        JWK jwk = parsed.getKeyByKeyId(expectedKid);
        assertEquals(pair.getPublic(), PublishedKeyChecks.publicKeyOf(jwk), "the parsed JWK is the generated key");
        if (type.isRsa()) {
            RSAKey rsa = (RSAKey) jwk;
            byte[] modulus = rsa.getModulus().decode();
            assertEquals(
                    type.rsaBits() / 8, modulus.length, "n is the modulus without a sign byte (RFC 7518, 6.3.1.1)");
            assertNotEquals(0, modulus[0]);
            assertArrayEquals(new byte[] {1, 0, 1}, rsa.getPublicExponent().decode(), "e is 65537, minimal");
        } else {
            ECKey ec = (ECKey) jwk;
            assertEquals(type.curve, ec.getCurve().getName());
            assertEquals(
                    PublishedKeyChecks.coordinateBytes(type.curve), ec.getX().decode().length, "x is curve-sized");
            assertEquals(
                    PublishedKeyChecks.coordinateBytes(type.curve), ec.getY().decode().length, "y is curve-sized");
        }

        IssuerDocuments documents =
                IssuerDocuments.render(PublishedKeyChecks.ISSUER, PublishedKeyChecks.ISSUER.defaultJwksUri(), keys);
        JsonNode discovery = LoaderContract.parseJson(documents.discovery().bytes());
        assertEquals(
                "[\"" + type.algorithm + "\"]",
                discovery.get("id_token_signing_alg_values_supported").toString());
        assertEquals(
                PublishedKeyChecks.ISSUER.defaultJwksUri().toString(),
                discovery.get("jwks_uri").asText());

        if (form.isPrivate) {
            SigningKey signingKey = SigningKey.read(file);
            assertEquals(expectedKid, signingKey.publicHalf().kid());
            if (type.isRsa()) {
                assertArrayEquals(
                        pair.getPrivate().getEncoded(),
                        signingKey.privateKey().getEncoded(),
                        "the signing key is the generated private key");
            } else {
                // PKCS#8 encodings of one EC key differ in optional fields; the scalar and the curve identify it.
                ECPrivateKey expected = (ECPrivateKey) pair.getPrivate();
                ECPrivateKey loaded = (ECPrivateKey) signingKey.privateKey();
                assertEquals(expected.getS(), loaded.getS(), "the signing key is the generated private key");
                assertEquals(expected.getParams().getOrder(), loaded.getParams().getOrder());
            }
            PublishedKeyChecks.requireMatchingPair(signingKey);
        }
    }

    /** All generated keys of all types in one file set: one JWK each, and the discovery lists every algorithm. */
    @ParameterizedTest(name = "all types together, private forms: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void everyTypeTogetherRendersOneKeyEach(boolean privateForms) throws IOException {
        List<Path> files = new ArrayList<>();
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            PemForms form = type.isRsa()
                    ? (privateForms ? PemForms.PKCS1_PRIVATE : PemForms.PKIX_PUBLIC)
                    : (privateForms ? PemForms.SEC1_PRIVATE : PemForms.CERTIFICATE);
            Path file = directory.resolve(type.name() + ".pem");
            Files.writeString(file, form.write(GeneratedKeys.of(type, 1).get(0)), StandardCharsets.US_ASCII);
            files.add(file);
        }
        files.add(files.get(0));
        List<LoadedKey> keys = KeyFiles.readPublicKeys(files);
        assertEquals(GeneratedKeys.Type.values().length + 1, keys.size(), "the repeated file loads twice");
        assertEquals(
                GeneratedKeys.Type.values().length,
                PublishedKeyChecks.requireSane(keys).getKeys().size(),
                "each kid once in the JWKS");
        IssuerDocuments documents =
                IssuerDocuments.render(PublishedKeyChecks.ISSUER, PublishedKeyChecks.ISSUER.defaultJwksUri(), keys);
        assertEquals(
                "[\"ES256\",\"ES384\",\"ES512\",\"RS256\"]",
                LoaderContract.parseJson(documents.discovery().bytes())
                        .get("id_token_signing_alg_values_supported")
                        .toString(),
                "algorithms de-duplicated and sorted");
    }
}
