package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.PreconditionFailedException;
import dev.saissuer.issuer.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real store (here Azurite's, which enforces preconditions) that records every write and every refused one, and can let
 * another publisher write just before the next write of a key, between the run's read and its write.
 */
final class RecordingObjectStore implements ObjectStore {
    private final ObjectStore store;
    private final List<String> puts = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private String interferingKey;
    private Runnable interference;

    RecordingObjectStore(ObjectStore store) {
        this.store = store;
    }

    /** Runs {@code action} once, just before the next write of {@code key}: another publisher's change in between. */
    synchronized void beforeNextWriteOf(String key, Runnable action) {
        interferingKey = key;
        interference = action;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return store.get(key);
    }

    @Override
    public String put(String key, byte[] body, String contentType, String cacheControl, Precondition precondition) {
        Runnable action;
        synchronized (this) {
            action = key.equals(interferingKey) ? interference : null;
            if (action != null) {
                interferingKey = null;
                interference = null;
            }
        }
        if (action != null) {
            action.run();
        }
        String etag;
        try {
            etag = store.put(key, body, contentType, cacheControl, precondition);
        } catch (PreconditionFailedException refused) {
            synchronized (this) {
                this.refused.add(key);
            }
            throw refused;
        }
        synchronized (this) {
            puts.add(key);
        }
        return etag;
    }

    /** Every key written through this store, in order (another publisher's write included). */
    synchronized List<String> puts() {
        return List.copyOf(puts);
    }

    /** Every key whose write the store refused because its precondition failed, in order. */
    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public boolean supportsConditionalWrites() {
        return store.supportsConditionalWrites();
    }

    @Override
    public String describe(String key) {
        return store.describe(key);
    }

    @Override
    public void close() {
        store.close();
    }
}
