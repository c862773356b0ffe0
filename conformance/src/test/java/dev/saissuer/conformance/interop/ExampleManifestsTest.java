package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workload manifests under docs/examples/ are what the docs show, and each agrees with the relying party's
 * configuration it pairs with: the token's audience is the one the relying party checks, the file the client reads
 * is the one kubelet writes, and the service account is the subject the relying party grants.
 */
class ExampleManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kubernetes' TokenProjection: "must be at least 10 minutes". */
    private static final int MIN_EXPIRATION_SECONDS = 600;

    /** One example manifest: its service account, the projected token and where the pod reads it. */
    record Workload(String namespace, String serviceAccount, String audience, long expirationSeconds, JsonNode pod) {
        String subject() {
            return "system:serviceaccount:" + namespace + ":" + serviceAccount;
        }

        String tokenPath() {
            JsonNode volume = projectedVolume(pod);
            JsonNode token = volume.at("/projected/sources/0/serviceAccountToken");
            for (JsonNode container : pod.at("/spec/containers")) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (mount.path("name").asText().equals(volume.path("name").asText())) {
                        return mount.path("mountPath").asText() + "/"
                                + token.path("path").asText();
                    }
                }
            }
            throw new AssertionError("no container mounts the token volume " + volume.path("name"));
        }

        String env(String name) {
            for (JsonNode variable : pod.at("/spec/containers/0/env")) {
                if (variable.path("name").asText().equals(name)) {
                    return variable.path("value").asText();
                }
            }
            throw new AssertionError("no env " + name);
        }
    }

    static Path examples() {
        return RepositoryFiles.root().resolve("docs/examples");
    }

    static Workload workload(String manifest) throws IOException {
        List<JsonNode> documents;
        try (var parser =
                new YAMLFactory().createParser(examples().resolve(manifest).toFile())) {
            documents = YAML.readValues(parser, JsonNode.class).readAll();
        }
        JsonNode account = only(documents, "ServiceAccount", manifest);
        JsonNode pod = only(documents, "Pod", manifest);
        String namespace = account.at("/metadata/namespace").asText();
        assertEquals(namespace, pod.at("/metadata/namespace").asText(), manifest + ": one namespace");
        assertEquals(
                account.at("/metadata/name").asText(),
                pod.at("/spec/serviceAccountName").asText(),
                manifest);
        assertFalse(pod.at("/spec/automountServiceAccountToken").asBoolean(true), manifest + ": no default token");
        JsonNode token = projectedVolume(pod).at("/projected/sources/0/serviceAccountToken");
        assertFalse(token.path("audience").asText().isEmpty(), manifest + ": an audience");
        long expiration = token.path("expirationSeconds").asLong();
        assertTrue(expiration >= MIN_EXPIRATION_SECONDS, manifest + ": expirationSeconds " + expiration);
        return new Workload(
                namespace,
                account.at("/metadata/name").asText(),
                token.path("audience").asText(),
                expiration,
                pod);
    }

    private static JsonNode only(List<JsonNode> documents, String kind, String manifest) {
        List<JsonNode> found = documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .toList();
        assertEquals(1, found.size(), manifest + ": one " + kind);
        return found.get(0);
    }

    private static JsonNode projectedVolume(JsonNode pod) {
        List<JsonNode> volumes = new ArrayList<>();
        pod.at("/spec/volumes").forEach(v -> {
            if (v.at("/projected/sources/0/serviceAccountToken").isObject()) {
                volumes.add(v);
            }
        });
        assertEquals(1, volumes.size(), "one projected serviceAccountToken volume");
        return volumes.get(0);
    }

    private static JsonNode json(String example) throws IOException {
        return JSON.readTree(examples().resolve(example).toFile());
    }

    private static String confValue(String conf, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + " = (\\S+)$").matcher(conf);
        assertTrue(m.find(), key + " in rabbitmq.conf");
        return m.group(1);
    }

    @ParameterizedTest(name = "RabbitMQ {0}: audience is resource_server_id, the subject has a scope alias")
    @ValueSource(strings = {"3.10", "4.x"})
    void rabbitMqClient(String version) throws IOException {
        Workload w = workload("rabbitmq-client.yaml");
        String conf = RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/" + version + "/rabbitmq.conf"));
        assertEquals(confValue(conf, "auth_oauth2.resource_server_id"), w.audience());
        String advanced = RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/" + version + "/advanced.config"));
        assertTrue(advanced.contains("<<\"" + w.subject() + "\">> =>"), advanced);
        assertEquals(w.tokenPath(), w.env("RABBITMQ_TOKEN_FILE"));
    }

    @Test
    void openSearchClient() throws IOException {
        Workload w = workload("opensearch-client.yaml");
        JsonNode config =
                YAML.readTree(RepositoryFiles.compose("opensearch/config.yml").toFile());
        JsonNode openid = config.at("/config/dynamic/authc/kubernetes_service_accounts/http_authenticator/config");
        assertEquals(openid.path("required_audience").asText(), w.audience());
        assertEquals("sub", openid.path("subject_key").asText());
        JsonNode mapping = YAML.readTree(
                RepositoryFiles.compose("opensearch/roles_mapping.yml").toFile());
        Set<String> users = new TreeSet<>();
        mapping.forEach(role -> role.path("users").forEach(u -> users.add(u.asText())));
        assertTrue(users.contains(w.subject()), users.toString());
        assertEquals(w.tokenPath(), w.env("OPENSEARCH_TOKEN_FILE"));
    }

    @Test
    void awsRoleTrustsExactlyThisServiceAccountAndAudience() throws IOException {
        Workload w = workload("aws-workload.yaml");
        JsonNode statement = json("aws-trust-policy.json").at("/Statement/0");
        String provider =
                statement.at("/Principal/Federated").asText().replaceFirst("^arn:aws:iam::\\d+:oidc-provider/", "");
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.path("Action").asText());
        JsonNode equals = statement.at("/Condition/StringEquals");
        assertEquals(w.subject(), equals.path(provider + ":sub").asText());
        assertEquals(w.audience(), equals.path(provider + ":aud").asText());
        assertEquals("sts.amazonaws.com", w.audience());
        assertEquals(w.tokenPath(), w.env("AWS_WEB_IDENTITY_TOKEN_FILE"));
        assertTrue(w.env("AWS_ROLE_ARN").startsWith("arn:aws:iam::"), w.env("AWS_ROLE_ARN"));
    }

    @Test
    void gcpCredentialConfigurationReadsTheProjectedToken() throws IOException {
        Workload w = workload("gcp-workload.yaml");
        JsonNode config = json("gcp-credential-configuration.json");
        assertEquals("external_account", config.path("type").asText());
        assertEquals(
                "urn:ietf:params:oauth:token-type:jwt",
                config.path("subject_token_type").asText());
        assertEquals(w.tokenPath(), config.at("/credential_source/file").asText());
        // A provider with no allowed audiences accepts its own full resource name (with or without https:).
        assertEquals(config.path("audience").asText(), w.audience());
        assertTrue(w.audience().startsWith("//iam.googleapis.com/projects/"), w.audience());
        assertTrue(w.env("GOOGLE_APPLICATION_CREDENTIALS").startsWith("/etc/gcp/"), "the ConfigMap's mount");
    }

    @Test
    void azureFederatedCredentialMatchesSubjectAndAudience() throws IOException {
        Workload w = workload("azure-workload.yaml");
        JsonNode credential = json("azure-federated-credential.json");
        assertEquals(w.subject(), credential.path("subject").asText());
        assertEquals(
                List.of(w.audience()),
                List.of(credential.path("audiences").get(0).asText()));
        assertEquals("api://AzureADTokenExchange", w.audience());
        assertEquals(w.tokenPath(), w.env("AZURE_FEDERATED_TOKEN_FILE"));
    }

    @Test
    void vaultRoleIsBoundToThisSubjectAndAudience() throws IOException {
        Workload w = workload("vault-workload.yaml");
        JsonNode role = json("vault-role.json");
        assertEquals("jwt", role.path("role_type").asText());
        assertEquals(w.subject(), role.path("bound_subject").asText());
        assertTrue(role.path("bound_audiences").toString().contains("\"" + w.audience() + "\""), role.toString());
        assertEquals(w.tokenPath(), w.env("VAULT_TOKEN_FILE"));
    }

    /** Every example is shown by a doc page, and every docs/examples/ path a page names exists. */
    @Test
    void docsReferenceEveryExampleAndOnlyExistingOnes() throws IOException {
        Set<String> referenced = new TreeSet<>();
        Pattern link = Pattern.compile("docs/examples/([A-Za-z0-9._-]+)|\\(examples/([A-Za-z0-9._-]+)\\)");
        for (String page : List.of("relying-parties.md", "federation.md")) {
            Matcher m = link.matcher(
                    RepositoryFiles.read(RepositoryFiles.root().resolve("docs").resolve(page)));
            while (m.find()) {
                referenced.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(examples())) {
            files.forEach(f -> present.add(f.getFileName().toString()));
        }
        assertEquals(present, referenced);
    }
}
