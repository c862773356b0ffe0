package dev.saissuer.issuer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} does, run against a real server by each implementation's test: reads of
 * absent objects, bytes and headers read back as written, conditional writes where the store enforces them,
 * and one-line errors that name the object and the store's error code.
 */
abstract class ObjectStoreContract {
    static final String JSON = "application/json";
    static final String CACHE = "public, max-age=60";

    /** A store on an existing, empty container. */
    abstract ObjectStore store();

    /** A store on a container that does not exist. */
    abstract ObjectStore storeWithoutContainer();

    /** A store on the existing container, with credentials the server refuses. */
    abstract ObjectStore storeWithBadCredentials();

    /** A store whose endpoint accepts no connection. */
    abstract ObjectStore storeAtClosedPort() throws Exception;

    /** Whether this server enforces If-Match / If-None-Match, as measured. */
    abstract boolean enforcesPreconditions();

    /** The store's error codes for: no such container, refused credentials. */
    abstract String noSuchContainerCode();

    abstract String badCredentialsCode();

    static String uniqueKey(String name) {
        return "contract/" + UUID.randomUUID() + "/" + name;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void absentObjectReadsAsEmpty() {
        assertEquals(Optional.empty(), store().get(uniqueKey("absent")));
    }

    @Test
    void objectReadsBackWithItsBytesAndHeaders() {
        String key = uniqueKey(".well-known/openid-configuration");
        byte[] body = bytes("{\"issuer\":\"https://example.test\"}");
        String etag = store().put(key, body, JSON, CACHE, Precondition.none());
        StoredObject read = store().get(key).orElseThrow();
        assertArrayEquals(body, read.body());
        assertEquals(JSON, read.contentType());
        assertEquals(CACHE, read.cacheControl());
        assertEquals(etag, read.etag());
        assertTrue(read.matches(body, JSON, CACHE));
        assertFalse(read.matches(body, "application/jwk-set+json", CACHE));
    }

    @Test
    void replacingChangesTheEtag() {
        String key = uniqueKey("replaced");
        String first = store().put(key, bytes("one"), JSON, CACHE, Precondition.none());
        String second = store().put(key, bytes("two"), JSON, CACHE, Precondition.none());
        assertNotEquals(first, second);
        assertArrayEquals(bytes("two"), store().get(key).orElseThrow().body());
    }

    @Test
    void reportsWhetherItEnforcesPreconditions() {
        assertEquals(enforcesPreconditions(), store().supportsConditionalWrites());
    }

    @Test
    void writeMatchingTheCurrentEtagSucceeds() {
        String key = uniqueKey("matched");
        store().put(key, bytes("one"), JSON, CACHE, Precondition.ifAbsent());
        StoredObject current = store().get(key).orElseThrow();
        store().put(key, bytes("two"), JSON, CACHE, Precondition.replacing(Optional.of(current)));
        assertArrayEquals(bytes("two"), store().get(key).orElseThrow().body());
    }

    @Test
    void staleEtagIsRefusedWhereEnforced() {
        String key = uniqueKey("stale");
        store().put(key, bytes("one"), JSON, CACHE, Precondition.none());
        StoredObject read = store().get(key).orElseThrow();
        store().put(key, bytes("two"), JSON, CACHE, Precondition.none());
        if (enforcesPreconditions()) {
            PreconditionFailedException e = assertThrows(PreconditionFailedException.class, () -> store().put(
                            key, bytes("three"), JSON, CACHE, Precondition.ifMatch(read.etag())));
            assertTrue(e.getMessage().contains(store().describe(key)), e.getMessage());
            assertArrayEquals(bytes("two"), store().get(key).orElseThrow().body());
        } else {
            store().put(key, bytes("three"), JSON, CACHE, Precondition.ifMatch(read.etag()));
            assertArrayEquals(bytes("three"), store().get(key).orElseThrow().body());
        }
    }

    @Test
    void createIfAbsentIsRefusedOnAnExistingObjectWhereEnforced() {
        String key = uniqueKey("created");
        store().put(key, bytes("one"), JSON, CACHE, Precondition.ifAbsent());
        if (enforcesPreconditions()) {
            assertThrows(PreconditionFailedException.class, () -> store().put(
                            key, bytes("two"), JSON, CACHE, Precondition.ifAbsent()));
            assertArrayEquals(bytes("one"), store().get(key).orElseThrow().body());
        }
    }

    @Test
    void missingContainerIsOneLineNamingItAndTheCode() {
        try (ObjectStore missing = storeWithoutContainer()) {
            String key = uniqueKey("x");
            ObjectStoreException e = assertThrows(
                    ObjectStoreException.class, () -> missing.put(key, bytes("x"), JSON, CACHE, Precondition.none()));
            assertOneLine(e, missing.describe(key), noSuchContainerCode());
            assertOneLine(assertThrows(ObjectStoreException.class, () -> missing.get(key)), noSuchContainerCode());
        }
    }

    @Test
    void refusedCredentialsAreOneLineNamingTheCode() {
        try (ObjectStore refused = storeWithBadCredentials()) {
            String key = uniqueKey("x");
            ObjectStoreException e = assertThrows(
                    ObjectStoreException.class, () -> refused.put(key, bytes("x"), JSON, CACHE, Precondition.none()));
            assertOneLine(e, refused.describe(key), badCredentialsCode(), "refused the credentials");
        }
    }

    @Test
    void unreachableEndpointIsOneLine() throws Exception {
        try (ObjectStore closed = storeAtClosedPort()) {
            String key = uniqueKey("x");
            ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> closed.get(key));
            assertOneLine(e, closed.describe(key), "endpoint unreachable");
        }
    }

    static void assertOneLine(Exception e, String... parts) {
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" not in: " + message);
        }
    }
}
