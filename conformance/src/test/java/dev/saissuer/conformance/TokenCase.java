package dev.saissuer.conformance;

import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The tokens every relying party is given: one it must accept and four it must reject, each minted the way
 * kube-apiserver mints (keys' ServiceAccountToken) with exactly one thing wrong.
 */
enum TokenCase {
    VALID(true, "system:serviceaccount:interop:client"),
    /** Same kid as the published key, signed by a different key: only the signature can tell. */
    SIGNED_BY_ANOTHER_KEY(false, "signature"),
    WRONG_AUDIENCE(false, "aud"),
    /** Expired an hour ago, well past any relying party's clock-skew leeway. */
    EXPIRED(false, "expired"),
    /** Signed by the published key but claiming another issuer on the same host. */
    WRONG_ISSUER(false, "iss"),
    /** The issuer with a trailing slash: a different issuer to every spec, and to go-oidc; URL normalising must not hide it. */
    ISSUER_WITH_TRAILING_SLASH(false, "iss");

    static final String AUDIENCE = "relying-party";

    final boolean accept;
    /** A word the library's verdict must contain: the subject read, or the reason for rejecting. */
    final String reasonWord;

    TokenCase(boolean accept, String reasonWord) {
        this.accept = accept;
        this.reasonWord = reasonWord;
    }

    /** Accepted or rejected as expected, and for the expected reason. */
    void assertVerdict(RelyingParty.Verdict verdict) {
        org.junit.jupiter.api.Assertions.assertEquals(accept, verdict.accepted(), verdict.toString());
        org.junit.jupiter.api.Assertions.assertTrue(
                verdict.detail().toLowerCase(java.util.Locale.ROOT).contains(reasonWord),
                "expected the verdict to mention \"" + reasonWord + "\": " + verdict);
    }

    String mint(SigningKey key, String issuer, Path scratch) {
        Instant now = Instant.now();
        List<String> audiences = List.of(AUDIENCE);
        SigningKey signer = key;
        String iss = issuer;
        switch (this) {
            case SIGNED_BY_ANOTHER_KEY -> {
                TestKeys.Type type = key.privateKey() instanceof ECPrivateKey ? TestKeys.Type.EC : TestKeys.Type.RSA;
                SigningKey other =
                        SigningKey.read(TestKeys.writePrivate(type, scratch.resolve("other-" + name() + ".key")));
                signer = new SigningKey(
                        other.privateKey(),
                        new LoadedKey(
                                key.publicHalf().kid(),
                                key.publicHalf().algorithm(),
                                other.publicHalf().publicKey(),
                                "another key claiming the published kid"));
            }
            case WRONG_AUDIENCE -> audiences = List.of("someone-else");
            case EXPIRED -> now = now.minus(Duration.ofHours(2));
            case WRONG_ISSUER -> iss = issuer + "/other";
            case ISSUER_WITH_TRAILING_SLASH -> iss = issuer + "/";
            default -> {
                // VALID: as minted.
            }
        }
        return ServiceAccountToken.mint(
                signer,
                new ServiceAccountToken.Request(
                        IssuerUrl.parse(iss, false), "interop", "client", audiences, Duration.ofHours(1), null, now));
    }
}
