package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification in go-oidc's order: each case breaks one thing and names the check that must catch it. */
class TokenVerificationTest {
    static final String ISSUER = "https://issuer.example.com/clusters/a";
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final SigningKey RSA = SigningKey.read(Fixtures.fixture("rsa2048.pkcs1.pem"));
    static final SigningKey EC = SigningKey.read(Fixtures.fixture("p256.sec1.pem"));
    static final SigningKey UNPUBLISHED = SigningKey.read(Fixtures.fixture("rsa3072.pkcs8.pem"));
    static final TokenVerification.Documents PUBLISHED = documents(ISSUER);

    /** One case: how the token is minted, what the relying party expects, and the check that fails (null: accepted). */
    record Case(
            String name,
            String token,
            TokenVerification.Documents documents,
            TokenVerification.Expectations expected,
            String failedCheck,
            String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static TokenVerification.Documents documents(String issuer) {
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        List<LoadedKey> keys = List.of(RSA.publicHalf(), EC.publicHalf());
        return new TokenVerification.Documents(
                DiscoveryDocument.render(url, url.defaultJwksUri(), keys), JwksDocument.render(keys));
    }

    static String mint(SigningKey key, String issuer, String audience, Instant issuedAt, Duration ttl) {
        return ServiceAccountToken.mint(
                key,
                new ServiceAccountToken.Request(
                        IssuerUrl.parse(issuer, false), "ns", "sa", List.of(audience), ttl, null, issuedAt));
    }

    static String valid(SigningKey key) {
        return mint(key, ISSUER, "aud", NOW, Duration.ofMinutes(10));
    }

    static TokenVerification.Expectations expect(UnaryOperator<TokenVerification.Expectations> change) {
        return change.apply(new TokenVerification.Expectations(
                ISSUER, "aud", TokenVerification.DEFAULT_ALGORITHMS, NOW, TokenVerification.DEFAULT_LEEWAY));
    }

    static Stream<Arguments> cases() {
        SigningKey forged = new SigningKey(
                UNPUBLISHED.privateKey(),
                new LoadedKey(
                        RSA.publicHalf().kid(),
                        "RS256",
                        UNPUBLISHED.publicHalf().publicKey(),
                        "forged"));
        Instant later = NOW.plus(Duration.ofMinutes(10));
        return Stream.of(
                        new Case("RSA token accepted", valid(RSA), PUBLISHED, expect(e -> e), null, null),
                        new Case("EC token accepted", valid(EC), PUBLISHED, expect(e -> e), null, null),
                        new Case(
                                "discovery issuer differs from the issuer asked for (trailing slash)",
                                valid(RSA),
                                PUBLISHED,
                                expect(e -> new TokenVerification.Expectations(
                                        ISSUER + "/", e.audience(), e.algorithms(), e.now(), e.leeway())),
                                "discovery issuer",
                                "issuer mismatch: discovery says " + ISSUER + ", --issuer is " + ISSUER + "/"),
                        new Case(
                                "token from another issuer",
                                mint(RSA, "https://other.example.com", "aud", NOW, Duration.ofMinutes(10)),
                                PUBLISHED,
                                expect(e -> e),
                                "issuer",
                                "issuer mismatch: discovery says " + ISSUER + ", token says https://other.example.com"),
                        new Case(
                                "algorithm not on the allow-list",
                                valid(EC),
                                PUBLISHED,
                                expect(e -> new TokenVerification.Expectations(
                                        ISSUER, "aud", List.of("RS256"), NOW, e.leeway())),
                                "algorithm",
                                "algorithm not allowed: token uses ES256, allowed RS256"),
                        new Case("kid not published", valid(UNPUBLISHED), PUBLISHED, expect(e -> e), "key", null),
                        new Case(
                                "published kid, another key's signature",
                                valid(forged),
                                PUBLISHED,
                                expect(e -> e),
                                "signature",
                                null),
                        new Case(
                                "wrong audience",
                                mint(RSA, ISSUER, "other", NOW, Duration.ofMinutes(10)),
                                PUBLISHED,
                                expect(e -> e),
                                "audience",
                                "audience mismatch: token is for [other], expected aud"),
                        new Case(
                                "expired beyond the leeway",
                                valid(RSA),
                                PUBLISHED,
                                expect(e -> new TokenVerification.Expectations(
                                        ISSUER, "aud", e.algorithms(), later.plusSeconds(61), e.leeway())),
                                "expiry",
                                null),
                        new Case(
                                "expired within the leeway",
                                valid(RSA),
                                PUBLISHED,
                                expect(e -> new TokenVerification.Expectations(
                                        ISSUER, "aud", e.algorithms(), later.plusSeconds(59), e.leeway())),
                                null,
                                null),
                        new Case(
                                "not yet valid beyond the leeway",
                                mint(RSA, ISSUER, "aud", NOW.plusSeconds(120), Duration.ofMinutes(10)),
                                PUBLISHED,
                                expect(e -> e),
                                "not before",
                                null),
                        new Case(
                                "JWK Set does not parse",
                                valid(RSA),
                                new TokenVerification.Documents(
                                        PUBLISHED.discovery(), "{\"keys\":7}".getBytes(StandardCharsets.UTF_8)),
                                expect(e -> e),
                                "jwks",
                                null),
                        new Case(
                                "discovery has no issuer",
                                valid(RSA),
                                new TokenVerification.Documents(
                                        "{}".getBytes(StandardCharsets.UTF_8), PUBLISHED.jwks()),
                                expect(e -> e),
                                "discovery",
                                null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstFailingCheckIsNamed(Case c) {
        TokenVerification.Result result = TokenVerification.verify(c.token(), c.documents(), c.expected());
        assertEquals(c.failedCheck() == null, result.accepted(), result.summary());
        assertEquals(c.failedCheck(), result.failedCheck(), result.summary());
        if (c.reason() != null) {
            assertEquals(c.reason(), result.reason());
        }
        if (result.accepted()) {
            assertEquals("system:serviceaccount:ns:sa", result.subject());
            assertEquals(ISSUER, result.claims().get("iss"));
        }
    }

    @Test
    void notAJwtIsBadInput() {
        assertThrows(BadInputException.class, () -> TokenVerification.verify("not-a-token", PUBLISHED, expect(e -> e)));
    }
}
