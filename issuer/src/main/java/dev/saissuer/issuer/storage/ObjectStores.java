package dev.saissuer.issuer.storage;

/** Opens the store a {@link StoreLocation} names. */
public final class ObjectStores {
    private ObjectStores() {}

    public static ObjectStore open(StoreLocation location, StoreOptions options) {
        return switch (location.kind()) {
            case S3 -> S3ObjectStore.open(location, options);
            case AZBLOB -> AzureBlobObjectStore.open(location, options);
        };
    }
}
