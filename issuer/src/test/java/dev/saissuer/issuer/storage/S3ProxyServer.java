package dev.saissuer.issuer.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real s3proxy (an S3 API server) with its filesystem backend under a test directory, on a free loopback
 * port, signing with a fixed test identity.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "sa-issuer-test";
    public static final String SECRET_KEY = "sa-issuer-test-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final Path log;
    private final int port;

    private S3ProxyServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts s3proxy with its data under {@code dir}; a port taken between choosing and binding is retried. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, Files.createDirectories(dir.resolve("s3proxy-data")), false);
    }

    /**
     * Starts s3proxy on {@code data}; {@code anonymous}: one that answers without authentication, standing in
     * for a bucket policy that lets anyone read (relying parties fetch the documents from it).
     */
    public static S3ProxyServer start(Path dir, Path data, boolean anonymous) throws IOException, InterruptedException {
        Path jar = StoreServers.s3proxyJar();
        String name = anonymous ? "s3proxy-anonymous-" : "s3proxy-";
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = StoreServers.freePort();
            Path properties = dir.resolve(name + attempt + ".properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=" + (anonymous ? "none" : "aws-v2-or-v4"),
                            "s3proxy.identity=" + ACCESS_KEY,
                            "s3proxy.credential=" + SECRET_KEY,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + data,
                            ""),
                    StandardCharsets.UTF_8);
            Path log = dir.resolve(name + attempt + ".log");
            Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-jar",
                            jar.toString(),
                            "--properties",
                            properties.toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + StoreServers.START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && process.isAlive() && !StoreServers.accepts(port)) {
                Thread.sleep(100);
            }
            if (process.isAlive() && StoreServers.accepts(port)) {
                return new S3ProxyServer(process, log, port);
            }
            StoreServers.stop(process);
            last = new IllegalStateException("s3proxy did not start on port " + port + ":\n" + StoreServers.read(log));
        }
        throw last;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** A client with the test identity, for arranging buckets and reading what the publisher wrote. */
    public S3Client client() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                // s3proxy 2.6.0 answers 501 to the SDK's default checksum headers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public void createBucket(String name) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(name));
        }
    }

    public String log() {
        return StoreServers.read(log);
    }

    @Override
    public void close() {
        StoreServers.stop(process);
    }
}
