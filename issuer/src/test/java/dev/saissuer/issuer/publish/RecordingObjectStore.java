package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.PreconditionFailedException;
import dev.saissuer.issuer.storage.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A bucket in memory that enforces preconditions as S3 and Azure do, and records every write. */
final class MemoryObjectStore implements ObjectStore {
    private final Map<String, StoredObject> objects = new TreeMap<>();
    private final List<String> puts = new ArrayList<>();
    private int version;
    private String interferingKey;
    private Runnable interference;

    /** Runs {@code action} once, just before the next write of {@code key}: another publisher's change in between. */
    synchronized void beforeNextWriteOf(String key, Runnable action) {
        interferingKey = key;
        interference = action;
    }

    @Override
    public synchronized Optional<StoredObject> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public synchronized String put(
            String key, byte[] body, String contentType, String cacheControl, Precondition precondition) {
        if (key.equals(interferingKey)) {
            Runnable action = interference;
            interferingKey = null;
            interference = null;
            action.run();
        }
        StoredObject current = objects.get(key);
        boolean holds = precondition.ifMatch() != null
                ? current != null && current.etag().equals(precondition.ifMatch())
                : precondition.ifNoneMatch() == null || current == null;
        if (!holds) {
            throw new PreconditionFailedException(describe(key) + ": PreconditionFailed", null);
        }
        String etag = "\"" + ++version + "\"";
        objects.put(key, new StoredObject(body, etag, contentType, cacheControl));
        puts.add(key);
        return etag;
    }

    synchronized void delete(String key) {
        objects.remove(key);
    }

    /** Every key written, in order. */
    synchronized List<String> puts() {
        return List.copyOf(puts);
    }

    synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    @Override
    public boolean supportsConditionalWrites() {
        return true;
    }

    @Override
    public String describe(String key) {
        return "s3://bucket/" + key;
    }

    @Override
    public void close() {}
}
