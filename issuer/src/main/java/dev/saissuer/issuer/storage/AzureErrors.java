package dev.saissuer.issuer.storage;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

/**
 * Turns the Azure SDK's exceptions into one line naming the blob, the Blob service error code and what to do
 * (error codes: https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes).
 */
final class AzureErrors {
    private AzureErrors() {}

    static ObjectStoreException failure(String action, StoreLocation location, String object, RuntimeException e) {
        if (e instanceof BlobStorageException blob) {
            BlobErrorCode code = blob.getErrorCode();
            int status = blob.getStatusCode();
            String what = object + ": " + action + " failed: " + (code == null ? "error" : code.toString()) + " (HTTP "
                    + status + ")";
            if (status == 412
                    || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)
                    || BlobErrorCode.CONDITION_NOT_MET.equals(code)) {
                return new PreconditionFailedException(what + ": changed by someone else since it was read", e);
            }
            return new ObjectStoreException(what + hint(code, location), e);
        }
        if (e instanceof ClientAuthenticationException) {
            return new ObjectStoreException(
                    object + ": " + action + " failed: no Azure credential: "
                            + TransportFailures.firstLine(e.getMessage()),
                    e);
        }
        String transport = TransportFailures.describe(e).orElse(null);
        if (transport != null) {
            return new ObjectStoreException(object + ": " + action + " failed: " + transport, e);
        }
        return new ObjectStoreException(
                object + ": " + action + " failed: " + TransportFailures.firstLine(e.toString()), e);
    }

    private static String hint(BlobErrorCode code, StoreLocation location) {
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            return ": no such container \"" + location.container() + "\"";
        }
        if (BlobErrorCode.AUTHENTICATION_FAILED.equals(code)) {
            return ": the store refused the credentials";
        }
        if (BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)) {
            // Azure answers so both to a bad signature (a wrong account key) and to a token without the role.
            return ": the store refused the credentials, or they may not do this on container \"" + location.container()
                    + "\"";
        }
        if (BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)
                || BlobErrorCode.INSUFFICIENT_ACCOUNT_PERMISSIONS.equals(code)) {
            return ": the credentials may not do this on container \"" + location.container() + "\"";
        }
        return "";
    }
}
