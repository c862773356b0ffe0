package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.issuer.publish.PublishLayout;
import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.keys.IssuerUrl;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two AWS policies of deploy/object-storage/, filled in by its own script, grant exactly the objects that
 * {@code publish --to s3://BUCKET/PREFIX} reads and writes, by the publisher's own {@link PublishLayout}: the
 * public reads the two documents and nothing else (and the RFC 8414 copy that {@code --oauth-metadata} writes at
 * the bucket's root); the publisher reads and writes those and its timeline. (The
 * conditional-write probe is written only with {@code --endpoint}, never on AWS S3, so neither policy names it.)
 */
class ObjectStoragePolicyTest {
    static final String DIR = "deploy/object-storage/";
    static final String PAGE = DIR + "README.md";
    static final String BUCKET = "my-oidc-bucket";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The page's example prefix, and the bucket root. */
    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"clusters/prod", ""})
    void thePublicReadsTheDocumentsAndNothingElse(String prefix) throws Exception {
        PublishLayout layout = layout(prefix);
        JsonNode policy = fill("public-read-policy.json", prefix);
        assertEquals(1, policy.path("Statement").size(), policy.toString());
        JsonNode statement = policy.path("Statement").get(0);
        assertEquals("*", statement.path("Principal").asText(), "anonymous read, no ACLs");
        assertEquals(
                Map.of(
                        "s3:GetObject",
                        Set.of(arn(layout.discoveryKey()), arn(layout.jwksKey()), arn(oauthMetadataKey(layout)))),
                grants(policy));
    }

    @ParameterizedTest(name = "prefix \"{0}\"")
    @ValueSource(strings = {"clusters/prod", ""})
    void thePublisherReadsAndWritesItsObjectsAndListsTheBucket(String prefix) throws Exception {
        PublishLayout layout = layout(prefix);
        Set<String> objects = Set.of(
                arn(layout.discoveryKey()),
                arn(layout.jwksKey()),
                arn(layout.stateKey()),
                arn(oauthMetadataKey(layout)));
        JsonNode policy = fill("publisher-policy.json", prefix);
        policy.path("Statement").forEach(s -> assertTrue(s.path("Principal").isMissingNode(), "an IAM policy"));
        // ListBucket on the bucket: a GET of a missing object then answers 404, not 403 (the first run reads
        // a timeline that is not there yet). No DeleteObject, no ACL actions: the publisher does neither.
        assertEquals(
                Map.of(
                        "s3:GetObject", objects,
                        "s3:PutObject", objects,
                        "s3:ListBucket", Set.of("arn:aws:s3:::" + BUCKET)),
                grants(policy));
    }

    /** A tripwire: an object added to the layout must be added to the policies (and to this test) as well. */
    @Test
    void theLayoutHasTheObjectsThePoliciesName() {
        List<String> components = Arrays.stream(PublishLayout.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertEquals(
                List.of("location", "discoveryKey", "jwksKey", "stateKey", "authorizationServerMetadataKey"),
                components,
                "PublishLayout changed: update " + DIR + "*.json and this test to grant exactly its objects");
    }

    @Test
    void thePageFillsBothTemplatesWithTheScriptForItsExample() {
        String page = DeployFiles.text(PAGE);
        assertTrue(page.contains("BUCKET=" + BUCKET + " REGION=eu-west-1 PREFIX=clusters/prod"), "the example");
        for (String template : List.of("public-read-policy.json", "publisher-policy.json")) {
            assertTrue(
                    page.contains(
                            "\"$(deploy/object-storage/fill-policy.sh " + template + " \"$BUCKET\" \"$PREFIX\")\""),
                    PAGE + " fills " + template + " with the script");
        }
        assertTrue(page.contains("s3://$BUCKET/$PREFIX"), "the page publishes to the prefix the policies name");
    }

    /** A * in the prefix would be a wildcard in an IAM resource, granting more than the publisher's objects. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"clusters/*", "a//b", "../x", "a\"b"})
    void theScriptRefusesPrefixesThatWouldGrantOtherObjects(String prefix) throws Exception {
        Run run = script("publisher-policy.json", BUCKET, prefix);
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().contains("prefix \"" + prefix + "\""), run.output());
    }

    private static PublishLayout layout(String prefix) {
        IssuerUrl issuer = IssuerUrl.parse("https://" + BUCKET + ".s3.eu-west-1.amazonaws.com/" + prefix, false);
        String to = "s3://" + BUCKET + (prefix.isEmpty() ? "" : "/" + prefix);
        return PublishLayout.of(StoreLocation.parse(to), issuer, issuer.defaultJwksUri(), true);
    }

    /** The page's issuer is virtual-hosted, so --oauth-metadata applies and its object is in the layout. */
    private static String oauthMetadataKey(PublishLayout layout) {
        return layout.authorizationServerMetadataKey().orElseThrow();
    }

    private static String arn(String key) {
        return "arn:aws:s3:::" + BUCKET + "/" + key;
    }

    /** Action -> the resources every Allow statement grants it on (no Deny, no conditions, no wildcards). */
    private static Map<String, Set<String>> grants(JsonNode policy) {
        assertEquals("2012-10-17", policy.path("Version").asText());
        Map<String, Set<String>> grants = new TreeMap<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
            assertTrue(statement.path("Condition").isMissingNode(), statement.toString());
            for (String action : strings(statement.path("Action"))) {
                for (String resource : strings(statement.path("Resource"))) {
                    assertTrue(!resource.contains("*") && !resource.contains("?"), "no wildcard: " + resource);
                    grants.computeIfAbsent(action, a -> new TreeSet<>()).add(resource);
                }
            }
        }
        return grants;
    }

    /** A string or an array of strings, as IAM allows for Action and Resource. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            assertTrue(node.isTextual(), "a string or an array: " + node);
            out.add(node.asText());
        }
        return out;
    }

    private static JsonNode fill(String template, String prefix) throws Exception {
        Run run = script(template, BUCKET, prefix);
        assertEquals(0, run.exitCode(), run.output());
        return JSON.readTree(run.output());
    }

    record Run(int exitCode, String output) {}

    /** Runs fill-policy.sh with bash, as the page's commands do. */
    private static Run script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "--noprofile",
                "--norc",
                DeployFiles.file(DIR + "fill-policy.sh").toString()));
        command.addAll(List.of(args));
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        byte[] out = bash.getInputStream().readAllBytes();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "fill-policy.sh finished");
        return new Run(bash.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
