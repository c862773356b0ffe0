package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.IssuerDocuments;
import java.nio.ByteBuffer;

/**
 * One rendered document as every sink sends it: the bytes, a read-only direct buffer of them (sockets write it
 * without a copy; {@link ByteBuffer#duplicate() duplicate} before consuming) and a strong ETag derived from the
 * bytes alone, so every replica with the same keys agrees (RFC 9110, section 8.8.3).
 */
public record ServedDocument(byte[] bytes, ByteBuffer body, String etag) {
    /** The strong ETag of another representation of the same bytes, e.g. {@code "abc.json"} for {@code "abc"}. */
    public String variantEtag(String variant) {
        return etag.substring(0, etag.length() - 1) + '.' + variant + '"';
    }

    static ServedDocument of(IssuerDocuments.Rendered rendered) {
        byte[] bytes = rendered.bytes();
        ByteBuffer body =
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new ServedDocument(bytes, body, '"' + rendered.sha256() + '"');
    }
}
