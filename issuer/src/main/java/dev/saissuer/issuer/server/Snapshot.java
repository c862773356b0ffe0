package dev.saissuer.issuer.server;

import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.KeyTimeline;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * What the server publishes at one moment: the rendered documents as read-only direct buffers (so sockets write
 * them without a copy) with their response headers worked out, and the timeline and source states they came from
 * (for /status and metrics). Made on the reload path; immutable; replaced whole.
 */
public record Snapshot(
        IssuerDocuments documents,
        ByteBuffer discoveryBody,
        ByteBuffer jwksBody,
        String discoveryEtag,
        String jwksEtag,
        String cacheControl,
        List<KeyTimeline.Entry> timeline,
        List<SourceState> sources,
        Instant renderedAt) {

    static Snapshot of(
            IssuerDocuments documents,
            long maxAgeSeconds,
            List<KeyTimeline.Entry> timeline,
            List<SourceState> sources,
            Instant now) {
        // A strong validator derived from the bytes alone, so every replica with the same keys agrees (RFC 9110,
        // 8.8.3).
        return new Snapshot(
                documents,
                direct(documents.discovery().bytes()),
                direct(documents.jwks().bytes()),
                '"' + documents.discovery().sha256() + '"',
                '"' + documents.jwks().sha256() + '"',
                "public, max-age=" + maxAgeSeconds,
                List.copyOf(timeline),
                List.copyOf(sources),
                now);
    }

    Snapshot withSources(List<SourceState> newSources) {
        return new Snapshot(
                documents,
                discoveryBody,
                jwksBody,
                discoveryEtag,
                jwksEtag,
                cacheControl,
                timeline,
                List.copyOf(newSources),
                renderedAt);
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}
