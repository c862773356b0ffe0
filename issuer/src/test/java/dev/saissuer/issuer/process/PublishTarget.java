package dev.saissuer.issuer.process;

import dev.saissuer.testkit.stores.AzuriteServer;
import dev.saissuer.testkit.stores.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A real store for {@code sa-issuer publish} process tests: where {@code --to} points, the publisher's
 * environment and flags, the public URL relying parties read the prefix at (the issuer), and direct access
 * to the objects for arranging and checking.
 */
abstract class PublishTarget implements AutoCloseable {
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An object as the public reads it: body and the two headers the publisher sets. */
    record PublicObject(int status, String body, String contentType, String cacheControl, String contentEncoding) {}

    abstract String to(String prefix);

    @Override
    public abstract void close();

    /** The environment of the publisher process: the store's credentials, as its SDK's chain reads them. */
    abstract Map<String, String> environment();

    /** Flags besides --to (the endpoint). */
    abstract List<String> flags();

    /** The issuer URL of a prefix: where relying parties read its objects anonymously. */
    abstract String issuer(String prefix);

    /** The keys of every object under the prefix. */
    abstract List<String> objects(String prefix);

    abstract void delete(String key);

    /** The ETag of an object, or null when absent. */
    abstract String etag(String key);

    /** A target whose container does not exist, for the error test. */
    abstract String missingContainerTo();

    /** The environment with credentials the store refuses. */
    abstract Map<String, String> badCredentialsEnvironment();

    /**
     * An object as the store's own client reads it, at any key of the container (status 404 when absent): for
     * objects outside the prefix, which the public URL of the prefix does not reach.
     */
    abstract PublicObject stored(String key);

    PublicObject fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new PublicObject(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Cache-Control").orElse(null),
                response.headers().firstValue("Content-Encoding").orElse(null));
    }

    /** s3proxy: the publisher signs against one instance; relying parties read the same files from an anonymous one. */
    static final class S3 extends PublishTarget {
        static final String BUCKET = "issuer-bucket";
        private final S3ProxyServer server;
        private final S3ProxyServer anonymous;

        S3(Path dir) throws IOException, InterruptedException {
            Path data = Files.createDirectories(dir.resolve("s3-data"));
            server = S3ProxyServer.start(dir, data, false);
            anonymous = S3ProxyServer.start(dir, data, true);
            server.createBucket(BUCKET);
        }

        @Override
        String to(String prefix) {
            return "s3://" + BUCKET + "/" + prefix;
        }

        @Override
        Map<String, String> environment() {
            return S3ProxyServer.publisherEnvironment(S3ProxyServer.SECRET_KEY);
        }

        @Override
        Map<String, String> badCredentialsEnvironment() {
            return S3ProxyServer.publisherEnvironment("not-the-secret");
        }

        @Override
        List<String> flags() {
            return List.of("--endpoint", server.endpoint().toString());
        }

        @Override
        String issuer(String prefix) {
            return anonymous.endpoint() + "/" + BUCKET + "/" + prefix;
        }

        @Override
        List<String> objects(String prefix) {
            try (S3Client client = server.client()) {
                List<String> keys = new ArrayList<>();
                client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix + "/"))
                        .contents()
                        .forEach(o -> keys.add(o.key()));
                return keys;
            }
        }

        @Override
        void delete(String key) {
            try (S3Client client = server.client()) {
                client.deleteObject(b -> b.bucket(BUCKET).key(key));
            }
        }

        @Override
        String etag(String key) {
            try (S3Client client = server.client()) {
                ResponseBytes<GetObjectResponse> bytes =
                        client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
                return bytes.response().eTag();
            } catch (NoSuchKeyException e) {
                return null;
            }
        }

        @Override
        String missingContainerTo() {
            return "s3://no-such-bucket/p";
        }

        @Override
        PublicObject stored(String key) {
            try (S3Client client = server.client()) {
                ResponseBytes<GetObjectResponse> bytes =
                        client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
                GetObjectResponse response = bytes.response();
                return new PublicObject(
                        200,
                        bytes.asUtf8String(),
                        response.contentType(),
                        response.cacheControl(),
                        response.contentEncoding());
            } catch (NoSuchKeyException e) {
                return new PublicObject(404, null, null, null, null);
            }
        }

        @Override
        public void close() {
            anonymous.close();
            server.close();
        }
    }

    /** Azurite: a container with public read access for blobs, as a static site or public container is. */
    static final class Azure extends PublishTarget {
        static final String CONTAINER = "issuer-container";
        private final AzuriteServer server;
        private final com.azure.storage.blob.BlobContainerClient container;

        Azure(Path dir) throws IOException, InterruptedException {
            server = AzuriteServer.start(dir);
            container = server.createContainer(CONTAINER, true);
        }

        @Override
        String to(String prefix) {
            return "azblob://" + CONTAINER + "/" + prefix;
        }

        @Override
        Map<String, String> environment() {
            return Map.of("AZURE_STORAGE_CONNECTION_STRING", server.connectionString());
        }

        @Override
        Map<String, String> badCredentialsEnvironment() {
            return Map.of(
                    "AZURE_STORAGE_CONNECTION_STRING",
                    server.connectionString(java.util.Base64.getEncoder().encodeToString(new byte[64])));
        }

        @Override
        List<String> flags() {
            return List.of();
        }

        @Override
        String issuer(String prefix) {
            return server.endpoint() + "/" + CONTAINER + "/" + prefix;
        }

        @Override
        List<String> objects(String prefix) {
            List<String> keys = new ArrayList<>();
            container
                    .listBlobs(new com.azure.storage.blob.models.ListBlobsOptions().setPrefix(prefix + "/"), null)
                    .forEach(b -> keys.add(b.getName()));
            return keys;
        }

        @Override
        void delete(String key) {
            container.getBlobClient(key).delete();
        }

        @Override
        String etag(String key) {
            com.azure.storage.blob.BlobClient blob = container.getBlobClient(key);
            return blob.exists() ? blob.getProperties().getETag() : null;
        }

        @Override
        String missingContainerTo() {
            return "azblob://no-such-container/p";
        }

        @Override
        PublicObject stored(String key) {
            com.azure.storage.blob.BlobClient blob = container.getBlobClient(key);
            if (!blob.exists()) {
                return new PublicObject(404, null, null, null, null);
            }
            com.azure.storage.blob.models.BlobProperties properties = blob.getProperties();
            return new PublicObject(
                    200,
                    blob.downloadContent().toString(),
                    properties.getContentType(),
                    properties.getCacheControl(),
                    properties.getContentEncoding());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
