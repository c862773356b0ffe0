package dev.saissuer.conformance;

import dev.saissuer.testkit.TestKeys;
import java.util.Set;

/**
 * One defect the broken-issuer fixture can plant, the key type it is planted with, and every check that must
 * fail because of it (the first named is the one the defect is about; the others follow from it necessarily).
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
    RFC8414_ISSUER(TestKeys.Type.RSA, "rfc8414-3.3-issuer-equality");

    final TestKeys.Type keyType;
    final Set<String> failingChecks;

    Defect(TestKeys.Type keyType, String... failingChecks) {
        this.keyType = keyType;
        this.failingChecks = Set.of(failingChecks);
    }
}
