package dev.saissuer.issuer.server;

import dev.saissuer.issuer.MediaTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one place that decides what a request gets: routes are exact raw paths (so encoded or trailing-slash
 * variants are 404), GET and HEAD get the document, OPTIONS a CORS preflight, anything else 405 with
 * {@code Allow}. Answers come from the current snapshot's pre-rendered bytes; no JSON work happens here.
 * Two transports write the answers: {@link CoreDocumentHandler} (documents, on Jetty's core API) and
 * {@link DocumentHandler} (everything else, through Javalin).
 */
final class Responder {
    static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final ByteBuffer OK = constant("ok\n");
    private static final ByteBuffer NOT_READY = constant("not ready: no key set published\n");
    private static final ByteBuffer NOT_FOUND = constant("404 Not Found\n");
    private static final ByteBuffer NOT_ALLOWED = constant("405 Method Not Allowed\n");

    private final Supplier<Snapshot> snapshots;
    private final Map<String, Route> publicRoutes = new HashMap<>();
    private final Map<String, Route> adminRoutes = new HashMap<>();
    private final Supplier<byte[]> metrics;
    private final Supplier<byte[]> status;

    Responder(ServeConfig config, Supplier<Snapshot> snapshots, Supplier<byte[]> metrics, Supplier<byte[]> status) {
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.status = status;
        publicRoutes.put(config.issuer().discoveryPath(), Route.DISCOVERY);
        publicRoutes.put(config.issuer().authorizationServerMetadataPath(), Route.OAUTH_METADATA);
        publicRoutes.put(config.jwksUri().getRawPath(), Route.JWKS);
        publicRoutes.putIfAbsent("/healthz", Route.HEALTHZ);
        publicRoutes.putIfAbsent("/readyz", Route.READYZ);
        adminRoutes.put("/metrics", Route.METRICS);
        adminRoutes.put("/status", Route.STATUS);
        adminRoutes.put("/healthz", Route.HEALTHZ);
        adminRoutes.put("/readyz", Route.READYZ);
    }

    Route route(boolean admin, String rawPath) {
        return (admin ? adminRoutes : publicRoutes).getOrDefault(rawPath, Route.NOT_FOUND);
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
        Snapshot snapshot = snapshots.get();
        switch (route) {
            case DISCOVERY, OAUTH_METADATA:
                return document(
                        snapshot,
                        snapshot.discoveryBody(),
                        snapshot.discoveryEtag(),
                        MediaTypes.JSON,
                        header.apply("If-None-Match"),
                        null);
            case JWKS:
                return document(
                        snapshot,
                        snapshot.jwksBody(),
                        snapshot.jwksEtag(),
                        jwksType(header.apply("Accept")),
                        header.apply("If-None-Match"),
                        "Accept");
            case READYZ:
                return snapshot == null
                        ? Answer.of(
                                503, TEXT, NOT_READY, "X-Content-Type-Options", "nosniff", "Cache-Control", "no-store")
                        : Answer.of(200, TEXT, OK, "X-Content-Type-Options", "nosniff", "Cache-Control", "no-store");
            case METRICS:
                return Answer.of(
                        200,
                        "text/plain; version=0.0.4; charset=utf-8",
                        ByteBuffer.wrap(metrics.get()),
                        "X-Content-Type-Options",
                        "nosniff",
                        "Cache-Control",
                        "no-store");
            case STATUS:
                return Answer.of(
                        200,
                        MediaTypes.JSON,
                        ByteBuffer.wrap(status.get()),
                        "X-Content-Type-Options",
                        "nosniff",
                        "Cache-Control",
                        "no-store");
            default:
                return Answer.of(200, TEXT, OK, "X-Content-Type-Options", "nosniff", "Cache-Control", "no-store");
        }
    }

    private static Answer document(
            Snapshot snapshot, ByteBuffer body, String etag, String type, String ifNoneMatch, String vary) {
        String[] headers = vary == null
                ? new String[] {
                    "X-Content-Type-Options",
                    "nosniff",
                    "Access-Control-Allow-Origin",
                    "*",
                    "Cache-Control",
                    snapshot.cacheControl(),
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
                    snapshot.cacheControl(),
                    "ETag",
                    etag
                };
        if (matches(ifNoneMatch, etag)) {
            return new Answer(304, null, headers, null);
        }
        return new Answer(200, type, headers, body);
    }

    private static Answer preflight(String requested) {
        boolean echo = requested != null && requested.length() <= 256;
        return echo
                ? Answer.of(
                        204,
                        null,
                        null,
                        "Access-Control-Allow-Origin",
                        "*",
                        "Access-Control-Allow-Methods",
                        ALLOW,
                        "Access-Control-Allow-Headers",
                        requested,
                        "Access-Control-Max-Age",
                        "86400",
                        "Allow",
                        ALLOW)
                : Answer.of(
                        204,
                        null,
                        null,
                        "Access-Control-Allow-Origin",
                        "*",
                        "Access-Control-Allow-Methods",
                        ALLOW,
                        "Access-Control-Max-Age",
                        "86400",
                        "Allow",
                        ALLOW);
    }

    /**
     * RFC 7517 section 8.5.1 registers application/jwk-set+json, and kube-apiserver serves only that (406 for
     * a client that accepts only application/json). We answer application/json to such clients instead.
     */
    static String jwksType(String accept) {
        if (accept == null || accept.indexOf("application/json") < 0 || accept.contains(MediaTypes.JWK_SET)) {
            return MediaTypes.JWK_SET;
        }
        return MediaTypes.JSON;
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

    private static ByteBuffer constant(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }
}
