package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.ObjectStoreException;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.StoredObject;
import java.util.List;

/**
 * Writes planned documents in order, each conditional on the version that was read when planning (where the
 * store enforces conditions), and reads each back before going on: a document that does not read back with
 * exactly its bytes, Content-Type and Cache-Control stops the run before the next one is written. Unchanged
 * documents are not rewritten.
 */
final class DocumentWriter {
    private final ObjectStore store;

    DocumentWriter(ObjectStore store) {
        this.store = store;
    }

    /** Writes the changed objects in the given order; returns the keys written. */
    List<String> write(List<PlannedObject> ordered, boolean conditional) {
        List<String> written = new java.util.ArrayList<>();
        for (PlannedObject object : ordered) {
            if (!object.changed()) {
                continue;
            }
            Precondition precondition = conditional ? Precondition.replacing(object.current()) : Precondition.none();
            store.put(object.key(), object.body(), object.contentType(), object.cacheControl(), precondition);
            verify(object);
            written.add(object.key());
        }
        return written;
    }

    private void verify(PlannedObject object) {
        StoredObject read = store.get(object.key())
                .orElseThrow(() -> new ObjectStoreException(
                        store.describe(object.key()) + ": written, but reads back as absent", null));
        if (!java.util.Arrays.equals(read.body(), object.body())) {
            throw new ObjectStoreException(
                    store.describe(object.key()) + ": written, but reads back with other bytes (" + read.body().length
                            + " bytes, expected " + object.body().length + ")",
                    null);
        }
        if (!object.contentType().equals(read.contentType())) {
            throw new ObjectStoreException(
                    store.describe(object.key()) + ": written, but reads back with Content-Type " + read.contentType()
                            + " instead of " + object.contentType(),
                    null);
        }
        if (!object.cacheControl().equals(read.cacheControl())) {
            throw new ObjectStoreException(
                    store.describe(object.key()) + ": written, but reads back with Cache-Control " + read.cacheControl()
                            + " instead of " + object.cacheControl(),
                    null);
        }
    }
}
