package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.StoredObject;
import java.util.Optional;

/** One document as it should be in the store, and what the store holds under its key now. */
public record PlannedObject(
        String key, byte[] body, String contentType, String cacheControl, Optional<StoredObject> current) {

    /** Whether writing is needed: bytes, Content-Type or Cache-Control differ from what is stored. */
    public boolean changed() {
        return current.map(o -> !o.matches(body, contentType, cacheControl)).orElse(true);
    }

    /** "create", "replace" or "unchanged", for the plan. */
    public String action() {
        return current.isEmpty() ? "create" : changed() ? "replace" : "unchanged";
    }
}
