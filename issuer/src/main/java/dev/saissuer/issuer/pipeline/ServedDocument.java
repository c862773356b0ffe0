package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.IssuerDocuments;
import java.nio.ByteBuffer;

/**
 * One rendered document as every sink sends it: the bytes, a read-only direct buffer of them (sockets write it
 * without a copy; {@link ByteBuffer#duplicate() duplicate} before consuming) and a strong ETag derived from the
 * bytes alone, so every replica with the same keys agrees (RFC 9110, section 8.8.3). The same bytes sent as
 * {@code application/json} are another representation with their own strong ETag, {@code jsonEtag}. Both are
 * made here, on the reload path, so that requests only pick one.
 */
public record ServedDocument(byte[] bytes, ByteBuffer body, String etag, String jsonEtag) {

    static ServedDocument of(IssuerDocuments.Rendered rendered) {
        byte[] bytes = rendered.bytes();
        ByteBuffer body =
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new ServedDocument(bytes, body, '"' + rendered.sha256() + '"', '"' + rendered.sha256() + ".json\"");
    }
}
