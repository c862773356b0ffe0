package dev.saissuer.issuer.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.issuer.pipeline.SourceHealth;
import dev.saissuer.keys.Durations;
import dev.saissuer.keys.PublishedKey;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The published state as JSON, for the /status endpoint and {@code sa-issuer status}: per kid its algorithm,
 * source, first publication, state (current, or retained until), and from when it is safe to sign with; per
 * source the last read result. Public data only.
 */
public final class StatusReport {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusReport() {}

    static byte[] render(PublishedState state, RotationConfig rotation, Instant now) {
        ObjectNode root = timeline(state.keys(), rotation.keyRetention(), state.signingKids(), now);
        root.put("issuer", state.issuer().issuer().value());
        root.put("jwksUri", state.issuer().jwksUri().toString());
        root.put("cacheMaxAge", Durations.format(rotation.cacheMaxAge()));
        root.put("lastSuccessfulReload", text(state.lastSuccessfulReload()));
        root.put(
                "stateDir",
                rotation.stateDir() == null ? null : rotation.stateDir().toString());
        root.put("stateError", state.persistError());
        ArrayNode sources = root.putArray("sources");
        for (SourceHealth source : state.sources()) {
            ObjectNode node = sources.addObject();
            node.put("name", source.name());
            node.put("ok", source.healthy());
            node.put("keys", source.lastGood().size());
            node.put("lastSuccess", text(source.lastSuccess()));
            node.put("error", source.error());
            node.put("errorSince", text(source.errorSince()));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key part, shared with {@code sa-issuer status --state-dir}. */
    public static ObjectNode timeline(
            List<PublishedKey> published, Duration retention, List<String> signingKids, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", now.toString());
        root.put("keyRetention", Durations.format(retention));
        ArrayNode keys = root.putArray("keys");
        for (PublishedKey k : published) {
            ObjectNode node = keys.addObject();
            node.put("kid", k.kid());
            node.put("alg", k.key().algorithm());
            node.put("source", k.key().origin());
            node.put("firstPublished", k.firstPublished().toString());
            node.put("state", k.current() ? "current" : "retained");
            k.retireAt().ifPresent(at -> node.put("retireAt", at.toString()));
            node.put("safeToSignFrom", k.safeToSignFrom().toString());
            node.put("safeToSign", k.safeToSign(now));
            if (signingKids.contains(k.kid())) {
                node.put("signing", true);
            }
        }
        return root;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
