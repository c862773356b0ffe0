package dev.saissuer.issuer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.stores.AzuriteServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object-store contract against Azurite, through the Azure SDK with a connection string. */
class AzureBlobObjectStoreTest extends ObjectStoreContract {
    private static final String CONTAINER = "contract-container";

    @TempDir
    static Path dir;

    private static AzuriteServer server;
    private static ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        server = AzuriteServer.start(dir);
        server.createContainer(CONTAINER, false);
        store = open("azblob://" + CONTAINER + "/p", server.connectionString());
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

    static ObjectStore open(String to, String connectionString) {
        return ObjectStores.open(
                StoreLocation.parse(to),
                new StoreOptions(null, null, Map.of(AzureClients.CONNECTION_STRING, connectionString)));
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore storeWithoutContainer() {
        return open("azblob://no-such-container", server.connectionString());
    }

    @Override
    ObjectStore storeWithBadCredentials() {
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        return open("azblob://" + CONTAINER, server.connectionString(wrongKey));
    }

    @Override
    ObjectStore storeAtClosedPort() throws Exception {
        String closed = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
                + AzuriteServer.ACCOUNT_KEY + ";BlobEndpoint=http://127.0.0.1:" + FreePorts.loopback() + "/"
                + AzuriteServer.ACCOUNT + ";";
        return open("azblob://" + CONTAINER, closed);
    }

    @Test
    void accountAndKeyWithAnEndpointReachTheContainer() {
        Map<String, String> env = Map.of(
                AzureClients.ACCOUNT, AzuriteServer.ACCOUNT, AzureClients.ACCOUNT_KEY, AzuriteServer.ACCOUNT_KEY);
        try (ObjectStore byKey = ObjectStores.open(
                StoreLocation.parse("azblob://" + CONTAINER + "/by-key"),
                new StoreOptions(server.endpoint(), null, env))) {
            String key = uniqueKey("k");
            byKey.put(key, bytes("k"), JSON, CACHE, Precondition.ifAbsent());
            assertArrayEquals(bytes("k"), store().get(key).orElseThrow().body());
        }
    }

    @Test
    void noAccountAtAllIsBadInputNamingTheVariables() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ObjectStores.open(
                        StoreLocation.parse("azblob://c0ntainer"), new StoreOptions(null, null, Map.of())));
        assertEquals(
                "no Azure storage account: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT (or --endpoint)"
                        + " with AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN or a workload identity",
                e.getMessage());
    }

    @Override
    boolean enforcesPreconditions() {
        return true;
    }

    @Override
    String noSuchContainerCode() {
        return "ContainerNotFound";
    }

    @Override
    String badCredentialsCode() {
        return "AuthorizationFailure";
    }
}
