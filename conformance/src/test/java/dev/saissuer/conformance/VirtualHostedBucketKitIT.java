package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 8414 copy that {@code sa-issuer publish --oauth-metadata} (the real jar) writes at the bucket's root,
 * fetched over https by a relying party: the packaged kit, in a JVM of its own that resolves the bucket's name
 * through a hosts file ({@code -Djdk.net.hosts.file}), reads everything from s3proxy serving the bucket
 * virtual-hosted ({@code s3proxy.virtual-host}), as {@code https://BUCKET.s3.REGION.amazonaws.com/PREFIX} is served,
 * with {@code https://issuer-bucket.s3.test:PORT/cluster-a} as issuer. A run without the flag first shows the
 * check is then skipped, not passed, so a publisher that stopped writing the object would be caught. Nimbus and
 * Spring then verify a token against the same name, in a JVM given the same hosts file. The kit's output and the
 * verdicts are written to {@code target/VirtualHostedBucketKitIT-kit.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualHostedBucketKitIT {
    /** In the reserved .test domain (RFC 2606); the hosts file maps the bucket's name under it to loopback. */
    static final String VIRTUAL_HOST = "s3.test";

    static final String PREFIX = "cluster-a";
    static final String CHECK = DiscoveryChecks.AUTHORIZATION_SERVER_ISSUER.id();
    private static final String TRUST_PASSWORD = "test-trust";
    private static final Pattern RESULT = Pattern.compile("^(PASS|FAIL|SKIP)\\s+(\\S+)\\s+(.*)$", Pattern.MULTILINE);

    Path dir;
    Path caFile;
    JavaJar publisher;
    JavaJar kit;
    PublishedStore store;
    Path hosts;
    Path keys;
    TestKeys.Pair key;
    String token;
    final List<String> transcript = new ArrayList<>();

    @BeforeAll
    void startStore(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        TestCa ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        Path trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD);
        publisher = JavaJar.saIssuer().withJvmOptions(TestCa.trustStoreOptions(trustStore, TRUST_PASSWORD));
        store = PublishedStore.s3VirtualHosted(dir, ca, VIRTUAL_HOST);
        String host = URI.create(store.issuer(PREFIX)).getHost();
        // With this property the JDK resolves names from the file only (java.net.InetAddress, "Host Name
        // Resolution"), so localhost is listed too.
        hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + host + "\n127.0.0.1 localhost\n::1 localhost\n");
        kit = JavaJar.fromProperty("conformance.jar").withJvmOptions(List.of("-Djdk.net.hosts.file=" + hosts));
        // An RSA and an EC key, so that the kit checks the parameters of both kinds; the token is the EC key's.
        keys = Files.createDirectories(dir.resolve("keys"));
        for (TestKeys.Type type : List.of(TestKeys.Type.RSA, TestKeys.Type.EC)) {
            key = TestKeys.write(type, dir.resolve("pairs"), type.name().toLowerCase(Locale.ROOT));
            Files.copy(key.publicKey(), keys.resolve(key.publicKey().getFileName()));
        }
        token = mint();
    }

    @AfterAll
    void stopStore() throws IOException {
        if (store != null) {
            store.close();
        }
        Files.writeString(
                Path.of("target", getClass().getSimpleName() + "-kit.txt"), String.join("\n", transcript) + "\n");
    }

    @Test
    @Order(1)
    void withoutTheFlagTheKitSkipsTheCheckAsNotServed() {
        publish();
        Map<String, String> results = kitResults("1 publish without --oauth-metadata");
        assertTrue(results.get(CHECK).startsWith("SKIP"), results.toString());
        assertTrue(results.get(CHECK).contains("not served (HTTP 404"), results.toString());
        results.remove(CHECK);
        assertEveryCheckPassed(results);
    }

    @Test
    @Order(2)
    void withTheFlagTheKitFetchesTheDocumentFromTheBucketRootAndItsIssuerIsEqual() {
        JavaJar.Run run = publish("--oauth-metadata");
        assertTrue(
                run.out()
                        .contains("s3://" + PublishedStore.S3.BUCKET + Observed.OAUTH_AUTHORIZATION_SERVER + "/"
                                + PREFIX + ": create"),
                run.report());
        Map<String, String> results = kitResults("2 publish with --oauth-metadata");
        URI issuer = URI.create(store.issuer(PREFIX));
        String url = "https://" + issuer.getRawAuthority() + Observed.OAUTH_AUTHORIZATION_SERVER + "/" + PREFIX;
        assertEquals(
                "PASS " + DiscoveryChecks.AUTHORIZATION_SERVER_ISSUER.clause() + " (served at " + url + ")",
                results.get(CHECK));
        assertEveryCheckPassed(results);
    }

    /**
     * Nimbus and Spring, in a JVM that resolves the bucket's name through the hosts file, verify the token against
     * the virtual-hosted bucket and reject one for another audience. Both discover through
     * {@code ISSUER/.well-known/openid-configuration}: Spring's {@code JwtDecoders.fromIssuerLocation} tries the
     * RFC 8414 location only when that fails, and Nimbus 11.37.2's {@code AuthorizationServerMetadata.resolveURL}
     * appends {@code /.well-known/oauth-authorization-server} to the issuer rather than inserting it after the host,
     * so neither reads the object the kit checks above.
     */
    @Test
    @Order(3)
    void nimbusAndSpringVerifyAgainstTheVirtualHostedBucket() throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("libraries"));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(TokenCase.VALID.name(), token);
        tokens.put(
                TokenCase.WRONG_AUDIENCE.name(),
                TokenCase.WRONG_AUDIENCE.mint(SigningKey.read(key.privateKey()), store.issuer(PREFIX), scratch));
        Map<String, RelyingParty.Verdict> verdicts = HostsFileRelyingParties.verify(
                hosts, store.issuer(PREFIX), TokenCase.AUDIENCE, caFile, tokens, scratch);
        verdicts.forEach((name, verdict) -> transcript.add("# 3 " + name + " -> " + verdict));
        assertEquals(4, verdicts.size(), verdicts.toString());
        for (String library : List.of("nimbus", "spring")) {
            for (String name : tokens.keySet()) {
                TokenCase.valueOf(name).assertVerdict(verdicts.get(library + " " + name));
            }
        }
    }

    private JavaJar.Run publish(String... extra) {
        String[] args = store.publishArgs(PREFIX, keys, extra);
        JavaJar.Run run =
                publisher.run(dir, store.environment(), PublishedBucketRelyingPartyContract.RUN_TIMEOUT, args);
        transcript.add("$ sa-issuer " + String.join(" ", args) + "\n" + run.output());
        assertEquals(0, run.exitCode(), run.report());
        return run;
    }

    private String mint() {
        return CliTokens.valid(dir, key.privateKey(), store.issuer(PREFIX));
    }

    /** The packaged kit's verdicts, by check id: outcome, clause and note, as its report line gives them. */
    private Map<String, String> kitResults(String step) {
        JavaJar.Run run = kit.run(
                dir,
                null,
                store.issuer(PREFIX),
                "--token",
                token,
                "--audience",
                TokenCase.AUDIENCE,
                "--cacert",
                caFile.toString());
        transcript.add("# " + step + ": the kit\n" + run.output());
        assertEquals(0, run.exitCode(), run.report());
        Map<String, String> results = new LinkedHashMap<>();
        Matcher line = RESULT.matcher(run.out());
        while (line.find()) {
            results.put(line.group(2), line.group(1) + " " + line.group(3).strip());
        }
        assertTrue(results.size() > 20, run.report());
        return results;
    }

    private static void assertEveryCheckPassed(Map<String, String> results) {
        List<String> notPassed = results.entrySet().stream()
                .filter(e -> !e.getValue().startsWith("PASS"))
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList();
        assertEquals(List.of(), notPassed);
    }
}
