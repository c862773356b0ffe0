package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7517 section 9.3 / RFC 7518 section 6: a published JWK carries public members only, from any key form. */
class NoPrivateMembersTest {
    private static final Set<String> RSA_MEMBERS = Set.of("use", "kty", "kid", "alg", "n", "e");
    private static final Set<String> EC_MEMBERS = Set.of("use", "kty", "kid", "crv", "alg", "x", "y");

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rsa2048.pkcs1.pem",
                "rsa2048.pkcs8.pem",
                "rsa3072.pkcs8.pem",
                "rsa4096.pkcs8.pem",
                "p256.sec1.pem",
                "p256.sec1-params.pem",
                "p256.sec1-nopub.pem",
                "p256.pkcs8.pem",
                "p256.pkcs8-nopub.pem",
                "p384.sec1.pem",
                "p384.pkcs8.pem",
                "p521.sec1.pem",
                "p521.pkcs8.pem"
            })
    void privateKeyFormsRenderExactlyThePublicMembers(String file) throws Exception {
        JsonNode jwks =
                new ObjectMapper().readTree(JwksDocument.render(KeyFiles.readPublicKeys(Fixtures.fixture(file))));
        assertEquals(Set.of("keys"), names(jwks));
        JsonNode key = jwks.get("keys").get(0);
        Set<String> expected = key.get("kty").asText().equals("RSA") ? RSA_MEMBERS : EC_MEMBERS;
        assertEquals(new TreeSet<>(expected), names(key));
    }

    private static Set<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return new TreeSet<>(names);
    }
}
