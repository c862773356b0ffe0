package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;
import java.net.URI;
import java.util.Optional;

/**
 * Which object holds what under {@code --to}'s prefix. The prefix stands for the issuer URL: relying parties
 * fetch {@code ISSUER/.well-known/openid-configuration} (OpenID Connect Discovery 1.0, section 4) and the
 * jwks_uri, so the objects are {@code PREFIX/.well-known/openid-configuration} and the jwks_uri's path below the
 * issuer's ({@code PREFIX/openid/v1/jwks} by default). The timeline is {@code PREFIX/.sa-issuer/timeline.json}:
 * public data only, and a read policy for the two documents never exposes it. With {@code --oauth-metadata}, the
 * RFC 8414 document is one more object, at the bucket's root ({@link AuthorizationServerMetadataObject}).
 */
public record PublishLayout(
        StoreLocation location,
        String discoveryKey,
        String jwksKey,
        String stateKey,
        Optional<String> authorizationServerMetadataKey) {
    public static final String STATE_OBJECT = StoreLocation.STATE_DIRECTORY + "/timeline.json";

    /** The layout; {@code oauthMetadata} adds the RFC 8414 document, or refuses an issuer it cannot be under. */
    public static PublishLayout of(StoreLocation location, IssuerUrl issuer, URI jwksUri, boolean oauthMetadata) {
        String issuerBase = issuer.value().endsWith("/")
                ? issuer.value().substring(0, issuer.value().length() - 1)
                : issuer.value();
        String jwks = jwksUri.toString();
        if (!jwks.startsWith(issuerBase + "/") || jwksUri.getRawQuery() != null) {
            throw new BadInputException("--service-account-jwks-uri " + jwks + " must be under the issuer URL "
                    + issuer.value() + " for publish: the bucket prefix holds the issuer's objects only");
        }
        String jwksPath = jwks.substring(issuerBase.length());
        if (jwksPath.contains("%")
                || jwksPath.contains("/../")
                || jwksPath.contains("/./")
                || jwksPath.contains("//")) {
            throw new BadInputException("--service-account-jwks-uri " + jwks + ": its path below the issuer must be "
                    + "plain segments (no escapes, no . or ..)");
        }
        return new PublishLayout(
                location,
                location.key(IssuerUrl.OPENID_CONFIGURATION_SUFFIX),
                location.key(jwksPath),
                location.key(STATE_OBJECT),
                oauthMetadata
                        ? Optional.of(AuthorizationServerMetadataObject.key(location, issuer))
                        : Optional.empty());
    }
}
