package dev.saissuer.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Verification of a token as a relying party does it: issuer, key by kid, algorithm, signature, audience, time. */
final class TokenChecks {
    static final Check FORMAT = new Check(
            "token-rfc7515-format",
            "RFC 7515 §7.1, §4.1",
            "the token is a compact JWS whose header names an alg (not none) and a kid");
    static final Check ISSUER = new Check(
            "token-issuer-equality",
            "OpenID Connect Core 1.0 §3.1.3.7 (2)",
            "the token's iss is identical to the discovery document's issuer");
    static final Check KEY_SELECTION = new Check(
            "token-kid-selects-key", "RFC 7517 §4.5", "the token's kid selects exactly one key of the JWK Set");
    static final Check ALGORITHM = new Check(
            "token-alg-advertised",
            "OpenID Connect Discovery 1.0 §3",
            "the token's alg is in id_token_signing_alg_values_supported and is the selected key's alg");
    static final Check SIGNATURE =
            new Check("token-rfc7515-signature", "RFC 7515 §5.2", "the signature verifies with the selected key");
    static final Check AUDIENCE =
            new Check("token-rfc7519-4.1.3-audience", "RFC 7519 §4.1.3", "the token's aud contains the given audience");
    static final Check LIFETIME = new Check(
            "token-rfc7519-4.1.4-lifetime",
            "RFC 7519 §4.1.4, §4.1.5",
            "exp is in the future and nbf in the past, with 60s leeway");
    static final Check SUBJECT = new Check(
            "token-k8s-subject",
            KubernetesChecks.CONTRACT,
            "sub is system:serviceaccount:NAMESPACE:NAME, matching the kubernetes.io claim where present");
    static final List<Check> ALL =
            List.of(FORMAT, ISSUER, KEY_SELECTION, ALGORITHM, SIGNATURE, AUDIENCE, LIFETIME, SUBJECT);

    static final Duration LEEWAY = Duration.ofSeconds(60);

    private TokenChecks() {}

