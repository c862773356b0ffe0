package dev.saissuer.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What kube-apiserver's ServiceAccountIssuerDiscovery serves (pkg/serviceaccount/openidmetadata.go), which
 * relying parties configured for Kubernetes issuers have come to depend on.
 */
final class KubernetesChecks {
    static final String CONTRACT = "Kubernetes service-account issuer discovery";
    static final Check KID_DERIVATION = new Check(
            "k8s-kid-derivation",
            CONTRACT,
            "kid = unpadded base64url of SHA-256 over the key's DER SubjectPublicKeyInfo, the kid kube-apiserver "
                    + "puts in every token it signs (not the RFC 7638 thumbprint)");
    static final Check JWK_MEMBER_SET = new Check(
            "k8s-jwk-member-set",
            CONTRACT,
            "each key has exactly use, kty, kid, alg, n, e (RSA) or use, kty, kid, crv, alg, x, y (EC)");
    static final Check DISCOVERY_MEMBER_SET = new Check(
            "k8s-discovery-member-set",
            CONTRACT,
            "the discovery document has exactly issuer, jwks_uri, response_types_supported [\"id_token\"], "
                    + "subject_types_supported [\"public\"] and id_token_signing_alg_values_supported");
    static final Check ALGS_FROM_KEYS = new Check(
            "k8s-alg-list-from-keys",
            CONTRACT,
            "id_token_signing_alg_values_supported is the sorted, de-duplicated list of the published keys' alg values");
    static final Check HTTPS = new Check(
            "k8s-https",
            CONTRACT + "; OpenID Connect Discovery 1.0 §3",
            "issuer and jwks_uri are https URLs with a host (kube-apiserver refuses any other for discovery)");
    static final List<Check> ALL = List.of(KID_DERIVATION, JWK_MEMBER_SET, DISCOVERY_MEMBER_SET, ALGS_FROM_KEYS, HTTPS);

    private static final Set<String> RSA_MEMBERS = Set.of("use", "kty", "kid", "alg", "n", "e");
    private static final Set<String> EC_MEMBERS = Set.of("use", "kty", "kid", "crv", "alg", "x", "y");
    private static final List<String> DISCOVERY_MEMBERS = List.of(
            "issuer",
            "jwks_uri",
            "response_types_supported",
            "subject_types_supported",
            "id_token_signing_alg_values_supported");

    private KubernetesChecks() {}

    static List<CheckResult> run(Observed observed) {
        List<CheckResult> results = new ArrayList<>();
        Map<String, Object> discovery = observed.discoveryJson();
        boolean haveKeys = observed.jwksJson() != null;
        List<CheckResult.Mismatch> kids = new ArrayList<>();
        List<CheckResult.Mismatch> members = new ArrayList<>();
        TreeSet<String> algs = new TreeSet<>();
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> key = keys.get(i);
            String where = "keys[" + i + "]";
            kidDerivation(where, key, kids);
            Set<String> expected = "EC".equals(key.get("kty")) ? EC_MEMBERS : RSA_MEMBERS;
            if (!key.keySet().equals(expected)) {
                members.add(new CheckResult.Mismatch(
                        where,
                        "members " + expected.stream().sorted().toList(),
                        key.keySet().stream().sorted().toList().toString()));
            }
            if (key.get("alg") instanceof String alg) {
                algs.add(alg);
            }
        }
        String noKeys = "JWK Set unavailable";
        results.add(
                haveKeys
                        ? CheckResult.of(KID_DERIVATION, kids, Json.count(keys.size(), "kid") + " derived")
                        : CheckResult.skip(KID_DERIVATION, noKeys));
        results.add(
                haveKeys ? CheckResult.of(JWK_MEMBER_SET, members, "exact") : CheckResult.skip(JWK_MEMBER_SET, noKeys));
        if (discovery == null) {
            String why = "discovery document unavailable";
            results.add(CheckResult.skip(DISCOVERY_MEMBER_SET, why));
            results.add(CheckResult.skip(ALGS_FROM_KEYS, why));
            results.add(https(observed.issuer(), null));
            return results;
        }
        results.add(discoveryMembers(discovery));
        Object listed = discovery.get("id_token_signing_alg_values_supported");
        List<String> expectedAlgs = new ArrayList<>(algs);
        results.add(
                !haveKeys
                        ? CheckResult.skip(ALGS_FROM_KEYS, noKeys)
                        : CheckResult.of(
                                ALGS_FROM_KEYS,
                                expectedAlgs.equals(listed)
                                        ? List.of()
                                        : List.of(new CheckResult.Mismatch(
                                                "id_token_signing_alg_values_supported",
                                                Json.show(expectedAlgs),
                                                Json.show(listed))),
                                Json.show(listed)));
        results.add(https(observed.issuer(), discovery.get("jwks_uri")));
        return results;
    }

    private static CheckResult discoveryMembers(Map<String, Object> discovery) {
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        Set<String> found = new LinkedHashSet<>(discovery.keySet());
        if (!found.equals(new LinkedHashSet<>(DISCOVERY_MEMBERS))) {
            problems.add(new CheckResult.Mismatch("members", DISCOVERY_MEMBERS.toString(), found.toString()));
        }
        if (!List.of("id_token").equals(discovery.get("response_types_supported"))) {
            problems.add(new CheckResult.Mismatch(
                    "response_types_supported",
                    "[\"id_token\"]",
                    Json.show(discovery.get("response_types_supported"))));
        }
        if (!List.of("public").equals(discovery.get("subject_types_supported"))) {
            problems.add(new CheckResult.Mismatch(
                    "subject_types_supported", "[\"public\"]", Json.show(discovery.get("subject_types_supported"))));
        }
        return CheckResult.of(DISCOVERY_MEMBER_SET, problems, "exact");
    }

    private static CheckResult https(String issuer, Object jwksUri) {
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        httpsUrl("issuer", issuer, problems);
        if (jwksUri != null) {
            httpsUrl("jwks_uri", jwksUri, problems);
        }
        return CheckResult.of(HTTPS, problems, jwksUri == null ? "issuer https (jwks_uri unknown)" : "both https");
    }

    private static void httpsUrl(String what, Object value, List<CheckResult.Mismatch> problems) {
        URI uri = Urls.parse(String.valueOf(value)).orElse(null);
        if (uri != null
                && uri.getScheme() != null
                && uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
                && uri.getHost() != null) {
            return;
        }
        problems.add(new CheckResult.Mismatch(what, "an https URL with a host", Json.show(value)));
    }

    private static void kidDerivation(String where, Map<String, Object> key, List<CheckResult.Mismatch> problems) {
        String expected;
        try {
            JWK jwk = JWK.parse(Json.write(JwksChecks.publicView(key)));
            if (!(jwk instanceof AsymmetricJWK asymmetric)) {
                problems.add(new CheckResult.Mismatch(where, "an RSA or EC public key", Json.show(key.get("kty"))));
                return;
            }
            expected = keyId(asymmetric.toPublicKey().getEncoded());
        } catch (ParseException | JOSEException e) {
            problems.add(new CheckResult.Mismatch(where, "a public key the kid can be derived from", e.getMessage()));
            return;
        }
        if (!expected.equals(key.get("kid"))) {
            problems.add(new CheckResult.Mismatch(where + ".kid", "\"" + expected + "\"", Json.show(key.get("kid"))));
        }
    }

    /** kube-apiserver's keyIDFromPublicKey. */
    static String keyId(byte[] subjectPublicKeyInfo) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
