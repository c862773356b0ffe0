package dev.saissuer.issuer.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.issuer.storage.StoreOptions;
import dev.saissuer.issuer.storage.StoredObject;
import dev.saissuer.keys.FileKeySource;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish --oauth-metadata}: the plan, the order of writes and what is written, on a bucket in memory. */
class OAuthMetadataRunTest {
    private static final String ISSUER = "https://issuer-bucket.s3.eu-west-1.amazonaws.com/clusters/prod";
    private static final String TO = "s3://issuer-bucket/clusters/prod";
    private static final String JWKS = "clusters/prod/openid/v1/jwks";
    private static final String DISCOVERY = "clusters/prod/.well-known/openid-configuration";
    private static final String OAUTH = ".well-known/oauth-authorization-server/clusters/prod";
    private static final String STATE = "clusters/prod/.sa-issuer/timeline.json";

    @TempDir
    static Path dir;

    private static TestKeys.Pair key;

    @BeforeAll
    static void writeKey() {
        key = TestKeys.write(TestKeys.Type.EC, dir.resolve("keys"), "sa");
    }

    @Test
    void dryRunListsTheDocumentAfterTheDiscoveryDocumentAndWritesNothing() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        PublishRun.Outcome outcome = run(store, true, true);
        assertEquals(
                List.of(
                        "s3://bucket/" + STATE + ": no timeline yet",
                        "key " + key.kid() + ": added",
                        "s3://bucket/" + JWKS + ": create",
                        "s3://bucket/" + DISCOVERY + ": create",
                        "s3://bucket/" + OAUTH + ": create",
                        "dry run: nothing written"),
                outcome.lines());
        assertEquals(List.of(), store.puts());
    }

    @Test
    void theDocumentIsWrittenLastWithTheDiscoveryBytesAndHeadersThenLeftAlone() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        PublishRun.Outcome first = run(store, true, false);
        assertEquals(List.of(JWKS, DISCOVERY, OAUTH), first.written());
        assertEquals(List.of(STATE, JWKS, DISCOVERY, OAUTH), store.puts(), "the timeline, then the documents");
        StoredObject discovery = store.get(DISCOVERY).orElseThrow();
        StoredObject oauth = store.get(OAUTH).orElseThrow();
        assertArrayEquals(discovery.body(), oauth.body());
        assertArrayEquals(first.state().documents().discovery().bytes(), oauth.body(), "what serve serves there");
        assertEquals(MediaTypes.JSON, oauth.contentType());
        assertEquals("public, max-age=60", oauth.cacheControl());
        assertEquals(discovery.cacheControl(), oauth.cacheControl());

        PublishRun.Outcome second = run(store, true, false);
        assertEquals(List.of(), second.written());
        assertTrue(
                second.lines().contains("s3://bucket/" + OAUTH + ": unchanged"),
                second.lines().toString());
        assertEquals(4, store.puts().size(), "nothing rewritten");
    }

    @Test
    void aDocumentThatWentMissingIsWrittenAloneAndNeverDeletedWithoutTheFlag() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        run(store, true, false);
        store.delete(OAUTH);
        PublishRun.Outcome again = run(store, true, false);
        assertEquals(List.of(OAUTH), again.written(), "read with the other documents, and compared");

        PublishRun.Outcome without = run(store, false, false);
        assertEquals(List.of(), without.written());
        assertTrue(
                without.lines().stream().noneMatch(l -> l.contains("oauth-authorization-server")),
                without.lines().toString());
        assertTrue(store.keys().contains(OAUTH), "dropping the flag leaves the object as it was");
    }

    /** The object is read with the timeline and written on that version: a change in between starts the run over. */
    @Test
    void aConcurrentChangeOfTheDocumentStartsTheRunOver() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        store.beforeNextWriteOf(
                OAUTH, () -> store.put(OAUTH, new byte[] {'{', '}'}, MediaTypes.JSON, "no-store", Precondition.none()));
        PublishRun.Outcome outcome = run(store, true, false);
        assertEquals(List.of(OAUTH), outcome.written(), "the second attempt replaces the other publisher's object");
        assertEquals(
                List.of(STATE, JWKS, DISCOVERY, OAUTH, OAUTH),
                store.puts(),
                "the other publisher's write, then the retry's; the JWKS and discovery are not rewritten");
        assertArrayEquals(
                store.get(DISCOVERY).orElseThrow().body(),
                store.get(OAUTH).orElseThrow().body());
    }

    @Test
    void withoutTheFlagNothingIsWrittenAtTheBucketRoot() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        run(store, false, false);
        assertEquals(List.of(STATE, DISCOVERY, JWKS), store.keys());
    }

    private static PublishRun.Outcome run(MemoryObjectStore store, boolean oauthMetadata, boolean dryRun)
            throws InterruptedException {
        IssuerUrl issuer = IssuerUrl.parse(ISSUER, false);
        PublishConfig config = new PublishConfig(
                StoreLocation.parse(TO),
                new StoreOptions(null, null, Map.of()),
                new IssuerConfig(issuer, issuer.defaultJwksUri()),
                List.of(FileKeySource.of(key.publicKey())),
                new RotationConfig(Duration.ofHours(24), Duration.ofSeconds(60), Duration.ofMinutes(1), null),
                oauthMetadata,
                dryRun);
        return new PublishRun(config, store, Clock.systemUTC()).run();
    }
}
