package dev.saissuer.issuer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.stores.S3ProxyServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The object-store contract against s3proxy, through the AWS SDK with path-style addressing. */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static final String BUCKET = "contract-bucket";

    @TempDir
    static Path dir;

    private static S3ProxyServer server;
    private static ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(dir);
        server.createBucket(BUCKET);
        store = open("s3://" + BUCKET + "/p", server.endpoint(), S3ProxyServer.credentials());
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static ObjectStore open(String to, URI endpoint, StaticCredentialsProvider credentials) {
        return S3ObjectStore.open(
                StoreLocation.parse(to), new StoreOptions(endpoint, S3ProxyServer.REGION, Map.of()), credentials);
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore storeWithoutContainer() {
        return open("s3://no-such-bucket", server.endpoint(), S3ProxyServer.credentials());
    }

    @Override
    ObjectStore storeWithBadCredentials() {
        return open(
                "s3://" + BUCKET,
                server.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, "wrong-secret")));
    }

    @Override
    ObjectStore storeAtClosedPort() throws Exception {
        return open(
                "s3://" + BUCKET, URI.create("http://127.0.0.1:" + FreePorts.loopback()), S3ProxyServer.credentials());
    }

    /** Measured: s3proxy 2.6.0 (filesystem backend) ignores If-Match and If-None-Match on PutObject. */
    @Override
    boolean enforcesPreconditions() {
        return false;
    }

    @Override
    String noSuchContainerCode() {
        return "NoSuchBucket";
    }

    @Override
    String badCredentialsCode() {
        return "SignatureDoesNotMatch";
    }

    @Test
    void probeRecordsItsAnswerUnderThePublishersOwnDirectoryAndIsNotRepeated() {
        String key = "probed/.sa-issuer/conditional-write-probe";
        try (ObjectStore probed = open("s3://" + BUCKET + "/probed", server.endpoint(), S3ProxyServer.credentials())) {
            assertFalse(probed.supportsConditionalWrites());
            assertArrayEquals(
                    "ignored".getBytes(StandardCharsets.US_ASCII),
                    probed.get(key).orElseThrow().body());
        }
        String etag = store.get(key).map(StoredObject::etag).orElse(null);
        try (ObjectStore again = open("s3://" + BUCKET + "/probed", server.endpoint(), S3ProxyServer.credentials())) {
            assertFalse(again.supportsConditionalWrites());
        }
        assertEquals(etag, store.get(key).orElseThrow().etag());
    }
}
