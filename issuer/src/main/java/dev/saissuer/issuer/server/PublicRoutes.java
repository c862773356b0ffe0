package dev.saissuer.issuer.server;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.pipeline.ServedDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.QuotedQualityCSV;

/**
 * Decides what a request to the public listener gets: routes are exact raw paths (so encoded or trailing-slash
 * variants are 404), GET and HEAD get the document, OPTIONS a CORS preflight, anything else 405 with
 * {@code Allow}. Answers come from the current published state's pre-rendered bytes; no JSON work happens here.
 */
final class PublicRoutes {
    static final String ALLOW = "GET, HEAD, OPTIONS";
    static final String TEXT = "text/plain; charset=utf-8";
    static final ByteBuffer OK = constant("ok\n");
    static final ByteBuffer NOT_READY = constant("not ready: no key set published yet\n");
    private static final ByteBuffer NOT_FOUND = constant("404 Not Found\n");
    private static final ByteBuffer NOT_ALLOWED = constant("405 Method Not Allowed\n");

    private final Supplier<PublishedState> states;
    private final Map<String, Route> routes = new HashMap<>();

    PublicRoutes(IssuerConfig issuer, Supplier<PublishedState> states) {
        this.states = states;
        routes.put(issuer.issuer().discoveryPath(), Route.DISCOVERY);
        routes.put(issuer.issuer().authorizationServerMetadataPath(), Route.OAUTH_METADATA);
        routes.put(issuer.jwksUri().getRawPath(), Route.JWKS);
        routes.putIfAbsent("/healthz", Route.HEALTHZ);
        routes.putIfAbsent("/readyz", Route.READYZ);
    }

    Route route(String rawPath) {
        return routes.getOrDefault(rawPath, Route.NOT_FOUND);
    }

    /** {@code header} looks up a request header by name (null when absent). */
    Answer answer(Route route, String method, UnaryOperator<String> header) {
        if (route == Route.NOT_FOUND) {
            return Answer.of(404, TEXT, NOT_FOUND);
        }
        if (method.equals("OPTIONS") && route.document()) {
            return preflight(header.apply("Access-Control-Request-Headers"));
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Answer.of(405, TEXT, NOT_ALLOWED, "Allow", route.document() ? ALLOW : "GET, HEAD");
        }
        PublishedState state = states.get();
        if (route == Route.HEALTHZ) {
            return plain(200, OK);
        }
        if (state == null) {
            return plain(503, NOT_READY);
        }
        return switch (route) {
            case DISCOVERY, OAUTH_METADATA ->
                document(state, state.discovery(), MediaTypes.JSON, header.apply("If-None-Match"), null);
            case JWKS -> jwks(state, jwksType(header.apply("Accept")), header.apply("If-None-Match"));
            default -> plain(200, OK);
        };
    }

    /** Health answers: never cached, never sniffed. */
    static Answer plain(int status, ByteBuffer body) {
        return Answer.of(status, TEXT, body, "X-Content-Type-Options", "nosniff", "Cache-Control", "no-store");
    }

    /**
     * The JWKS in the representation the client prefers. Each representation has its own strong validator
     * (RFC 9110 section 8.8.3): a cache keyed on the ETag alone never answers one Content-Type with the other.
     */
    private static Answer jwks(PublishedState state, String type, String ifNoneMatch) {
        ServedDocument jwks = state.jwks();
        String etag = type.equals(MediaTypes.JSON) ? jwks.jsonEtag() : jwks.etag();
        return document(state, jwks, etag, type, ifNoneMatch, "Accept");
    }

    private static Answer document(
            PublishedState state, ServedDocument document, String type, String ifNoneMatch, String vary) {
        return document(state, document, document.etag(), type, ifNoneMatch, vary);
    }

    private static Answer document(
            PublishedState state, ServedDocument document, String etag, String type, String ifNoneMatch, String vary) {
        String[] headers = vary == null
                ? new String[] {
                    "X-Content-Type-Options",
                    "nosniff",
                    "Access-Control-Allow-Origin",
                    "*",
                    "Cache-Control",
                    state.cacheControl(),
                    "ETag",
                    etag
                }
                : new String[] {
                    "X-Content-Type-Options",
                    "nosniff",
                    "Vary",
                    vary,
                    "Access-Control-Allow-Origin",
                    "*",
                    "Cache-Control",
                    state.cacheControl(),
                    "ETag",
                    etag
                };
        if (matches(ifNoneMatch, etag)) {
            return new Answer(304, null, headers, null);
        }
        return new Answer(200, type, headers, document.body());
    }

    /** A CORS preflight: any origin may GET the documents; requested headers are echoed when short. */
    private static Answer preflight(String requested) {
        List<String> headers = new ArrayList<>(
                List.of("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", ALLOW, "Allow", ALLOW));
        if (requested != null && requested.length() <= 256) {
            headers.addAll(List.of("Access-Control-Allow-Headers", requested));
        }
        headers.addAll(List.of("Access-Control-Max-Age", "86400"));
        return Answer.of(204, null, null, headers.toArray(String[]::new));
    }

    /**
     * RFC 7517 section 8.5.1 registers application/jwk-set+json, and kube-apiserver serves only that (406 for
     * a client that accepts only application/json). We answer application/json to clients that prefer it. Accept
     * is read as RFC 9110 section 12.5.1 defines it: media ranges compared case-insensitively, parameters
     * ignored, by descending quality ({@code q=0}: not acceptable), the first listed winning a tie.
     */
    static String jwksType(String accept) {
        if (accept == null) {
            return MediaTypes.JWK_SET;
        }
        QuotedQualityCSV ranges = new QuotedQualityCSV();
        ranges.addValue(accept);
        for (String range : ranges.getValues()) {
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon))
                    .strip()
                    .toLowerCase(Locale.ROOT);
            if (type.equals(MediaTypes.JSON)) {
                return MediaTypes.JSON;
            }
            if (type.equals(MediaTypes.JWK_SET) || type.equals("application/*") || type.equals("*/*")) {
                return MediaTypes.JWK_SET;
            }
        }
        return MediaTypes.JWK_SET;
    }

    /** RFC 9110 section 13.1.2: a list of entity tags or "*"; weak comparison is allowed for If-None-Match. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static ByteBuffer constant(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }
}
