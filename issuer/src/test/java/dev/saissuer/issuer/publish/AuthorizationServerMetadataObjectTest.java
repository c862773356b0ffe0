package dev.saissuer.issuer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8414, section 3: the RFC 8414 document of {@code https://HOST/PATH} is at
 * {@code https://HOST/.well-known/oauth-authorization-server/PATH}, which a bucket holds only when it is served
 * at the root of HOST, that is when the issuer's path is the --to prefix.
 */
class AuthorizationServerMetadataObjectTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "virtual-hosted S3                  | https://issuer-bucket.s3.eu-west-1.amazonaws.com/clusters/prod  | s3://issuer-bucket/clusters/prod | .well-known/oauth-authorization-server/clusters/prod",
                "virtual-hosted S3, trailing slash  | https://issuer-bucket.s3.eu-west-1.amazonaws.com/clusters/prod/ | s3://issuer-bucket/clusters/prod | .well-known/oauth-authorization-server/clusters/prod",
                "--to with a trailing slash         | https://issuer-bucket.s3.eu-west-1.amazonaws.com/prod           | s3://issuer-bucket/prod/         | .well-known/oauth-authorization-server/prod",
                "CDN on the bucket root, no prefix  | https://issuer.example.com                                      | s3://issuer-bucket               | .well-known/oauth-authorization-server",
                "CDN on the bucket root, slash      | https://issuer.example.com/                                     | s3://issuer-bucket/              | .well-known/oauth-authorization-server",
                "custom domain with a port          | https://issuer.example.com:8443/a/b                             | s3://issuer-bucket/a/b           | .well-known/oauth-authorization-server/a/b",
                "Azure static website               | https://account.z6.web.core.windows.net/prod                    | azblob://$web/prod               | .well-known/oauth-authorization-server/prod",
            })
    void rootMappedIssuerPutsTheDocumentAtTheBucketRoot(String shape, String issuer, String to, String key) {
        StoreLocation location = StoreLocation.parse(to);
        PublishLayout layout = layout(location, issuer, true);
        assertEquals(Optional.of(key), layout.authorizationServerMetadataKey(), shape);
        // The object is where serve serves it: the URL path without its leading slash.
        assertEquals(
                IssuerUrl.parse(issuer, false).authorizationServerMetadataPath(),
                "/" + layout.authorizationServerMetadataKey().orElseThrow());
        assertEquals(location.key(IssuerUrl.OPENID_CONFIGURATION_SUFFIX), layout.discoveryKey());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "path-style S3             | https://s3.eu-west-1.amazonaws.com/issuer-bucket/clusters/prod  | s3://issuer-bucket/clusters/prod | https://s3.eu-west-1.amazonaws.com/.well-known/oauth-authorization-server/issuer-bucket/clusters/prod | /issuer-bucket/clusters/prod | /clusters/prod",
                "path-style S3, slash      | https://s3.eu-west-1.amazonaws.com/issuer-bucket/clusters/prod/ | s3://issuer-bucket/clusters/prod | https://s3.eu-west-1.amazonaws.com/.well-known/oauth-authorization-server/issuer-bucket/clusters/prod | /issuer-bucket/clusters/prod | /clusters/prod",
                "path-style S3, no prefix  | https://s3.eu-west-1.amazonaws.com/issuer-bucket                | s3://issuer-bucket               | https://s3.eu-west-1.amazonaws.com/.well-known/oauth-authorization-server/issuer-bucket               | /issuer-bucket               | ''",
                "Azure container URL       | https://account.blob.core.windows.net/issuer/prod               | azblob://issuer/prod             | https://account.blob.core.windows.net/.well-known/oauth-authorization-server/issuer/prod               | /issuer/prod                 | /prod",
                "Google Cloud Storage      | https://storage.googleapis.com/issuer-bucket/prod               | s3://issuer-bucket/prod          | https://storage.googleapis.com/.well-known/oauth-authorization-server/issuer-bucket/prod               | /issuer-bucket/prod          | /prod",
                "CDN that rewrites paths   | https://issuer.example.com/                                     | s3://issuer-bucket/prod          | https://issuer.example.com/.well-known/oauth-authorization-server                                      | ''                           | /prod",
                "prefix of another depth   | https://issuer.example.com/prod                                 | s3://issuer-bucket/clusters/prod | https://issuer.example.com/.well-known/oauth-authorization-server/prod                                 | /prod                        | /clusters/prod",
            })
    void issuerBelowTheBucketRootIsRefusedInOneLine(
            String shape, String issuer, String to, String url, String path, String prefix) {
        StoreLocation location = StoreLocation.parse(to);
        String message = assertThrows(BadInputException.class, () -> layout(location, issuer, true))
                .getMessage();
        assertEquals(
                "--oauth-metadata: the RFC 8414 document of " + issuer + " is fetched from " + url + ", outside "
                        + location.kind().scheme() + "://" + location.container() + ": the issuer's path \"" + path
                        + "\" is not \"" + prefix + "\" (the --to prefix), so the bucket is not served at the root"
                        + " of the issuer's host; serve the bucket at a host of its own (virtual-hosted S3, a CDN or"
                        + " custom domain on the bucket root, an Azure static website) with the issuer https://HOST"
                        + prefix + ", or drop --oauth-metadata",
                message,
                shape);
        assertEquals(1, message.lines().count());
    }

    /** Without the flag, any issuer shape publishes the two documents and nothing at the bucket's root. */
    @Test
    void withoutTheFlagThereIsNoSuchObjectWhateverTheIssuer() {
        PublishLayout layout = layout(
                StoreLocation.parse("s3://issuer-bucket/prod"),
                "https://s3.eu-west-1.amazonaws.com/issuer-bucket/prod",
                false);
        assertEquals(Optional.empty(), layout.authorizationServerMetadataKey());
        assertEquals("prod/.well-known/openid-configuration", layout.discoveryKey());
    }

    private static PublishLayout layout(StoreLocation location, String issuer, boolean oauthMetadata) {
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        return PublishLayout.of(location, url, url.defaultJwksUri(), oauthMetadata);
    }
}
