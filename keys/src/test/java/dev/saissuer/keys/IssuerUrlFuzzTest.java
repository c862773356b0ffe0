package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link IssuerUrl#parse} and {@link IssuerUrl#parseJwksUri}, with and without
 * {@code --insecure-http-loopback}. Any string is either refused with a one-line {@link BadInputException} or
 * accepted as an absolute https (or loopback http) URL without query, fragment or user info, whose derived paths
 * and discovery document are well formed and carry the issuer byte for byte.
 */
class IssuerUrlFuzzTest {

    @FuzzTest
    void fuzzIssuerAndJwksUri(byte[] input) {
        for (String text : FuzzInputs.readings(input)) {
            for (boolean allowHttpLoopback : new boolean[] {false, true}) {
                checkIssuer(text, allowHttpLoopback);
                checkJwksUri(text, allowHttpLoopback);
            }
        }
    }

    private static void checkIssuer(String text, boolean allowHttpLoopback) {
        IssuerUrl issuer;
        try {
            issuer = IssuerUrl.parse(text, allowHttpLoopback);
        } catch (BadInputException refusal) {
            LoaderContract.requireOneLineRefusal(refusal);
            return;
        }
        assertEquals(text, issuer.value(), "the issuer is kept exactly as configured");
        assertEquals(
                text,
                new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                "an accepted issuer survives UTF-8, the encoding of every token's iss claim");
        requireAcceptable(issuer.uri(), allowHttpLoopback);
        assertTrue(issuer.discoveryPath().startsWith("/")
                && issuer.discoveryPath().endsWith(IssuerUrl.OPENID_CONFIGURATION_SUFFIX));
        assertTrue(issuer.authorizationServerMetadataPath().startsWith(IssuerUrl.OAUTH_AUTHORIZATION_SERVER_PREFIX));
        URI jwksUri = issuer.defaultJwksUri();
        assertEquals(
                jwksUri,
                IssuerUrl.parseJwksUri(jwksUri.toString(), allowHttpLoopback),
                "the default jwks_uri passes the same validation");
        byte[] discovery = DiscoveryDocument.render(issuer, jwksUri, List.of());
        var json = LoaderContract.parseJson(discovery);
        assertEquals(text, json.get("issuer").asText(), "discovery carries the issuer byte for byte");
        assertEquals(jwksUri.toString(), json.get("jwks_uri").asText());
    }

    private static void checkJwksUri(String text, boolean allowHttpLoopback) {
        try {
            requireAcceptable(IssuerUrl.parseJwksUri(text, allowHttpLoopback), allowHttpLoopback);
            assertEquals(
                    text,
                    new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    "an accepted jwks_uri survives UTF-8");
        } catch (BadInputException refusal) {
            LoaderContract.requireOneLineRefusal(refusal);
        }
    }

    private static void requireAcceptable(URI uri, boolean allowHttpLoopback) {
        assertTrue(uri.isAbsolute() && uri.getHost() != null, "absolute with a host: " + uri);
        assertTrue(
                uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null,
                "no query, fragment or user info: " + uri);
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        assertTrue(scheme.equals("https") || (allowHttpLoopback && scheme.equals("http")), "scheme of " + uri);
    }
}
