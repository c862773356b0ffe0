package dev.saissuer.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.saissuer.keys.DiscoveryDocument;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.JwksDocument;
import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A tiny HTTPS issuer on loopback that serves the documents sa-issuer's keys library renders, with one
 * {@link Defect} planted, so that each defect can be shown to be caught by the check named for it.
 */
final class FixtureIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer https;
    private final HttpServer http;
    private final String issuer;
    private final String basePath;
    private final Defect defect;
    private final byte[] discovery;
    private final byte[] jwks;
    private final SigningKey signingKey;

    private FixtureIssuer(TestPki pki, Path keyFile, String path, Defect defect, boolean publicName)
            throws IOException, GeneralSecurityException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.https = HttpsServer.create(new InetSocketAddress(loopback, 0), 16);
        this.https.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        this.http = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
        this.defect = defect;
        this.basePath = defect.pathPrefix() + path;
        this.issuer = publicName
                ? defect.publicOrigin() + basePath
                : "https://localhost:" + https.getAddress().getPort() + basePath;
        this.signingKey = TestKeys.write(defect.keyType, keyFile);
        // sa-issuer renders https issuers only; the http one is planted afterwards.
        IssuerUrl issuerUrl = IssuerUrl.parse(issuer.replaceFirst("^http://", "https://"), false);
        ObjectNode discoveryJson = (ObjectNode) JSON.readTree(
                DiscoveryDocument.render(issuerUrl, issuerUrl.defaultJwksUri(), List.of(signingKey.publicHalf())));
        ObjectNode jwksJson = (ObjectNode) JSON.readTree(JwksDocument.render(List.of(signingKey.publicHalf())));
        plant(discoveryJson, jwksJson);
        this.discovery = JSON.writeValueAsBytes(discoveryJson);
        this.jwks = JSON.writeValueAsBytes(jwksJson);
        https.createContext("/", this::handle);
        http.createContext("/", this::handle);
        https.start();
        http.start();
    }

    static FixtureIssuer start(TestPki pki, Path keyFile, String path, Defect defect) {
        return start(pki, keyFile, path, defect, false);
    }

    /**
     * With publicName, the issuer is named like a public one ({@link Defect#publicOrigin()}, no port) and reached
     * through {@link #proxy()}, which forwards every connection to this fixture.
     */
    static FixtureIssuer start(TestPki pki, Path keyFile, String path, Defect defect, boolean publicName) {
        try {
            return new FixtureIssuer(pki, keyFile, path, defect, publicName);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the fixture issuer", e);
        }
    }

    String issuer() {
        return issuer;
    }

    /** A proxy that forwards CONNECT to this fixture's https port and plain requests to its http port. */
    ForwardingProxy proxy() {
        return ForwardingProxy.start(
                https.getAddress().getPort(), http.getAddress().getPort());
    }

    SigningKey signingKey() {
        return signingKey;
    }

    private void plant(ObjectNode discoveryJson, ObjectNode jwksJson) {
        ObjectNode key = (ObjectNode) jwksJson.get("keys").get(0);
        switch (defect) {
            case MISMATCHED_ISSUER -> discoveryJson.put("issuer", issuer + "/");
            // A random stand-in for a private exponent: the kit must catch the member, whatever its value.
            case PRIVATE_KEY_MEMBER -> key.put("d", base64url(randomBytes(256)));
            case MISSING_SUBJECT_TYPES -> discoveryJson.remove("subject_types_supported");
            case DUPLICATE_KIDS -> ((ArrayNode) jwksJson.get("keys")).add(key.deepCopy());
            case RFC7638_THUMBPRINT_KID -> key.put("kid", thumbprint(key));
            case HTTP_JWKS_URI ->
                discoveryJson.put(
                        "jwks_uri",
                        "http://localhost:" + http.getAddress().getPort()
                                + URI.create(discoveryJson.get("jwks_uri").asText())
                                        .getRawPath());
            case EC_COORDINATE_LENGTH ->
                key.put(
                        "x",
                        base64url(prependZero(
                                Base64.getUrlDecoder().decode(key.get("x").asText()))));
            case RSA_LEADING_ZERO ->
                key.put(
                        "n",
                        base64url(prependZero(
                                Base64.getUrlDecoder().decode(key.get("n").asText()))));
            case RABBITMQ_310_IP_JWKS_HOST ->
                discoveryJson.put(
                        "jwks_uri",
                        "https://127.0.0.1"
                                + URI.create(discoveryJson.get("jwks_uri").asText())
                                        .getRawPath());
            case GO_OIDC_NO_SUPPORTED_ALG -> discoveryJson.putArray("id_token_signing_alg_values_supported");
            case VAULT_DISCOVERY_ISSUER -> discoveryJson.put("issuer", issuer + "/");
            case RABBITMQ_4_HTTP_ISSUER -> {
                discoveryJson.put("issuer", issuer);
                discoveryJson.put("jwks_uri", issuer + IssuerUrl.DEFAULT_JWKS_SUFFIX);
            }
            case ALG_LIST_NOT_FROM_KEYS ->
                discoveryJson
                        .putArray("id_token_signing_alg_values_supported")
                        .add("ES256")
                        .add("RS256");
            default -> {
                // The other defects are in how the documents are served, not in what they say.
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            String mediaType;
            int status = 200;
            if (path.equals(basePath + "/.well-known/openid-configuration")) {
                body = discovery;
                mediaType = defect == Defect.DISCOVERY_MEDIA_TYPE ? "text/html" : "application/json";
                if (defect == Defect.STATUS_203) {
                    status = 203;
                } else if (defect == Defect.REDIRECT) {
                    exchange.getResponseHeaders().set("Location", basePath + "/elsewhere");
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
            } else if (path.equals(basePath + "/openid/v1/jwks")) {
                body = jwks;
                mediaType = defect == Defect.JWKS_MEDIA_TYPE ? "text/plain; charset=utf-8" : "application/jwk-set+json";
            } else if (path.equals("/.well-known/oauth-authorization-server" + basePath)) {
                body = defect == Defect.RFC8414_ISSUER
                        ? JSON.writeValueAsBytes(
                                Map.of("issuer", "https://elsewhere.example", "jwks_uri", issuer + "/openid/v1/jwks"))
                        : discovery;
                mediaType = "application/json";
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", mediaType);
            if (defect != Defect.MISSING_CACHE_CONTROL) {
                exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String thumbprint(ObjectNode key) {
        try {
            return JWK.parse(key.toString()).computeThumbprint().toString();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] prependZero(byte[] bytes) {
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 1, bytes.length);
        return longer;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        https.stop(0);
        http.stop(0);
    }
}
