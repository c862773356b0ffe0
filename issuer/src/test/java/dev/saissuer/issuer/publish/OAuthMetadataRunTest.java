package dev.saissuer.issuer.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.issuer.storage.ObjectStores;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.issuer.storage.StoreOptions;
import dev.saissuer.issuer.storage.StoredObject;
import dev.saissuer.keys.FileKeySource;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.testkit.TestKeys;
import dev.saissuer.testkit.stores.AzuriteServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code publish --oauth-metadata}: the plan, the order of writes and what is written, on Azurite (which, unlike
 * s3proxy, enforces the conditional writes the concurrent case needs), one fresh container per test.
 */
class OAuthMetadataRunTest {
    private static final String ISSUER = "https://issuer.example/clusters/prod";
    private static final String JWKS = "clusters/prod/openid/v1/jwks";
    private static final String DISCOVERY = "clusters/prod/.well-known/openid-configuration";
    private static final String OAUTH = ".well-known/oauth-authorization-server/clusters/prod";
    private static final String STATE = "clusters/prod/.sa-issuer/timeline.json";

    @TempDir
    static Path dir;

    private static TestKeys.Pair key;
    private static AzuriteServer azurite;
    private static int containers;

    private String container;
    private RecordingObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        key = TestKeys.write(TestKeys.Type.EC, dir.resolve("keys"), "sa");
        azurite = AzuriteServer.start(dir.resolve("azurite"));
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void freshContainer() {
        container = "oauth-" + ++containers;
        azurite.createContainer(container, false);
        store = new RecordingObjectStore(ObjectStores.open(location(), storeOptions()));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void dryRunListsTheDocumentAfterTheDiscoveryDocumentAndWritesNothing() throws Exception {
        PublishRun.Outcome outcome = run(store, true, true);
        assertEquals(
                List.of(
                        where(STATE) + ": no timeline yet",
                        "key " + key.kid() + ": added",
                        where(JWKS) + ": create",
                        where(DISCOVERY) + ": create",
                        where(OAUTH) + ": create",
                        "dry run: nothing written"),
                outcome.lines());
        assertEquals(List.of(), store.puts());
    }

    @Test
    void theDocumentIsWrittenLastWithTheDiscoveryBytesAndHeadersThenLeftAlone() throws Exception {
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
                second.lines().contains(where(OAUTH) + ": unchanged"),
                second.lines().toString());
        assertEquals(4, store.puts().size(), "nothing rewritten");
    }

    @Test
    void aDocumentThatWentMissingIsWrittenAloneAndNeverDeletedWithoutTheFlag() throws Exception {
        run(store, true, false);
        azurite.container(container).getBlobClient(OAUTH).delete();
        PublishRun.Outcome again = run(store, true, false);
        assertEquals(List.of(OAUTH), again.written(), "read with the other documents, and compared");

        PublishRun.Outcome without = run(store, false, false);
        assertEquals(List.of(), without.written());
        assertTrue(
                without.lines().stream().noneMatch(l -> l.contains("oauth-authorization-server")),
                without.lines().toString());
        assertTrue(store.get(OAUTH).isPresent(), "dropping the flag leaves the object as it was");
    }

    /** The object is read with the timeline and written on that version: a change in between starts the run over. */
    @Test
    void aConcurrentChangeOfTheDocumentStartsTheRunOver() throws Exception {
        store.beforeNextWriteOf(
                OAUTH, () -> store.put(OAUTH, new byte[] {'{', '}'}, MediaTypes.JSON, "no-store", Precondition.none()));
        PublishRun.Outcome outcome = run(store, true, false);
        assertEquals(List.of(OAUTH), outcome.written(), "the second attempt replaces the other publisher's object");
        assertEquals(List.of(OAUTH), store.refused(), "Azurite refused the write made on the version read before");
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
        run(store, false, false);
        assertEquals(List.of(STATE, JWKS, DISCOVERY), store.puts());
        assertTrue(store.get(OAUTH).isEmpty());
    }

    private StoreLocation location() {
        return StoreLocation.parse("azblob://" + container + "/clusters/prod");
    }

    private static StoreOptions storeOptions() {
        return new StoreOptions(null, null, Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString()));
    }

    private String where(String key) {
        return "azblob://" + container + "/" + key;
    }

    private PublishRun.Outcome run(RecordingObjectStore store, boolean oauthMetadata, boolean dryRun)
            throws InterruptedException {
        IssuerUrl issuer = IssuerUrl.parse(ISSUER, false);
        PublishConfig config = new PublishConfig(
                location(),
                storeOptions(),
                new IssuerConfig(issuer, issuer.defaultJwksUri()),
                List.of(FileKeySource.of(key.publicKey())),
                new RotationConfig(Duration.ofHours(24), Duration.ofSeconds(60), Duration.ofMinutes(1), null),
                oauthMetadata,
                dryRun);
        return new PublishRun(config, store, Clock.systemUTC()).run();
    }
}
