package dev.saissuer.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What Vault's JWT auth and the go-oidc library (which Vault and Kubernetes' own tests use) do with discovery. */
final class LibraryProfiles {
    static final Check VAULT_DISCOVERY_ISSUER = new Check(
            "vault-discovery-issuer",
            "Vault JWT/OIDC auth API, oidc_discovery_url (https://developer.hashicorp.com/vault/api-docs/auth/jwt); "
                    + "error text from https://github.com/hashicorp/vault/issues/7285",
            "the discovery document's issuer is exactly the issuer URL, which is what oidc_discovery_url and "
                    + "bound_issuer are set to: Vault refuses to save the config otherwise");
    static final Check VAULT_SIGNING_ALGORITHMS = new Check(
            "vault-signing-algorithms",
            "Vault JWT/OIDC auth API, jwt_supported_algs (https://developer.hashicorp.com/vault/api-docs/auth/jwt): "
                    + "\"Defaults to RS256\"; hashicorp/cap jwt/jwt.go (https://github.com/hashicorp/cap/blob/main/jwt/jwt.go)",
            "every published key's alg is RS256, the only algorithm Vault accepts unless jwt_supported_algs lists others");
    static final Check GO_OIDC_ISSUER = new Check(
            "go-oidc-issuer",
            "coreos/go-oidc v3 oidc/oidc.go, NewProvider (https://github.com/coreos/go-oidc/blob/v3/oidc/oidc.go)",
            "the discovery document's issuer is byte for byte the URL NewProvider was given");
    static final Check GO_OIDC_ALGORITHMS = new Check(
            "go-oidc-algorithms",
            "coreos/go-oidc v3 oidc/oidc.go supportedAlgorithms and oidc/verify.go "
                    + "(https://github.com/coreos/go-oidc/blob/v3/oidc/verify.go)",
            "every published key's alg is one the verifier made from discovery accepts: the algorithms of "
                    + "id_token_signing_alg_values_supported that go-oidc supports, or RS256 alone when there are none");

    /** go-oidc's supportedAlgorithms: others in the discovery list are dropped silently. */
    static final Set<String> GO_OIDC_SUPPORTED =
            Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA");

    private LibraryProfiles() {}

    static List<CheckResult> vault(Observed observed) {
        return List.of(
                issuerMatch(
                        VAULT_DISCOVERY_ISSUER,
                        observed,
                        "Vault: \"error checking oidc discovery URL: error creating provider with given values: oidc: "
                                + "issuer did not match the issuer returned by provider\""),
                vaultAlgorithms(observed));
    }

    private static CheckResult vaultAlgorithms(Observed observed) {
        if (observed.jwksJson() == null) {
            return CheckResult.skip(VAULT_SIGNING_ALGORITHMS, "JWK Set unavailable");
        }
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Object alg = keys.get(i).get("alg");
            if (!"RS256".equals(alg)) {
                problems.add(new CheckResult.Mismatch(
                        "keys[" + i + "].alg",
                        "\"RS256\", or jwt_supported_algs=" + alg + " in Vault's config",
                        Json.show(alg) + " (Vault: \"invalid algorithm (alg) header parameter: token signed with "
                                + "unexpected algorithm\")"));
            }
        }
        return CheckResult.of(VAULT_SIGNING_ALGORITHMS, problems, "RS256");
    }

    static List<CheckResult> goOidc(Observed observed) {
        List<CheckResult> results = new ArrayList<>();
        results.add(issuerMatch(
                GO_OIDC_ISSUER, observed, "go-oidc: \"oidc: issuer did not match the issuer returned by provider\""));
        results.add(algorithms(observed));
        return results;
    }

    private static CheckResult issuerMatch(Check check, Observed observed, String symptom) {
        if (observed.discoveryJson() == null) {
            return CheckResult.skip(check, "discovery document unavailable");
        }
        Object found = observed.discoveryJson().get("issuer");
        return CheckResult.of(
                check,
                observed.issuer().equals(found)
                        ? List.of()
                        : List.of(new CheckResult.Mismatch(
                                "issuer", Json.show(observed.issuer()), Json.show(found) + " (" + symptom + ")")),
                "identical");
    }

    private static CheckResult algorithms(Observed observed) {
        if (observed.discoveryJson() == null || observed.jwksJson() == null) {
            return CheckResult.skip(GO_OIDC_ALGORITHMS, "discovery document or JWK Set unavailable");
        }
        List<String> accepted = new ArrayList<>();
        List<String> listed = Json.stringArray(observed.discoveryJson().get("id_token_signing_alg_values_supported"));
        if (listed != null) {
            listed.stream().filter(GO_OIDC_SUPPORTED::contains).forEach(accepted::add);
        }
        if (accepted.isEmpty()) {
            accepted.add("RS256");
        }
        List<CheckResult.Mismatch> problems = new ArrayList<>();
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Object alg = keys.get(i).get("alg");
            if (!accepted.contains(alg)) {
                problems.add(new CheckResult.Mismatch(
                        "keys[" + i + "].alg",
                        "one of " + Json.show(accepted),
                        Json.show(alg) + " (go-oidc: \"oidc: id token signed with unsupported algorithm, expected "
                                + Json.show(accepted) + " got " + Json.show(alg) + "\")"));
            }
        }
        return CheckResult.of(GO_OIDC_ALGORITHMS, problems, "accepts " + Json.show(accepted));
    }
}
