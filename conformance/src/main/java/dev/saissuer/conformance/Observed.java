package dev.saissuer.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the kit fetched from an issuer: the discovery document at the OpenID Connect Discovery 1.0 section 4
 * location, the JWK Set at its jwks_uri, and the RFC 8414 section 3 document; parsed where they parse.
 */
record Observed(
        String issuer,
        Fetched discovery,
        Map<String, Object> discoveryJson,
        String discoveryError,
        Fetched jwks,
        Map<String, Object> jwksJson,
        String jwksError,
        Fetched authorizationServer) {

    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    static final String OAUTH_AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";

    /** OpenID Connect Discovery 1.0, section 4: remove a terminating "/" from the issuer, then append the suffix. */
    static URI discoveryUri(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + OPENID_CONFIGURATION);
    }

    /** RFC 8414, section 3: the well-known suffix goes between the host and the issuer's path. */
    static URI authorizationServerUri(String issuer) {
        URI uri = URI.create(issuer);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + OAUTH_AUTHORIZATION_SERVER + path);
    }

    static Observed fetch(String issuer, HttpFetcher http) {
        Fetched discovery = http.get(discoveryUri(issuer));
        Map<String, Object> discoveryJson = null;
        String discoveryError = null;
        if (!discovery.answered()) {
            discoveryError = discovery.describe();
        } else {
            try {
                discoveryJson = Json.object(discovery.bodyText());
            } catch (JsonProcessingException e) {
                discoveryError = "not a JSON object (" + e.getOriginalMessage() + ")";
            }
        }
        Fetched jwks = null;
        Map<String, Object> jwksJson = null;
        String jwksError = "no jwks_uri to fetch: discovery document unavailable";
        if (discoveryJson != null && discoveryJson.get("jwks_uri") instanceof String jwksUri) {
            URI uri;
            try {
                uri = new URI(jwksUri);
                jwks = http.get(uri);
                jwksError = null;
                if (!jwks.answered()) {
                    jwksError = jwks.describe();
                } else {
                    jwksJson = Json.object(jwks.bodyText());
                }
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                jwksError = "jwks_uri " + Json.show(jwksUri) + " is not a URL";
            } catch (JsonProcessingException e) {
                jwksError = "JWK Set is not a JSON object (" + e.getOriginalMessage() + ")";
            }
        } else if (discoveryJson != null) {
            jwksError = "discovery document has no string jwks_uri";
        }
        Fetched authorizationServer = null;
        try {
            authorizationServer = http.get(authorizationServerUri(issuer));
        } catch (IllegalArgumentException e) {
            // An issuer that is not a URL fails the discovery checks already.
        }
        return new Observed(
                issuer, discovery, discoveryJson, discoveryError, jwks, jwksJson, jwksError, authorizationServer);
    }

    /** The members of the JWK Set's "keys" array that are JSON objects, in order. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys() {
        List<Map<String, Object>> keys = new ArrayList<>();
        if (jwksJson != null && jwksJson.get("keys") instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof Map<?, ?> map) {
                    keys.add((Map<String, Object>) map);
                }
            }
        }
        return keys;
    }
}
