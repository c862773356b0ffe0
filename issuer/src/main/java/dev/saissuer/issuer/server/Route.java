package dev.saissuer.issuer.server;

/** What a path serves, on either listener; also the {@code route} label of the request metric. */
enum Route {
    DISCOVERY,
    OAUTH_METADATA,
    JWKS,
    HEALTHZ,
    READYZ,
    METRICS,
    STATUS,
    NOT_FOUND;

    /** The published documents: cacheable, CORS-enabled, answered to OPTIONS with a preflight. */
    boolean document() {
        return this == DISCOVERY || this == OAUTH_METADATA || this == JWKS;
    }
}
