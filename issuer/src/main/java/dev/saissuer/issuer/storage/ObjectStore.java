package dev.saissuer.issuer.storage;

import java.util.Optional;

/**
 * A bucket or container, addressed by object key. Implementations use the store's own SDK and its standard
 * credential chain; every failure is an {@link ObjectStoreException} whose message is one line naming the
 * object and the store's error code.
 */
public interface ObjectStore extends AutoCloseable {
    /** The object now stored under {@code key}, or empty when there is none. */
    Optional<StoredObject> get(String key);

    /**
     * Writes {@code body} under {@code key} if {@code precondition} holds, and returns the new ETag.
     *
     * @throws PreconditionFailedException when the store refused the write because the precondition failed
     */
    String put(String key, byte[] body, String contentType, String cacheControl, Precondition precondition);

    /** Whether this store enforces {@link Precondition}s; where it does not, one publisher per prefix must run. */
    boolean supportsConditionalWrites();

    /** The object's address for messages and plans, for example {@code s3://bucket/prefix/openid/v1/jwks}. */
    String describe(String key);

    @Override
    void close();
}
