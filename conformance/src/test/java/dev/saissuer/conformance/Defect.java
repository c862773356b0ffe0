package dev.saissuer.conformance;

import java.util.Set;

/**
 * One defect the broken-issuer fixture can plant, the key type it is planted with, and every check that must
 * fail because of it (the first named is the one the defect is about; the others follow from it necessarily).
 * The profile defects are planted in a fixture named like a public issuer ({@link #publicOrigin()}, reached through
 * {@link ForwardingProxy}) and the kit runs with every profile, so a port-free https issuer on loopback is possible.
 */
enum Defect {
    NONE(TestKeys.Type.RSA),
    MISMATCHED_ISSUER(TestKeys.Type.RSA, "oidc-discovery-4.3-issuer-equality", "rfc8414-3.3-issuer-equality"),
    PRIVATE_KEY_MEMBER(TestKeys.Type.RSA, "rfc7518-6-no-private-members", "k8s-jwk-member-set"),
    JWKS_MEDIA_TYPE(TestKeys.Type.RSA, "rfc7517-8.5.1-media-type"),
    DISCOVERY_MEDIA_TYPE(TestKeys.Type.RSA, "oidc-discovery-4.2-media-type"),
    MISSING_SUBJECT_TYPES(TestKeys.Type.RSA, "oidc-discovery-3-required-members", "k8s-discovery-member-set"),
    DUPLICATE_KIDS(TestKeys.Type.EC, "rfc7517-4.5-unique-kids"),
    RFC7638_THUMBPRINT_KID(TestKeys.Type.EC, "k8s-kid-derivation"),
    HTTP_JWKS_URI(TestKeys.Type.RSA, "k8s-https"),
    STATUS_203(TestKeys.Type.RSA, "http-status-200"),
    REDIRECT(
            TestKeys.Type.RSA,
            "http-status-200",
            "oidc-discovery-4-location",
            "oidc-discovery-4.2-media-type",
            "http-cache-control"),
    MISSING_CACHE_CONTROL(TestKeys.Type.RSA, "http-cache-control"),
    EC_COORDINATE_LENGTH(TestKeys.Type.EC, "rfc7518-6.2.1-ec-parameters"),
    ALG_LIST_NOT_FROM_KEYS(TestKeys.Type.EC, "k8s-alg-list-from-keys"),
    RSA_LEADING_ZERO(TestKeys.Type.RSA, "rfc7518-6.3.1-rsa-parameters"),
    RFC8414_ISSUER(TestKeys.Type.RSA, "rfc8414-3.3-issuer-equality"),

    PROFILES_NONE(true, TestKeys.Type.RSA),
    AWS_ISSUER_PORT(true, TestKeys.Type.RSA, "aws-provider-url"),
    GCP_ES384_KEY(
            true, TestKeys.Type.EC_P384, "gcp-signing-algorithms", "opensearch-rsa-keys", "vault-signing-algorithms"),
    AZURE_LONG_ISSUER(true, TestKeys.Type.RSA, "azure-issuer-form"),
    VAULT_DISCOVERY_ISSUER(
            true,
            TestKeys.Type.RSA,
            "vault-discovery-issuer",
            "go-oidc-issuer",
            "oidc-discovery-4.3-issuer-equality",
            "rfc8414-3.3-issuer-equality"),
    // An empty list: go-oidc falls back to RS256 and refuses the EC key's tokens (OpenSearch refuses EC keys too).
    GO_OIDC_NO_SUPPORTED_ALG(
            true,
            TestKeys.Type.EC,
            "go-oidc-algorithms",
            "k8s-alg-list-from-keys",
            "oidc-discovery-3-required-members",
            "opensearch-rsa-keys",
            "vault-signing-algorithms"),
    RABBITMQ_310_IP_JWKS_HOST(true, TestKeys.Type.RSA, "rabbitmq-3.10-jwks-url"),
    RABBITMQ_4_HTTP_ISSUER(
            true, TestKeys.Type.RSA, "rabbitmq-4-issuer", "rabbitmq-3.10-jwks-url", "aws-provider-url", "k8s-https"),
    // ES256: OpenSearch refuses it; so does Vault until jwt_supported_algs lists it.
    OPENSEARCH_EC_KEY(true, TestKeys.Type.EC, "opensearch-rsa-keys", "vault-signing-algorithms");

    final boolean profiles;
    final TestKeys.Type keyType;
    final Set<String> failingChecks;

    Defect(TestKeys.Type keyType, String... failingChecks) {
        this(false, keyType, failingChecks);
    }

    Defect(boolean profiles, TestKeys.Type keyType, String... failingChecks) {
        this.profiles = profiles;
        this.keyType = keyType;
        this.failingChecks = Set.of(failingChecks);
    }

    /** Scheme and authority of the public-looking issuer (profile defects only). */
    String publicOrigin() {
        return switch (this) {
            case AWS_ISSUER_PORT -> "https://" + TestPki.PUBLIC_NAME + ":8443";
            case RABBITMQ_4_HTTP_ISSUER -> "http://" + TestPki.PUBLIC_NAME;
            default -> "https://" + TestPki.PUBLIC_NAME;
        };
    }

    /** A path before the test's own: 601 characters of it make an issuer longer than Entra takes. */
    String pathPrefix() {
        return this == AZURE_LONG_ISSUER ? "/" + "tenant".repeat(100) : "";
    }
}