    static List<CheckResult> run(Observed observed, String token, String audience, Instant now) {
        if (token == null) {
            return ALL.stream()
                    .map(check -> CheckResult.skip(check, "no --token given"))
                    .toList();
        }
        List<CheckResult> results = new ArrayList<>();
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.strip());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            results.add(CheckResult.fail(
                    FORMAT,
                    List.of(new CheckResult.Mismatch(
                            "token", "a compact JWS with a JSON claims set", e.getMessage()))));
            ALL.subList(1, ALL.size()).forEach(check -> results.add(CheckResult.skip(check, "token does not parse")));
            return results;
        }
        String alg = jwt.getHeader().getAlgorithm().getName();
        String kid = jwt.getHeader().getKeyID();
        List<CheckResult.Mismatch> format = new ArrayList<>();
        if (kid == null) {
            format.add(new CheckResult.Mismatch("header.kid", "a kid", "none"));
        }
        results.add(CheckResult.of(FORMAT, format, alg + ", kid " + kid));
        Object discoveredIssuer = observed.discoveryJson() == null
                ? null
                : observed.discoveryJson().get("issuer");
        results.add(
                discoveredIssuer == null
                        ? CheckResult.skip(ISSUER, "discovery document unavailable")
                        : CheckResult.of(
                                ISSUER,
                                discoveredIssuer.equals(claims.getIssuer())
                                        ? List.of()
                                        : List.of(new CheckResult.Mismatch(
                                                "iss", Json.show(discoveredIssuer), Json.show(claims.getIssuer()))),
                                claims.getIssuer()));
        List<Map<String, Object>> matching = observed.keys().stream()
                .filter(k -> kid != null && kid.equals(k.get("kid")))
                .toList();
        results.add(CheckResult.of(
                KEY_SELECTION,
                matching.size() == 1
                        ? List.of()
                        : List.of(new CheckResult.Mismatch(
                                "kid " + kid, "exactly one key with this kid", matching.size() + " keys")),
                kid));
        Map<String, Object> key = matching.size() == 1 ? matching.get(0) : null;
        List<CheckResult.Mismatch> algorithm = new ArrayList<>();
        List<String> advertised = observed.discoveryJson() == null
                ? null
                : Json.stringArray(observed.discoveryJson().get("id_token_signing_alg_values_supported"));
        if (advertised == null || !advertised.contains(alg)) {
            algorithm.add(new CheckResult.Mismatch("header.alg", "one of " + Json.show(advertised), Json.show(alg)));
        }
        if (key != null && key.get("alg") != null && !alg.equals(key.get("alg"))) {
            algorithm.add(new CheckResult.Mismatch(
                    "header.alg", "the key's alg " + Json.show(key.get("alg")), Json.show(alg)));
        }
        results.add(CheckResult.of(ALGORITHM, algorithm, alg));
        results.add(key == null ? CheckResult.skip(SIGNATURE, "no single key selected") : signature(jwt, key));
        List<String> audiences = claims.getAudience();
        results.add(
                audience == null
                        ? CheckResult.skip(AUDIENCE, "no --audience given")
                        : CheckResult.of(
                                AUDIENCE,
                                audiences.contains(audience)
                                        ? List.of()
                                        : List.of(new CheckResult.Mismatch(
                                                "aud", "to contain " + Json.show(audience), Json.show(audiences))),
                                audiences.toString()));
        results.add(lifetime(claims, now));
        results.add(subject(claims));
        return results;
    }

    private static CheckResult signature(SignedJWT jwt, Map<String, Object> key) {
        try {
            JWK jwk = JWK.parse(Json.write(JwksChecks.publicView(key)));
            if (!(jwk instanceof AsymmetricJWK asymmetric)) {
                return CheckResult.fail(
                        SIGNATURE,
                        List.of(new CheckResult.Mismatch("key", "an RSA or EC public key", Json.show(key.get("kty")))));
            }
            JWSVerifier verifier =
                    new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey());
            return jwt.verify(verifier)
                    ? CheckResult.pass(SIGNATURE, "verifies")
                    : CheckResult.fail(
                            SIGNATURE,
                            List.of(new CheckResult.Mismatch(
                                    "signature", "valid for kid " + key.get("kid"), "invalid")));
        } catch (ParseException | JOSEException e) {
            return CheckResult.fail(
                    SIGNATURE,
                    List.of(new CheckResult.Mismatch(
                            "signature", "verifiable with kid " + key.get("kid"), e.getMessage())));
        }
    }

    private static CheckResult lifetime(JWTClaimsSet claims, Instant now) {
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(LEEWAY))) {
            problems.add(new CheckResult.Mismatch(
                    "exp",
                    "after " + now + " (60s leeway)",
                    exp == null ? "none" : exp.toInstant().toString()));
        }
        if (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant())) {
            problems.add(new CheckResult.Mismatch(
                    "nbf", "before " + now + " (60s leeway)", nbf.toInstant().toString()));
        }
        return CheckResult.of(LIFETIME, problems, exp == null ? "" : "expires " + exp.toInstant());
    }

    private static CheckResult subject(JWTClaimsSet claims) {
        String sub = claims.getSubject();
        if (sub == null || !sub.matches("system:serviceaccount:[^:]+:[^:]+")) {
            return CheckResult.fail(
                    SUBJECT,
                    List.of(new CheckResult.Mismatch("sub", "system:serviceaccount:NAMESPACE:NAME", Json.show(sub))));
        }
        if (claims.getClaim("kubernetes.io") instanceof Map<?, ?> kubernetes
                && kubernetes.get("serviceaccount") instanceof Map<?, ?> account) {
            String expected = "system:serviceaccount:" + kubernetes.get("namespace") + ":" + account.get("name");
            if (!expected.equals(sub)) {
                return CheckResult.fail(
                        SUBJECT, List.of(new CheckResult.Mismatch("sub", Json.show(expected), Json.show(sub))));
            }
        }
        return CheckResult.pass(SUBJECT, sub);
    }
}
