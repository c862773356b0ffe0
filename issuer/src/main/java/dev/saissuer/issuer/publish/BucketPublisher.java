package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.StoredObject;
import dev.saissuer.keys.IssuerDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sink that puts published documents into a bucket: it plans against what the bucket holds and writes the
 * JWKS before the discovery document, so a relying party that reads the new discovery document always finds
 * its keys. It knows nothing of where the keys came from.
 */
final class BucketPublisher {
    private final ObjectStore store;
    private final PublishLayout layout;

    BucketPublisher(ObjectStore store, PublishLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /**
     * The documents in write order (JWKS, then discovery, then the RFC 8414 document when the layout has one),
     * each with the version read with the timeline. The RFC 8414 document has the discovery document's bytes and
     * headers, as {@code serve} serves them at both paths.
     */
    List<PlannedObject> plan(
            IssuerDocuments documents,
            String cacheControl,
            Optional<StoredObject> jwks,
            Optional<StoredObject> discovery,
            Optional<StoredObject> authorizationServerMetadata) {
        List<PlannedObject> plan = new ArrayList<>();
        plan.add(new PlannedObject(layout.jwksKey(), documents.jwks().bytes(), MediaTypes.JWK_SET, cacheControl, jwks));
        plan.add(new PlannedObject(
                layout.discoveryKey(), documents.discovery().bytes(), MediaTypes.JSON, cacheControl, discovery));
        layout.authorizationServerMetadataKey()
                .ifPresent(key -> plan.add(new PlannedObject(
                        key,
                        documents.discovery().bytes(),
                        MediaTypes.JSON,
                        cacheControl,
                        authorizationServerMetadata)));
        return List.copyOf(plan);
    }

    /** Writes what changed, in order, each read back before the next; returns the keys written. */
    List<String> write(List<PlannedObject> plan) {
        return new DocumentWriter(store).write(plan, store.supportsConditionalWrites());
    }

    /** "s3://bucket/key: create", one line per planned object. */
    List<String> describe(List<PlannedObject> plan) {
        return plan.stream()
                .map(o -> store.describe(o.key()) + ": " + o.action())
                .toList();
    }
}
