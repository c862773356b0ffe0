package dev.saissuer.issuer.storage;

import java.util.Arrays;
import java.util.Objects;

/** An object as read back from a store: its bytes and the headers it is served with. */
public record StoredObject(byte[] body, String etag, String contentType, String cacheControl) {
    public StoredObject {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether this object has exactly these bytes and headers. */
    public boolean matches(byte[] expectedBody, String expectedContentType, String expectedCacheControl) {
        return Arrays.equals(body, expectedBody)
                && expectedContentType.equals(contentType)
                && expectedCacheControl.equals(cacheControl);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredObject o
                && Arrays.equals(body, o.body)
                && Objects.equals(etag, o.etag)
                && Objects.equals(contentType, o.contentType)
                && Objects.equals(cacheControl, o.cacheControl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), etag, contentType, cacheControl);
    }

    @Override
    public String toString() {
        return "StoredObject[" + body.length + " bytes, etag=" + etag + ", contentType=" + contentType
                + ", cacheControl=" + cacheControl + "]";
    }
}
