package dev.saissuer.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What AWS IAM, Google Cloud and Microsoft Entra document that they require of an OIDC issuer they federate with. */
final class CloudProfiles {
    static final Check AWS_PROVIDER_URL = new Check(
            "aws-provider-url",
            "AWS IAM User Guide, Create an OpenID Connect (OIDC) identity provider in IAM "
                    + "(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html)",
            "the issuer, which is the IAM provider URL, begins with https://, has no port and no query: "
                    + "\"The URL should not contain a port number\", and query parameters are not allowed");
    static final Check GCP_SIGNING_ALGORITHMS = new Check(
            "gcp-signing-algorithms",
            "Google Cloud STS v1 ExchangeTokenRequest.subjectToken, as the googleapis sts_v1 reference publishes it "
                    + "(https://pub.dev/documentation/googleapis/13.2.0/sts_v1/GoogleIdentityStsV1ExchangeTokenRequest/"
                    + "subjectToken.html)",
            "every published key's alg is RS256 or ES256, the only algorithms Google's Security Token Service accepts "
                    + "on an OIDC subject token");
    static final Check AZURE_ISSUER = new Check(
            "azure-issuer-form",
            "Microsoft Entra, Important considerations and restrictions for federated identity credentials "
                    + "(https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations)",
            "the issuer, which a federated identity credential must match exactly, is at most 600 characters with no "
                    + "leading or trailing whitespace (a token whose issuer has either is blocked)");

    static final int AZURE_ISSUER_MAX_CHARS = 600;
    private static final Set<String> GCP_ALGORITHMS = Set.of("RS256", "ES256");

    private CloudProfiles() {}

    static List<CheckResult> aws(Observed observed) {
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        ProfileUrls url = ProfileUrls.parse(observed.issuer());
        String symptom = "IAM takes no other provider URL";
        if (url == null || !url.https()) {
            problems.add(new CheckResult.Mismatch(
                    "issuer", "an https:// URL", Json.show(observed.issuer()) + " (" + symptom + ")"));
        } else {
            if (url.port() != -1) {
                problems.add(new CheckResult.Mismatch(
                        "issuer",
                        "no port",
                        "port " + url.port() + " in " + Json.show(observed.issuer())
                                + " (IAM: \"The URL should not contain a port number\")"));
            }
            if (url.query() != null || url.fragment() != null) {
                problems.add(new CheckResult.Mismatch(
                        "issuer", "no query or fragment", Json.show(observed.issuer()) + " (" + symptom + ")"));
            }
        }
        return List.of(CheckResult.of(AWS_PROVIDER_URL, problems, "https, no port, no query"));
    }

    static List<CheckResult> gcp(Observed observed) {
        if (observed.jwksJson() == null) {
            return List.of(CheckResult.skip(GCP_SIGNING_ALGORITHMS, "JWK Set unavailable"));
        }
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Object alg = keys.get(i).get("alg");
            if (!GCP_ALGORITHMS.contains(alg)) {
                problems.add(new CheckResult.Mismatch(
                        "keys[" + i + "].alg",
                        "\"RS256\" or \"ES256\"",
                        Json.show(alg) + " (Google STS refuses every token this key signs)"));
            }
        }
        return List.of(CheckResult.of(GCP_SIGNING_ALGORITHMS, problems, "RS256/ES256 only"));
    }

    static List<CheckResult> azure(Observed observed) {
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        String issuer = observed.issuer();
        if (issuer.length() > AZURE_ISSUER_MAX_CHARS) {
            problems.add(new CheckResult.Mismatch(
                    "issuer",
                    "at most " + AZURE_ISSUER_MAX_CHARS + " characters",
                    issuer.length() + " characters (a federated identity credential cannot hold it)"));
        }
        if (!issuer.equals(issuer.strip())) {
            problems.add(new CheckResult.Mismatch(
                    "issuer", "no leading or trailing whitespace", Json.show(issuer) + " (Entra blocks the exchange)"));
        }
        return List.of(CheckResult.of(AZURE_ISSUER, problems, issuer.length() + " characters"));
    }
}
