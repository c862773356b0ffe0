package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documents kube-apiserver renders in TestNewOpenIDMetadata (pkg/serviceaccount/openidmetadata_test.go),
 * byte for byte, from the same keys and issuer.
 */
class KubernetesCompatibilityTest {
    private static final IssuerUrl ISSUER = IssuerUrl.parse("https://issuer.example.com", false);

    @Test
    void publicKeysRenderKubernetesGoldenDocuments() throws Exception {
        List<LoadedKey> keys = KeyFiles.readPublicKeys(
                List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.pub.pem")));
        assertGolden(keys);
    }

    @Test
    void responseOnlyContainsPublicKeysEvenWhenPrivateKeysAreProvided() throws Exception {
        List<LoadedKey> keys = KeyFiles.readPublicKeys(
                List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.sec1.pem")));
        assertGolden(keys);
    }

    @Test
    void kidsArePinnedToKubernetesValues() {
        // Kubernetes' test obtained these by serializing the public key as DER, taking its SHA-256 and
        // URL-safe base64-encoding it without padding (keyIDFromPublicKey).
        assertEquals(
                "JHJehTTTZlsspKHT-GaJxK7Kd1NQgZJu3fyK6K_QDYU",
                KeyFiles.readPublicKeys(Fixtures.kubernetes("rsa.pub.pem"))
                        .get(0)
                        .kid());
        assertEquals(
                "SoABiieYuNx4UdqYvZRVeuC6SihxgLrhLy9peHMHpTc",
                KeyFiles.readPublicKeys(Fixtures.kubernetes("ecdsa.sec1.pem"))
                        .get(0)
                        .kid());
    }

    @Test
    void ipAddressIssuerIsKeptAsGiven() {
        IssuerUrl issuer = IssuerUrl.parse("https://192.0.2.1:80", false);
        List<LoadedKey> keys = KeyFiles.readPublicKeys(
                List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.pub.pem")));
        String expected = "{\"issuer\":\"https://192.0.2.1:80\",\"jwks_uri\":\"https://192.0.2.1:80/openid/v1/jwks\","
                + "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"ES256\",\"RS256\"]}";
        assertEquals(
                expected,
                new String(DiscoveryDocument.render(issuer, issuer.defaultJwksUri(), keys), StandardCharsets.UTF_8));
    }

    @Test
    void htmlSensitiveCharactersAreEscapedAsGoDoes() {
        IssuerUrl issuer = IssuerUrl.parse("https://issuer.example.com/a&b", false);
        List<LoadedKey> keys = KeyFiles.readPublicKeys(Fixtures.kubernetes("rsa.pub.pem"));
        String discovery =
                new String(DiscoveryDocument.render(issuer, issuer.defaultJwksUri(), keys), StandardCharsets.UTF_8);
        assertEquals(true, discovery.startsWith("{\"issuer\":\"https://issuer.example.com/a\\u0026b\""), discovery);
    }

    private static void assertGolden(List<LoadedKey> keys) throws Exception {
        URI jwksUri = URI.create("https://issuer.example.com/openid/v1/jwks");
        assertEquals(
                Files.readString(Fixtures.kubernetes("openid-configuration.golden.json")),
                new String(DiscoveryDocument.render(ISSUER, jwksUri, keys), StandardCharsets.UTF_8));
        assertEquals(
                Files.readString(Fixtures.kubernetes("jwks.golden.json")),
                new String(JwksDocument.render(keys), StandardCharsets.UTF_8));
    }
}
