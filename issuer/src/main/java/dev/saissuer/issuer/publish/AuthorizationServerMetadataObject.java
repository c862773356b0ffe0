package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;

/**
 * Where {@code --oauth-metadata} puts the RFC 8414 document. RFC 8414, section 3 inserts
 * {@code /.well-known/oauth-authorization-server} between the host and the issuer's path, so the document lies
 * outside the issuer's path, and inside the bucket only when the bucket's root is the root of the issuer's host:
 * virtual-hosted S3 ({@code https://BUCKET.s3.REGION.amazonaws.com/PREFIX}), a CDN or custom domain on the bucket
 * root, an Azure static website ({@code $web}). Then the issuer's path is {@code /PREFIX} and the object is
 * {@code .well-known/oauth-authorization-server/PREFIX} at the bucket's root. Where the bucket is served below
 * the host (path-style S3, an Azure container URL, Google Cloud Storage's
 * {@code storage.googleapis.com/BUCKET}, a CDN that rewrites paths) the issuer's path holds more than the prefix,
 * the document's URL falls in no bucket of ours, and the flag is refused before any store is contacted.
 */
final class AuthorizationServerMetadataObject {
    private AuthorizationServerMetadataObject() {}

    /** The object key at the bucket's root, or a one-line refusal naming the flag and the URL it would need. */
    static String key(StoreLocation location, IssuerUrl issuer) {
        String expected = location.prefix().isEmpty() ? "" : "/" + location.prefix();
        if (!issuer.basePath().equals(expected)) {
            String url = issuer.uri().getScheme() + "://" + issuer.uri().getRawAuthority()
                    + issuer.authorizationServerMetadataPath();
            throw new BadInputException("--oauth-metadata: the RFC 8414 document of " + issuer.value()
                    + " is fetched from " + url + ", outside " + location.kind().scheme() + "://"
                    + location.container() + ": the issuer's path \""
                    + issuer.basePath() + "\" is not \"" + expected + "\" (the --to prefix), so the bucket is not"
                    + " served at the root of the issuer's host; serve the bucket at a host of its own"
                    + " (virtual-hosted S3, a CDN or custom domain on the bucket root, an Azure static website)"
                    + " with the issuer https://HOST" + expected + ", or drop --oauth-metadata");
        }
        return issuer.authorizationServerMetadataPath().substring(1);
    }
}
