package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens shaped like kube-apiserver's TokenRequest tokens (pkg/serviceaccount/claims.go). */
class ServiceAccountTokenTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa2048.pkcs1.pem", "p256.sec1.pem", "p384.pkcs8.pem", "p521.sec1.pem"})
    void tokenHasKubernetesShapeAndVerifiesWithThePublishedKey(String file) throws Exception {
        SigningKey key = SigningKey.read(Fixtures.fixture(file));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String token = ServiceAccountToken.mint(
                key,
                new ServiceAccountToken.Request(
                        IssuerUrl.parse("https://issuer.example.com", false),
                        "ns",
                        "sa",
                        List.of("aud-1"),
                        Duration.ofMinutes(10),
                        "pod-1",
                        now));
        JWSObject jws = JWSObject.parse(token);
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(jws.getHeader().toBase64URL().decode());
        assertEquals(List.of("alg", "kid"), names(header));
        assertEquals(
                KeyFiles.readPublicKeys(Fixtures.fixture(file)).get(0).kid(),
                header.get("kid").asText());
        JsonNode claims = json.readTree(jws.getPayload().toBytes());
        assertEquals(List.of("aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"), names(claims));
        assertTrue(claims.get("aud").isArray());
        assertEquals("system:serviceaccount:ns:sa", claims.get("sub").asText());
        assertEquals(now.getEpochSecond() + 600, claims.get("exp").asLong());
        assertEquals(List.of("namespace", "pod", "serviceaccount"), names(claims.get("kubernetes.io")));
        assertEquals(
                "sa",
                claims.get("kubernetes.io").get("serviceaccount").get("name").asText());
        boolean valid = key.publicHalf().publicKey() instanceof RSAPublicKey rsa
                ? jws.verify(new RSASSAVerifier(rsa))
                : jws.verify(new ECDSAVerifier((ECPublicKey) key.publicHalf().publicKey()));
        assertTrue(valid);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
