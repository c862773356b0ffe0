package dev.saissuer.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OpenID Provider Metadata document and its RFC 8414 twin. */
final class DiscoveryChecks {
    static final Check LOCATION = new Check(
            "oidc-discovery-4-location",
            "OpenID Connect Discovery 1.0 §4",
            "a JSON object is served at the issuer + /.well-known/openid-configuration (terminating / removed first)");
    static final Check REQUIRED_MEMBERS = new Check(
            "oidc-discovery-3-required-members",
            "OpenID Connect Discovery 1.0 §3",
            "issuer and jwks_uri are strings; response_types_supported, subject_types_supported and "
                    + "id_token_signing_alg_values_supported are non-empty arrays of strings "
                    + "(authorization_endpoint is not required: a service-account issuer has none, as Kubernetes documents)");
    static final Check ISSUER_EQUALITY = new Check(
            "oidc-discovery-4.3-issuer-equality",
            "OpenID Connect Discovery 1.0 §4.3",
            "the document's issuer is identical to the issuer URL it was fetched for (byte for byte, trailing slash included)");
    static final Check AUTHORIZATION_SERVER_ISSUER = new Check(
            "rfc8414-3.3-issuer-equality",
            "RFC 8414 §3.3",
            "where /.well-known/oauth-authorization-server{path} is served, it is a JSON object whose issuer is identical "
                    + "to the issuer URL (skipped when not served to the public, 401, 403 or 404: it is optional)");
    static final List<Check> ALL = List.of(LOCATION, REQUIRED_MEMBERS, ISSUER_EQUALITY, AUTHORIZATION_SERVER_ISSUER);

    private static final List<String> STRING_MEMBERS = List.of("issuer", "jwks_uri");
    private static final List<String> ARRAY_MEMBERS =
            List.of("response_types_supported", "subject_types_supported", "id_token_signing_alg_values_supported");

    private DiscoveryChecks() {}

    static List<CheckResult> run(Observed observed) {
        Map<String, Object> document = observed.discoveryJson();
        if (document == null) {
            List<CheckResult> results = new ArrayList<>();
            results.add(CheckResult.fail(
                    LOCATION,
                    List.of(new CheckResult.Mismatch(
                            "GET " + observed.discovery().uri(), "a JSON object", observed.discoveryError()))));
            String why = "discovery document unavailable";
            results.add(CheckResult.skip(REQUIRED_MEMBERS, why));
            results.add(CheckResult.skip(ISSUER_EQUALITY, why));
            results.add(authorizationServer(observed));
            return results;
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.pass(LOCATION, observed.discovery().uri().toString()));
        results.add(requiredMembers(document));
        Object issuer = document.get("issuer");
        results.add(CheckResult.of(
                ISSUER_EQUALITY,
                observed.issuer().equals(issuer)
                        ? List.of()
                        : List.of(new CheckResult.Mismatch("issuer", Json.show(observed.issuer()), Json.show(issuer))),
                Json.show(issuer)));
        results.add(authorizationServer(observed));
        return results;
    }

    private static CheckResult requiredMembers(Map<String, Object> document) {
        List<CheckResult.Mismatch> missing = new ArrayList<>();
        for (String name : STRING_MEMBERS) {
            if (!(document.get(name) instanceof String value) || value.isEmpty()) {
                missing.add(new CheckResult.Mismatch(name, "a non-empty string", Json.show(document.get(name))));
            }
        }
        for (String name : ARRAY_MEMBERS) {
            List<String> values = Json.stringArray(document.get(name));
            if (values == null || values.isEmpty()) {
                missing.add(
                        new CheckResult.Mismatch(name, "a non-empty array of strings", Json.show(document.get(name))));
            }
        }
        return CheckResult.of(REQUIRED_MEMBERS, missing, "all present");
    }

    /**
     * The answers that mean "not served to the public": 404, and the 401 or 403 of a store or server that does not
     * let anonymous callers read what it was not told to publish. AWS S3 answers 403 AccessDenied, not 404, to an
     * anonymous GET of a key the bucket policy does not grant (the public has no s3:ListBucket;
     * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), and a bucket policy granting the two
     * documents only is how an issuer is published there; CloudFront before such a bucket passes the 403 on.
     */
    static final Set<Integer> NOT_SERVED = Set.of(401, 403, 404);

    static CheckResult authorizationServer(Observed observed) {
        Fetched fetched = observed.authorizationServer();
        if (fetched == null || !fetched.answered() || NOT_SERVED.contains(fetched.status())) {
            return CheckResult.skip(
                    AUTHORIZATION_SERVER_ISSUER,
                    fetched == null ? "issuer is not a URL" : "not served (" + fetched.describe() + ")");
        }
        if (fetched.status() != 200) {
            return CheckResult.fail(
                    AUTHORIZATION_SERVER_ISSUER,
                    List.of(new CheckResult.Mismatch(
                            "GET " + fetched.uri(), "HTTP 200, or 401, 403 or 404 (not served)", fetched.describe())));
        }
        Object issuer;
        try {
            issuer = Json.object(fetched.bodyText()).get("issuer");
        } catch (JsonProcessingException e) {
            return CheckResult.fail(
                    AUTHORIZATION_SERVER_ISSUER,
                    List.of(new CheckResult.Mismatch(
                            "GET " + fetched.uri(), "a JSON object", "not JSON (" + e.getOriginalMessage() + ")")));
        }
        return CheckResult.of(
                AUTHORIZATION_SERVER_ISSUER,
                observed.issuer().equals(issuer)
                        ? List.of()
                        : List.of(new CheckResult.Mismatch(
                                "issuer at " + fetched.uri(), Json.show(observed.issuer()), Json.show(issuer))),
                "served at " + fetched.uri());
    }
}
