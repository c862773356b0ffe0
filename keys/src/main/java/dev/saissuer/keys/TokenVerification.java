package dev.saissuer.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a service-account token the way Kubernetes' own conformance test does with go-oidc
 * ({@code oidc.NewProvider} then {@code IDTokenVerifier.Verify}), given the documents already fetched: the
 * discovery document's {@code issuer} must equal the configured issuer and the token's {@code iss} exactly
 * (OpenID Connect Discovery 1.0, section 4.3), the key is selected by {@code kid}, the algorithm must be on the
 * allow-list, then signature, {@code aud}, {@code exp} and {@code nbf} (RFC 7519, section 4.1) with a leeway.
 * The first failing check ends verification and is named in the result.
 */
public final class TokenVerification {
    /** go-oidc's default is RS256 alone; kube-apiserver also signs with ES256 for P-256 keys. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");

    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    /** What the relying party expects, and the clock it checks against. */
    public record Expectations(String issuer, String audience, List<String> algorithms, Instant now, Duration leeway) {
        public Expectations {
            algorithms = List.copyOf(algorithms);
        }
    }

    /** The fetched documents: the discovery document and the JWK Set it points to. */
    public record Documents(byte[] discovery, byte[] jwks) {}

    /** The outcome: either the subject and claims of an accepted token, or the first failing check. */
    public record Result(
            boolean accepted, String failedCheck, String reason, String subject, Map<String, Object> claims) {
        static Result reject(String check, String reason) {
            return new Result(false, check, reason, null, Map.of());
        }

        /** One line for a person: "accepted: SUBJECT" or "CHECK: REASON". */
        public String summary() {
            return accepted ? "accepted: " + subject : failedCheck + ": " + reason;
        }
    }

    private TokenVerification() {}

    /** Reads the jwks_uri from a discovery document, so the caller knows what to fetch next. */
    public static String jwksUri(byte[] discovery) {
        return stringMember(parseObject("discovery document", discovery), "jwks_uri", "discovery document");
    }

    /** Parses the token as a compact JWS; the verification itself is {@link #verify}. */
    public static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token.strip());
        } catch (ParseException e) {
            throw new BadInputException("not a signed JWT (compact JWS): " + e.getMessage(), e);
        }
    }

    public static Result verify(String token, Documents documents, Expectations expected) {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Result.reject("claims", "token payload is not a JSON claims set: " + e.getMessage());
        }
        String discoveredIssuer;
        try {
            discoveredIssuer = stringMember(
                    parseObject("discovery document", documents.discovery()), "issuer", "discovery document");
        } catch (BadInputException e) {
            return Result.reject("discovery", e.getMessage());
        }
        if (!discoveredIssuer.equals(expected.issuer())) {
            return Result.reject(
                    "discovery issuer",
                    "issuer mismatch: discovery says " + discoveredIssuer + ", --issuer is " + expected.issuer());
        }
        String tokenIssuer = claims.getIssuer();
        if (!discoveredIssuer.equals(tokenIssuer)) {
            return Result.reject(
                    "issuer", "issuer mismatch: discovery says " + discoveredIssuer + ", token says " + tokenIssuer);
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!expected.algorithms().contains(algorithm.getName())) {
            return Result.reject(
                    "algorithm",
                    "algorithm not allowed: token uses " + algorithm + ", allowed "
                            + String.join(", ", expected.algorithms()));
        }
        JWKSet keys;
        try {
            keys = JWKSet.parse(new String(documents.jwks(), StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return Result.reject("jwks", "the JWK Set does not parse: " + e.getMessage());
        }
        List<JWK> candidates = candidates(keys, jwt.getHeader().getKeyID());
        if (candidates.isEmpty()) {
            return Result.reject(
                    "key",
                    "no key with kid " + jwt.getHeader().getKeyID() + " in the JWK Set (kids: "
                            + keys.getKeys().stream().map(JWK::getKeyID).toList() + ")");
        }
        if (!verifiesWithAny(jwt, candidates)) {
            return Result.reject(
                    "signature",
                    "signature does not verify with the " + algorithm + " key "
                            + (jwt.getHeader().getKeyID() == null
                                    ? "(any)"
                                    : jwt.getHeader().getKeyID()));
        }
        List<String> audiences = claims.getAudience();
        if (!audiences.contains(expected.audience())) {
            return Result.reject(
                    "audience", "audience mismatch: token is for " + audiences + ", expected " + expected.audience());
        }
        Instant now = expected.now();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return Result.reject("expiry", "token has no exp claim");
        }
        if (!now.isBefore(exp.toInstant().plus(expected.leeway()))) {
            return Result.reject(
                    "expiry",
                    "token expired at " + exp.toInstant() + " (now " + now + ", leeway "
                            + Durations.format(expected.leeway()) + ")");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(expected.leeway()).isBefore(nbf.toInstant())) {
            return Result.reject(
                    "not before",
                    "token not valid before " + nbf.toInstant() + " (now " + now + ", leeway "
                            + Durations.format(expected.leeway()) + ")");
        }
        // The claims as the token carries them (JWTClaimsSet would turn a one-element aud array into a string).
        return new Result(
                true, null, null, claims.getSubject(), jwt.getPayload().toJSONObject());
    }

    /** go-oidc selects by kid; a token without a kid is tried against every key, as go-oidc does. */
    private static List<JWK> candidates(JWKSet keys, String kid) {
        List<JWK> found = new ArrayList<>();
        for (JWK key : keys.getKeys()) {
            if (kid == null || kid.equals(key.getKeyID())) {
                found.add(key);
            }
        }
        return found;
    }

    private static boolean verifiesWithAny(SignedJWT jwt, List<JWK> candidates) {
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = verifierFor(key);
                if (verifier != null
                        && verifier.supportedJWSAlgorithms()
                                .contains(jwt.getHeader().getAlgorithm())
                        && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // A key of the wrong type or curve for the algorithm cannot verify; try the next one.
            }
        }
        return false;
    }

    private static JWSVerifier verifierFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toRSAPublicKey(), Set.of());
        }
        if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        return null;
    }

    private static Map<String, Object> parseObject(String what, byte[] json) {
        try {
            return JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new BadInputException(what + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String stringMember(Map<String, Object> object, String name, String what) {
        if (object.get(name) instanceof String value) {
            return value;
        }
        throw new BadInputException(what + " has no string member \"" + name + "\"");
    }
}
