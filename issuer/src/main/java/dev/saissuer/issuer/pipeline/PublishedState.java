package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.PublishedKey;
import java.time.Instant;
import java.util.List;

/**
 * Everything that is published at one moment, made by the one writer and replaced whole: the rendered
 * documents and how they are served, the key timeline they came from, each source's health, the last reload
 * in which every source was read, the persistence error if the timeline cannot be saved, and the reload
 * counts. Sinks (the HTTP listeners, status, metrics, the object-storage publisher) only read it.
 */
public record PublishedState(
        IssuerConfig issuer,
        IssuerDocuments documents,
        ServedDocument discovery,
        ServedDocument jwks,
        String cacheControl,
        List<PublishedKey> keys,
        List<SourceHealth> sources,
        Instant lastSuccessfulReload,
        String persistError,
        ReloadCounts reloads,
        Instant renderedAt) {

    public long failingSources() {
        return sources.stream().filter(s -> !s.healthy()).count();
    }

    /** The kids that come from kube-apiserver's signing key file, if one is configured. */
    public List<String> signingKids() {
        return sources.stream()
                .filter(s -> s.source().signing())
                .flatMap(s -> s.lastGood().stream())
                .map(k -> k.kid())
                .toList();
    }
}
