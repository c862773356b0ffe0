package dev.saissuer.issuer.process;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens as kube-apiserver signs them, and verified as a relying party does, for the rotation process tests. */
final class Tokens {
    private Tokens() {}

    /** A one-hour token signed with the pair's private key. */
    static String mint(TestKeys.Pair pair, String issuer) {
        return ServiceAccountToken.mint(
                SigningKey.read(pair.privateKey()),
                new ServiceAccountToken.Request(
                        IssuerUrl.parse(issuer, true),
                        "ns",
                        "app",
                        List.of("aud"),
                        Duration.ofHours(1),
                        null,
                        Instant.now()));
    }

    /** The key selected by kid from the served JWKS, then the signature. */
    static boolean verifies(String token, String jwksJson) {
        try {
            JWSObject jws = JWSObject.parse(token);
            JWK key = JWKSet.parse(jwksJson).getKeyByKeyId(jws.getHeader().getKeyID());
            return key != null
                    && jws.verify(new DefaultJWSVerifierFactory()
                            .createJWSVerifier(jws.getHeader(), key.toRSAKey().toPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }
}
