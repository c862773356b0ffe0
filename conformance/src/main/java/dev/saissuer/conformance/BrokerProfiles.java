package dev.saissuer.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What RabbitMQ's OAuth 2.0 backend and OpenSearch's openid domain require of an issuer: partly documented, partly
 * measured against the real brokers by this project's interop tests (docs/conformance-profiles.md says which).
 */
final class BrokerProfiles {
    static final Check RABBITMQ_310_JWKS_URL = new Check(
            "rabbitmq-3.10-jwks-url",
            "RabbitMQ 3.10 auth_oauth2.jwks_url (https://www.rabbitmq.com/docs/oauth2); https and host name "
                    + "measured with RabbitMQ 3.10.8 on Erlang 25 (docs/conformance-profiles.md)",
            "jwks_uri, which 3.10 is configured with as jwks_url, is https and names its host by a DNS name: Erlang 25 "
                    + "checks an IP host as if it were a DNS name, so no certificate's IP SAN matches");
    static final Check RABBITMQ_4_ISSUER = new Check(
            "rabbitmq-4-issuer",
            "RabbitMQ 4.x auth_oauth2.issuer (https://www.rabbitmq.com/docs/oauth2); error text from "
                    + "https://github.com/rabbitmq/rabbitmq-oauth2-tutorial/issues/39",
            "the issuer, which 4.x is configured with as auth_oauth2.issuer and discovers the JWKS from, is https");
    static final Check OPENSEARCH_RSA_KEYS = new Check(
            "opensearch-rsa-keys",
            "OpenSearch 2.19.4 security plugin, openid authentication domain: measured by this project's "
                    + "OpenSearchEcKeyInteropTest (docs/conformance-profiles.md)",
            "every published key is RSA: the 2.19 openid domain refuses every token an EC key signed (an RSA key "
                    + "beside it still works)");

    private BrokerProfiles() {}

    static List<CheckResult> rabbitMq310(Observed observed) {
        if (observed.discoveryJson() == null) {
            return List.of(CheckResult.skip(RABBITMQ_310_JWKS_URL, "discovery document unavailable"));
        }
        Object jwksUri = observed.discoveryJson().get("jwks_uri");
        ProfileUrls url = ProfileUrls.parse(jwksUri);
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        if (url == null || !url.https()) {
            problems.add(new CheckResult.Mismatch(
                    "jwks_uri",
                    "an https URL",
                    Json.show(jwksUri) + " (rabbitmq.conf refuses a jwks_url that is not https)"));
        } else if (url.ipLiteral()) {
            problems.add(new CheckResult.Mismatch(
                    "jwks_uri",
                    "a DNS host name",
                    "the IP address " + url.host()
                            + " (RabbitMQ 3.10: TLS hostname_check_failed, every token refused)"));
        }
        return List.of(CheckResult.of(RABBITMQ_310_JWKS_URL, problems, "https, DNS host name"));
    }

    static List<CheckResult> rabbitMq4(Observed observed) {
        ProfileUrls url = ProfileUrls.parse(observed.issuer());
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        if (url == null || !url.https()) {
            problems.add(new CheckResult.Mismatch(
                    "issuer",
                    "an https URL",
                    Json.show(observed.issuer()) + " (RabbitMQ: \"auth_oauth2.issuer invalid, According to the JWT "
                            + "Specification, Key Server URL must be https.\")"));
        }
        return List.of(CheckResult.of(RABBITMQ_4_ISSUER, problems, "https"));
    }

    static List<CheckResult> openSearch(Observed observed) {
        if (observed.jwksJson() == null) {
            return List.of(CheckResult.skip(OPENSEARCH_RSA_KEYS, "JWK Set unavailable"));
        }
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Object kty = keys.get(i).get("kty");
            if (!"RSA".equals(kty)) {
                problems.add(new CheckResult.Mismatch(
                        "keys[" + i + "].kty",
                        "\"RSA\"",
                        Json.show(kty) + " (OpenSearch 2.19: HTTP 401 for every token this key signs)"));
            }
        }
        return List.of(CheckResult.of(OPENSEARCH_RSA_KEYS, problems, "all RSA"));
    }
}
