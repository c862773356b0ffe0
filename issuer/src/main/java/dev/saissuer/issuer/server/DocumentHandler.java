package dev.saissuer.issuer.server;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.keys.IssuerDocuments;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers every request from the current snapshot's pre-rendered bytes: routes are exact raw paths (so
 * encoded or trailing-slash variants are 404), GET and HEAD get the document, OPTIONS a CORS preflight,
 * anything else 405 with {@code Allow}. No JSON work happens here.
 */
final class DocumentHandler {
    /** What a path serves. */
    enum Route { DISCOVERY, OAUTH_METADATA, JWKS, HEALTHZ, READYZ, METRICS, STATUS, NOT_FOUND }

    static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "not ready: no key set published\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "404 Not Found\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_ALLOWED = "405 Method Not Allowed\n".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<Snapshot> snapshots;
    private final Map<String, Route> publicRoutes = new HashMap<>();
    private final Map<String, Route> adminRoutes = new HashMap<>();
    private final IssuerMetrics metrics;
    private final Supplier<byte[]> status;
    private volatile int adminPort = -1;

    DocumentHandler(ServeConfig config, Supplier<Snapshot> snapshots, IssuerMetrics metrics, Supplier<byte[]> status) {
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

    void adminPort(int port) {
        this.adminPort = port;
    }

    void handle(Context ctx) throws IOException {
        HttpServletRequest req = ctx.req();
        HttpServletResponse res = ctx.res();
        boolean admin = req.getLocalPort() == adminPort;
        Route route = (admin ? adminRoutes : publicRoutes).getOrDefault(req.getRequestURI(), Route.NOT_FOUND);
        int status = respond(route, req, res);
        metrics.countRequest(route, status);
        ctx.skipRemainingHandlers();
    }

    private int respond(Route route, HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (route == Route.NOT_FOUND) {
            return write(res, 404, "text/plain; charset=utf-8", NOT_FOUND, req);
        }
        String method = req.getMethod();
        boolean document = route == Route.DISCOVERY || route == Route.OAUTH_METADATA || route == Route.JWKS;
        if (method.equals("OPTIONS") && document) {
            return preflight(req, res);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            res.setHeader("Allow", document ? ALLOW : "GET, HEAD");
            return write(res, 405, "text/plain; charset=utf-8", NOT_ALLOWED, req);
        }
        Snapshot snapshot = snapshots.get();
        res.setHeader("X-Content-Type-Options", "nosniff");
        switch (route) {
            case DISCOVERY, OAUTH_METADATA:
                return document(req, res, snapshot, snapshot.documents().discovery(), snapshot.discoveryEtag(), MediaTypes.JSON);
            case JWKS:
                res.setHeader("Vary", "Accept");
                return document(req, res, snapshot, snapshot.documents().jwks(), snapshot.jwksEtag(), jwksType(req.getHeader("Accept")));
            case READYZ:
                res.setHeader("Cache-Control", "no-store");
                return snapshot == null ? write(res, 503, "text/plain; charset=utf-8", NOT_READY, req)
                        : write(res, 200, "text/plain; charset=utf-8", OK, req);
            case METRICS:
                res.setHeader("Cache-Control", "no-store");
                return write(res, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), req);
            case STATUS:
                res.setHeader("Cache-Control", "no-store");
                return write(res, 200, MediaTypes.JSON, status.get(), req);
            default:
                res.setHeader("Cache-Control", "no-store");
                return write(res, 200, "text/plain; charset=utf-8", OK, req);
        }
    }

    private static int document(HttpServletRequest req, HttpServletResponse res, Snapshot snapshot,
                                IssuerDocuments.Rendered rendered, String etag, String type) throws IOException {
        res.setHeader("Access-Control-Allow-Origin", "*");
        res.setHeader("Cache-Control", snapshot.cacheControl());
        res.setHeader("ETag", etag);
        if (matches(req.getHeader("If-None-Match"), etag)) {
            res.setStatus(304);
            return 304;
        }
        return write(res, 200, type, rendered.bytes(), req);
    }

    private static int preflight(HttpServletRequest req, HttpServletResponse res) {
        res.setHeader("Access-Control-Allow-Origin", "*");
        res.setHeader("Access-Control-Allow-Methods", ALLOW);
        String requested = req.getHeader("Access-Control-Request-Headers");
        if (requested != null && requested.length() <= 256) {
            res.setHeader("Access-Control-Allow-Headers", requested);
        }
        res.setHeader("Access-Control-Max-Age", "86400");
        res.setHeader("Allow", ALLOW);
        res.setContentType(null);
        res.setStatus(204);
        return 204;
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

    private static int write(HttpServletResponse res, int status, String type, byte[] body, HttpServletRequest req)
            throws IOException {
        res.setStatus(status);
        res.setContentType(type);
        res.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            res.getOutputStream().write(body);
        }
        return status;
    }
}
