package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The documents {@code sa-issuer publish} (the real jar) writes to a real store over https, read by every relying
 * party from the store itself with the store's https URL of the prefix as issuer, through a key rotation across
 * runs: key A published; key B added; A gone from the key files but retained; A dropped after its window. Each
 * step's relying parties start afresh (new Nimbus and Spring decoders, a new node process, a new kit run), so
 * nothing fetched in one step is cached into the next. The publisher trusts the test CA through the standard JSSE
 * trust-store properties only. Every verdict is written to {@code target/<class>-verdicts.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PublishedBucketRelyingPartyContract {
    static final String PREFIX = "cluster-a";
    static final Duration RETENTION = Duration.ofSeconds(8);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String TRUST_PASSWORD = "test-trust";
    private static final Pattern RETAINED = Pattern.compile("key (\\S+): retained until (\\S+)");

    Path dir;
    TestCa ca;
    Path caFile;
    JavaJar publisher;
    PublishedStore store;
    Path keys;
    TestKeys.Pair keyA;
    TestKeys.Pair keyB;
    Instant retainedUntil;
    final Map<String, String> validTokens = new LinkedHashMap<>();
    final List<String> verdicts = new ArrayList<>();

    /** Starts the store, over https with a certificate {@code ca} issues, ready for publishing. */
    abstract PublishedStore openStore(Path dir, TestCa ca) throws Exception;

    @BeforeAll
    void startStore(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        Path trustStore = ca.writeTrustStore(dir.resolve("trust.p12"), TRUST_PASSWORD);
        publisher = JavaJar.saIssuer().withJvmOptions(TestCa.trustStoreOptions(trustStore, TRUST_PASSWORD));
        store = openStore(dir, ca);
        keys = Files.createDirectories(dir.resolve("keys"));
    }

    @AfterAll
    void stopStore() throws IOException {
        if (store != null) {
            store.close();
        }
        Files.writeString(
                Path.of("target", getClass().getSimpleName() + "-verdicts.txt"), String.join("\n", verdicts) + "\n");
    }

    String issuer() {
        return store.issuer(PREFIX);
    }

    @Test
    @Order(0)
    void publisherThatDoesNotTrustTheStoreIsRefusedInOneLine() throws Exception {
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("untrusted-keys"), "sa");
        JavaJar.Run run = JavaJar.saIssuer()
                .run(
                        dir,
                        store.environment(),
                        RUN_TIMEOUT,
                        publishArgs("untrusted", key.publicKey().getParent()));
        verdicts.add("0 publisher without the test CA -> exit " + run.exitCode() + ": "
                + run.err().strip());
        assertEquals(1, run.exitCode(), run.report());
        assertEquals(1, run.err().strip().lines().count(), run.report());
        assertTrue(
                run.err().contains("TLS handshake with the endpoint failed: PKIX path building failed"), run.report());
        assertTrue(run.err().contains("-Djavax.net.ssl.trustStore=FILE"), run.report());
    }

    @Test
    @Order(1)
    void keyAPublished() throws Exception {
        keyA = addKey("a");
        JavaJar.Run run = publish();
        assertTrue(run.out().contains("key " + keyA.kid() + ": added"), run.report());
        validTokens.put("A", mint(keyA));
        everyRelyingParty("1 A published", keyA, Set.of());
    }

    @Test
    @Order(2)
    void keyBAdded() throws Exception {
        keyB = addKey("b");
        JavaJar.Run run = publish();
        assertTrue(run.out().contains("key " + keyB.kid() + ": added"), run.report());
        assertTrue(run.out().contains("key " + keyA.kid() + ": kept"), run.report());
        validTokens.put("B", mint(keyB));
        everyRelyingParty("2 B added", keyB, Set.of());
    }

    @Test
    @Order(3)
    void keyARemovedFromTheFilesIsRetained() throws Exception {
        Files.delete(keys.resolve("a.pub"));
        JavaJar.Run run = publish();
        Matcher retained = RETAINED.matcher(run.out());
        assertTrue(retained.find() && retained.group(1).equals(keyA.kid()), run.report());
        retainedUntil = Instant.parse(retained.group(2));
        everyRelyingParty("3 A retained until " + retainedUntil, keyB, Set.of());
    }

    @Test
    @Order(4)
    void keyADroppedAfterItsWindow() throws Exception {
        // The window was counted from the run before; the relying parties of step 3 usually outlast it.
        Eventually.await(
                "the end of key A's retention window (" + retainedUntil + ")",
                RETENTION.plusSeconds(10),
                () -> Instant.now().isAfter(retainedUntil));
        JavaJar.Run run = publish();
        assertTrue(run.out().contains("key " + keyA.kid() + ": dropped"), run.report());
        everyRelyingParty("4 A dropped", keyB, Set.of("A"));
    }

    private TestKeys.Pair addKey(String name) throws IOException {
        TestKeys.Pair pair = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pairs"), name);
        Files.copy(pair.publicKey(), keys.resolve(name + ".pub"));
        return pair;
    }

    private String[] publishArgs(String prefix, Path keyFiles) {
        return store.publishArgs(prefix, keyFiles, "--key-retention", RETENTION.toSeconds() + "s");
    }

    private JavaJar.Run publish() {
        JavaJar.Run run = publisher.run(dir, store.environment(), RUN_TIMEOUT, publishArgs(PREFIX, keys));
        assertEquals(0, run.exitCode(), run.report());
        return run;
    }

    private String mint(TestKeys.Pair key) {
        return CliTokens.valid(dir, key.privateKey(), issuer());
    }

    /** Every relying party, afresh, against what the store serves now. */
    private void everyRelyingParty(String step, TestKeys.Pair newest, Set<String> unknownKids) throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("step-" + step.charAt(0)));
        new RelyingPartyPanel(issuer(), ca, caFile, verdicts)
                .verify(step, validTokens, unknownKids, SigningKey.read(newest.privateKey()), scratch);
    }
}
