package dev.saissuer.conformance.interop;

import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens minted exactly as kube-apiserver would, with keys the tests wrote (RS256: OpenSearch 2.19 verifies RSA only). */
final class ServiceAccountTokens {
    private ServiceAccountTokens() {}

    /** A token for {@code system:serviceaccount:NAMESPACE:NAME}, issued at {@code issuedAt}, valid for an hour. */
    static String token(
            SigningKey key, String issuer, String namespace, String name, String audience, Instant issuedAt) {
        return ServiceAccountToken.mint(
                key,
                new ServiceAccountToken.Request(
                        IssuerUrl.parse(issuer, false),
                        namespace,
                        name,
                        List.of(audience),
                        Duration.ofHours(1),
                        null,
                        issuedAt));
    }

    static String token(SigningKey key, String issuer, String namespace, String name, String audience) {
        return token(key, issuer, namespace, name, audience, Instant.now());
    }

    /** Issued two hours ago, so expired an hour ago: beyond any relying party's clock-skew allowance. */
    static String expiredToken(SigningKey key, String issuer, String namespace, String name, String audience) {
        return token(key, issuer, namespace, name, audience, Instant.now().minus(Duration.ofHours(2)));
    }
}
