package dev.saissuer.conformance;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One relying party's documented constraints on an issuer, beyond the specs: {@code --profile NAME} adds its checks
 * to the spec checks. Every check cites where the constraint is written down or measured.
 */
record Profile(String name, String relyingParty, List<Check> checks, Function<Observed, List<CheckResult>> run) {
    static final List<Profile> ALL = List.of(
            new Profile(
                    "aws",
                    "AWS IAM OIDC identity provider",
                    List.of(CloudProfiles.AWS_PROVIDER_URL),
                    CloudProfiles::aws),
            new Profile(
                    "gcp",
                    "Google Cloud workload identity federation",
                    List.of(CloudProfiles.GCP_SIGNING_ALGORITHMS),
                    CloudProfiles::gcp),
            new Profile(
                    "azure",
                    "Microsoft Entra federated identity credential",
                    List.of(CloudProfiles.AZURE_ISSUER),
                    CloudProfiles::azure),
            new Profile(
                    "vault",
                    "HashiCorp Vault / OpenBao JWT auth",
                    List.of(LibraryProfiles.VAULT_DISCOVERY_ISSUER, LibraryProfiles.VAULT_SIGNING_ALGORITHMS),
                    LibraryProfiles::vault),
            new Profile(
                    "go-oidc",
                    "coreos/go-oidc v3",
                    List.of(LibraryProfiles.GO_OIDC_ISSUER, LibraryProfiles.GO_OIDC_ALGORITHMS),
                    LibraryProfiles::goOidc),
            new Profile(
                    "rabbitmq-3.10",
                    "RabbitMQ 3.10 OAuth 2.0 backend",
                    List.of(BrokerProfiles.RABBITMQ_310_JWKS_URL),
                    BrokerProfiles::rabbitMq310),
            new Profile(
                    "rabbitmq-4",
                    "RabbitMQ 4.x OAuth 2.0 backend",
                    List.of(BrokerProfiles.RABBITMQ_4_ISSUER),
                    BrokerProfiles::rabbitMq4),
            new Profile(
                    "opensearch",
                    "OpenSearch 2.19 security plugin (openid)",
                    List.of(BrokerProfiles.OPENSEARCH_RSA_KEYS),
                    BrokerProfiles::openSearch));

    Profile {
        checks = List.copyOf(checks);
    }

    static Optional<Profile> named(String name) {
        return ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** "aws, gcp, ...": the valid names, for a usage error. */
    static String names() {
        return ALL.stream().map(Profile::name).collect(Collectors.joining(", "));
    }
}
