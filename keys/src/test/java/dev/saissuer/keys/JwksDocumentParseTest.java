package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading back a published JWKS: what the publisher takes over when a bucket holds a JWKS but no timeline. */
class JwksDocumentParseTest {
    private static List<LoadedKey> fixtureKeys() {
        return KeyFiles.readPublicKeys(List.of(
                Fixtures.fixture("rsa2048.pub.pem"),
                Fixtures.fixture("p256.pub.pem"),
                Fixtures.fixture("p384.pub.pem")));
    }

    @Test
    void renderedJwksParsesBackToTheSameKeysAndRendersTheSameBytes() {
        List<LoadedKey> keys = fixtureKeys();
        byte[] rendered = JwksDocument.render(keys);
        List<LoadedKey> parsed = JwksDocument.parse(rendered, "s3://b/openid/v1/jwks");
        assertEquals(
                keys.stream().map(LoadedKey::kid).toList(),
                parsed.stream().map(LoadedKey::kid).toList());
        assertEquals(
                keys.stream().map(LoadedKey::algorithm).toList(),
                parsed.stream().map(LoadedKey::algorithm).toList());
        assertArrayEquals(rendered, JwksDocument.render(parsed));
        assertTrue(
                parsed.get(0).origin().startsWith("s3://b/openid/v1/jwks: key "),
                parsed.get(0).origin());
    }

    @Test
    void publishedKidIsKeptEvenWhereItIsNotTheDerivedOne() {
        String jwks = new String(JwksDocument.render(fixtureKeys().subList(0, 1)), StandardCharsets.UTF_8);
        String kid = fixtureKeys().get(0).kid();
        List<LoadedKey> parsed =
                JwksDocument.parse(jwks.replace(kid, "another-kid").getBytes(StandardCharsets.UTF_8), "jwks");
        assertEquals("another-kid", parsed.get(0).kid());
    }

    @Test
    void notAJwkSetIsOneLineNamingTheObject() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> JwksDocument.parse("{\"keys\":5}".getBytes(StandardCharsets.UTF_8), "X"));
        assertTrue(e.getMessage().startsWith("X: not a JWK Set: "), e.getMessage());
    }
}
