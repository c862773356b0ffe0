package dev.saissuer.keys;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The issuer URL, kept exactly as configured: relying parties compare it byte for byte with a token's
 * {@code iss}, so a trailing slash is significant. Validated as kube-apiserver validates
 * {@code --service-account-issuer} for discovery: https, no query, no fragment, a path allowed.
 */
public record IssuerUrl(String value, URI uri) {
    public static final String OPENID_CONFIGURATION_SUFFIX = "/.well-known/openid-configuration";
    public static final String OAUTH_AUTHORIZATION_SERVER_PREFIX = "/.well-known/oauth-authorization-server";
    public static final String DEFAULT_JWKS_SUFFIX = "/openid/v1/jwks";

    /** Parses an issuer; {@code allowHttpLoopback} admits http on a loopback host, for local demos only. */
    public static IssuerUrl parse(String value, boolean allowHttpLoopback) {
        return new IssuerUrl(value, checkedUri("issuer URL", value, allowHttpLoopback));
    }

    /** Parses and checks an explicit jwks_uri with the same rules as the issuer. */
    public static URI parseJwksUri(String value, boolean allowHttpLoopback) {
        return checkedUri("jwks_uri", value, allowHttpLoopback);
    }

    /** The issuer path with any terminating slash removed (OpenID Connect Discovery 1.0, section 4). */
    public String basePath() {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Path of the discovery document, per OpenID Connect Discovery 1.0, section 4. */
    public String discoveryPath() {
        return basePath() + OPENID_CONFIGURATION_SUFFIX;
    }

    /** Path of the same document at the RFC 8414 section 3 location, where the suffix goes before the path. */
    public String authorizationServerMetadataPath() {
        return OAUTH_AUTHORIZATION_SERVER_PREFIX + basePath();
    }

    /** The jwks_uri sa-issuer publishes unless told otherwise: under the issuer, where sa-issuer serves it. */
    public URI defaultJwksUri() {
        String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return URI.create(base + DEFAULT_JWKS_SUFFIX);
    }

    @Override
    public String toString() {
        return value;
    }

    private static URI checkedUri(String what, String value, boolean allowHttpLoopback) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(what + " is empty");
        }
        // java.net.URI admits unpaired surrogates, which no UTF-8 token can carry in its iss claim (RFC 7519, 7.2).
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new BadInputException(what + " is not valid Unicode text (it holds an unpaired surrogate)");
        }
        String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        shown = shown.replaceAll("[^\\x20-\\x7e]", "?");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new BadInputException(what + " \"" + shown + "\" is not a valid URL: " + e.getReason());
        } catch (NumberFormatException e) {
            // Java 17's java.net.URI lets this escape for an IPv4 part too long for an int inside an IPv6 literal,
            // as in https://[::1.2.3.99999999999]; Java 25 refuses the same text with this reason.
            throw new BadInputException(what + " \"" + shown + "\" is not a valid URL: Malformed IPv4 address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new BadInputException(what + " \"" + shown + "\" must be an absolute https URL with a host");
        }
        if (uri.getRawQuery() != null) {
            throw new BadInputException(what + " \"" + shown + "\" must not have a query");
        }
        if (uri.getRawFragment() != null) {
            throw new BadInputException(what + " \"" + shown + "\" must not have a fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadInputException(what + " \"" + shown + "\" must not have user info");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && allowHttpLoopback && isLoopback(uri.getHost())) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            throw new BadInputException(
                    what + " \"" + shown
                            + "\" must use https (http on a loopback host needs --insecure-http-loopback, for local demos only)");
        }
        throw new BadInputException(what + " \"" + shown + "\" must use https");
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
