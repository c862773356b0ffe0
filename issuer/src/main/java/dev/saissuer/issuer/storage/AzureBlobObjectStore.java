package dev.saissuer.issuer.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * An Azure Blob Storage container (or Azurite's) through the Azure SDK. Each document is one block blob written
 * by a single Put Blob, with {@code If-Match} / {@code If-None-Match} from {@link BlobRequestConditions}
 * (https://learn.microsoft.com/rest/api/storageservices/specifying-conditional-headers-for-blob-service-operations),
 * which Azure Storage always enforces.
 */
final class AzureBlobObjectStore implements ObjectStore {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final StoreLocation location;
    private final BlobContainerClient container;

    AzureBlobObjectStore(StoreLocation location, BlobContainerClient container) {
        this.location = location;
        this.container = container;
    }

    static AzureBlobObjectStore open(StoreLocation location, StoreOptions options) {
        return new AzureBlobObjectStore(
                location, AzureClients.serviceClient(options).getBlobContainerClient(location.container()));
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            BlobDownloadContentResponse response = container
                    .getBlobClient(key)
                    .downloadContentWithResponse(new DownloadRetryOptions(), null, TIMEOUT, Context.NONE);
            return Optional.of(new StoredObject(
                    response.getValue().toBytes(),
                    response.getDeserializedHeaders().getETag(),
                    response.getDeserializedHeaders().getContentType(),
                    response.getDeserializedHeaders().getCacheControl()));
        } catch (BlobStorageException e) {
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw AzureErrors.failure("GET", location, describe(key), e);
        } catch (RuntimeException e) {
            throw AzureErrors.failure("GET", location, describe(key), e);
        }
    }

    @Override
    public String put(String key, byte[] body, String contentType, String cacheControl, Precondition precondition) {
        BlobRequestConditions conditions = new BlobRequestConditions()
                .setIfMatch(precondition.ifMatch())
                .setIfNoneMatch(precondition.ifNoneMatch());
        BlockBlobSimpleUploadOptions upload = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(body))
                .setHeaders(new BlobHttpHeaders().setContentType(contentType).setCacheControl(cacheControl))
                .setRequestConditions(conditions);
        try {
            return container
                    .getBlobClient(key)
                    .getBlockBlobClient()
                    .uploadWithResponse(upload, TIMEOUT, Context.NONE)
                    .getValue()
                    .getETag();
        } catch (RuntimeException e) {
            throw AzureErrors.failure("PUT", location, describe(key), e);
        }
    }

    @Override
    public boolean supportsConditionalWrites() {
        return true;
    }

    @Override
    public String describe(String key) {
        return location.describe(key);
    }

    @Override
    public void close() {
        // The SDK's clients hold no resources of their own; its shared HTTP client lives as long as the JVM.
    }
}
