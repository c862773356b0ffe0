package dev.saissuer.conformance;

import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.stores.AzuriteServer;
import dev.saissuer.testkit.stores.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real object store over https with a certificate from the test CA, as {@code sa-issuer publish} writes to it
 * and as relying parties read it anonymously: where {@code --to} points, the publisher's credentials and flags,
 * and the https URL of a prefix (the issuer).
 */
interface PublishedStore extends AutoCloseable {
    /** The {@code --to} of a prefix. */
    String to(String prefix);

    /** The https URL the public reads the prefix's objects at: the issuer. */
    String issuer(String prefix);

    /** The publisher's environment: the store's credentials, as its SDK's default chain reads them. */
    Map<String, String> environment();

    /** Flags besides {@code --to}: the endpoint. */
    List<String> flags();

    @Override
    void close();

    /** {@code publish} to a prefix of this store, its issuer, with these key files and a 60 s max-age, then extra flags. */
    default String[] publishArgs(String prefix, Path keyFiles, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "publish",
                "--to",
                to(prefix),
                "--service-account-issuer",
                issuer(prefix),
                "--service-account-key-file",
                keyFiles.toString(),
                "--cache-max-age",
                "60s"));
        args.addAll(flags());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * s3proxy: the publisher signs against one instance; relying parties read the same files from a second one
     * that answers anyone ({@code s3proxy.authorization=none}), standing in for a bucket policy granting public
     * read of the two objects.
     */
    static PublishedStore s3(Path dir, TestCa ca) throws IOException {
        return s3(dir, ca, null);
    }

    /**
     * As {@link #s3(Path, TestCa)}, the public reading the bucket virtual-hosted, at the root of a host of its own
     * ({@code https://issuer-bucket.VIRTUAL_HOST:PORT}, as {@code https://BUCKET.s3.REGION.amazonaws.com}); the
     * publisher still writes path-style through {@code --endpoint}. Readers resolve the name through a hosts file.
     */
    static PublishedStore s3VirtualHosted(Path dir, TestCa ca, String virtualHost) throws IOException {
        return s3(dir, ca, virtualHost);
    }

    private static PublishedStore s3(Path dir, TestCa ca, String virtualHost) throws IOException {
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        S3ProxyServer signing = S3ProxyServer.start(dir, data, false, ca);
        S3ProxyServer anonymous = null;
        try {
            anonymous = S3ProxyServer.start(dir, data, true, ca, virtualHost);
            signing.createBucket(S3.BUCKET);
            return new S3(
                    signing,
                    anonymous,
                    virtualHost == null
                            ? anonymous.endpoint() + "/" + S3.BUCKET
                            : anonymous.bucketEndpoint(S3.BUCKET).toString());
        } catch (RuntimeException | Error e) {
            if (anonymous != null) {
                anonymous.close();
            }
            signing.close();
            throw e;
        }
    }

    /** Azurite: a container whose blobs anyone may read (public access level "blob"), as a public container. */
    static PublishedStore azure(Path dir, TestCa ca) throws IOException {
        AzuriteServer server = AzuriteServer.start(dir, ca);
        try {
            server.createContainer(Azure.CONTAINER, true);
            return new Azure(server);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** {@code bucketUrl}: where the public reads the bucket's root, path-style or virtual-hosted. */
    record S3(S3ProxyServer signing, S3ProxyServer anonymous, String bucketUrl) implements PublishedStore {
        static final String BUCKET = "issuer-bucket";

        @Override
        public String to(String prefix) {
            return "s3://" + BUCKET + "/" + prefix;
        }

        @Override
        public String issuer(String prefix) {
            return bucketUrl + "/" + prefix;
        }

        @Override
        public Map<String, String> environment() {
            return S3ProxyServer.publisherEnvironment(S3ProxyServer.SECRET_KEY);
        }

        @Override
        public List<String> flags() {
            return List.of("--endpoint", signing.endpoint().toString());
        }

        @Override
        public void close() {
            anonymous.close();
            signing.close();
        }
    }

    record Azure(AzuriteServer server) implements PublishedStore {
        static final String CONTAINER = "issuer-container";

        @Override
        public String to(String prefix) {
            return "azblob://" + CONTAINER + "/" + prefix;
        }

        @Override
        public String issuer(String prefix) {
            return server.endpoint() + "/" + CONTAINER + "/" + prefix;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("AZURE_STORAGE_CONNECTION_STRING", server.connectionString());
        }

        @Override
        public List<String> flags() {
            return List.of();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
