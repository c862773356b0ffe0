package dev.saissuer.issuer.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saissuer.keys.Durations;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.LoadedKey;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The key timeline as JSON, for the /status endpoint and {@code sa-issuer status}: per kid its algorithm,
 * source, first publication and state (current, retained until, signing and whether it is safe to sign with),
 * and per source the last read result. Public data only.
 */
public final class StatusReport {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusReport() {}

    static byte[] render(KeyReloader reloader, Instant now) {
        Snapshot s = reloader.current();
        ServeConfig config = reloader.config();
        ObjectNode root =
                timeline(s.timeline(), config.keyRetention(), signingKids(reloader), config.cacheMaxAge(), now);
        root.put("issuer", config.issuer().value());
        root.put("jwksUri", config.jwksUri().toString());
        root.put("lastSuccessfulReload", reloader.lastSuccessfulReload().toString());
        root.put(
                "stateDir", config.stateDir() == null ? null : config.stateDir().toString());
        root.put("stateError", reloader.persistError());
        ArrayNode sources = root.putArray("sources");
        for (SourceState source : s.sources()) {
            ObjectNode node = sources.addObject();
            node.put("path", source.path().toString());
            node.put("ok", source.healthy());
            node.put("keys", source.lastGood().size());
            node.put(
                    "lastSuccess",
                    source.lastSuccess() == null ? null : source.lastSuccess().toString());
            node.put("error", source.error());
            node.put(
                    "errorSince",
                    source.errorSince() == null ? null : source.errorSince().toString());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The timeline part, shared with {@code sa-issuer status --state-dir}. */
    public static ObjectNode timeline(
            List<KeyTimeline.Entry> entries,
            Duration retention,
            List<String> signingKids,
            Duration cacheMaxAge,
            Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", now.toString());
        root.put("keyRetention", Durations.format(retention));
        ArrayNode keys = root.putArray("keys");
        for (KeyTimeline.Entry e : entries) {
            ObjectNode node = keys.addObject();
            node.put("kid", e.key().kid());
            node.put("alg", e.key().algorithm());
            node.put("source", e.key().origin());
            node.put("firstPublished", e.firstPublished().toString());
            node.put("state", e.current() ? "current" : "retained");
            e.retireAt(retention).ifPresent(at -> node.put("retireAt", at.toString()));
            if (signingKids.contains(e.key().kid())) {
                Instant safe = e.firstPublished().plus(cacheMaxAge);
                node.put("signing", true);
                node.put("safeToSignAt", safe.toString());
                node.put("safeToSign", !safe.isAfter(now));
            }
        }
        return root;
    }

    static List<String> signingKids(KeyReloader reloader) {
        Path signing = reloader.config().signingKeyFile();
        return reloader.current().sources().stream()
                .filter(s -> s.path().equals(signing))
                .flatMap(s -> s.lastGood().stream())
                .map(LoadedKey::kid)
                .toList();
    }

    static Optional<Instant> signingKeyPublishedSince(KeyReloader reloader) {
        List<String> kids = signingKids(reloader);
        return reloader.current().timeline().stream()
                .filter(e -> kids.contains(e.key().kid()))
                .map(KeyTimeline.Entry::firstPublished)
                .findFirst();
    }

    static Optional<Instant> nextRetirement(KeyReloader reloader) {
        Duration retention = reloader.config().keyRetention();
        return reloader.current().timeline().stream()
                .map(e -> e.retireAt(retention))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }
}
