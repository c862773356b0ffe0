package dev.saissuer.keys;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * One immutable rendering of everything sa-issuer publishes: the discovery document and the JWKS as bytes,
 * each with a digest of its bytes (the same on every replica for the same keys and issuer), and the keys
 * they were rendered from. Rendered once per change, never per request.
 */
public record IssuerDocuments(IssuerUrl issuer, URI jwksUri, List<LoadedKey> keys, Rendered discovery, Rendered jwks) {

    /** Bytes and the unpadded base64url SHA-256 of those bytes. */
    public record Rendered(byte[] bytes, String sha256) {
        static Rendered of(byte[] bytes) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Rendered(
                        bytes, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }
    }

    public static IssuerDocuments render(IssuerUrl issuer, URI jwksUri, List<LoadedKey> keys) {
        if (keys.isEmpty()) {
            throw new BadInputException("no keys to publish");
        }
        List<LoadedKey> copy = List.copyOf(keys);
        return new IssuerDocuments(
                issuer,
                jwksUri,
                copy,
                Rendered.of(DiscoveryDocument.render(issuer, jwksUri, copy)),
                Rendered.of(JwksDocument.render(copy)));
    }
}
