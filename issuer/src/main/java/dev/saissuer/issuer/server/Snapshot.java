package dev.saissuer.issuer.server;

import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.KeyTimeline;
import java.time.Instant;
import java.util.List;

/**
 * What the server publishes at one moment: the rendered documents with their response headers worked out,
 * and the timeline and source states they came from (for /status and metrics). Immutable; replaced whole.
 */
public record Snapshot(IssuerDocuments documents, String discoveryEtag, String jwksEtag, String cacheControl,
                       List<KeyTimeline.Entry> timeline, List<SourceState> sources, Instant renderedAt) {

    static Snapshot of(IssuerDocuments documents, long maxAgeSeconds, List<KeyTimeline.Entry> timeline,
                       List<SourceState> sources, Instant now) {
        // A strong validator derived from the bytes alone, so every replica with the same keys agrees (RFC 9110, 8.8.3).
        return new Snapshot(documents, '"' + documents.discovery().sha256() + '"', '"' + documents.jwks().sha256() + '"',
                "public, max-age=" + maxAgeSeconds, List.copyOf(timeline), List.copyOf(sources), now);
    }

    Snapshot withSources(List<SourceState> newSources) {
        return new Snapshot(documents, discoveryEtag, jwksEtag, cacheControl, timeline, List.copyOf(newSources), renderedAt);
    }
}
