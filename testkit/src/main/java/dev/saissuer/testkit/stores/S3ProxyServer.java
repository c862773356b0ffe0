package dev.saissuer.testkit.stores;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real s3proxy (an S3 API server) with its filesystem backend under a test directory, on a free loopback port,
 * signing with a fixed test identity, or answering anyone ({@code s3proxy.authorization=none}). Over https it
 * presents a certificate from the test CA, read from a PKCS#12 key store ({@code s3proxy.secure-endpoint},
 * {@code s3proxy.keystore-path}, {@code s3proxy.keystore-password}).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "sa-issuer-test";
    public static final String SECRET_KEY = "sa-issuer-test-secret";
    public static final String REGION = "us-east-1";
    private static final int PORT_ATTEMPTS = 3;
    private static final String KEY_STORE_PASSWORD = "s3proxy-test";

    private final Process process;
    private final Path log;
    private final int port;
    private final TestCa tls;
    private final String virtualHost;

    private S3ProxyServer(Process process, Path log, int port, TestCa tls, String virtualHost) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.tls = tls;
        this.virtualHost = virtualHost;
    }

    /** Starts a signing s3proxy over http with its data under {@code dir}. */
    public static S3ProxyServer start(Path dir) throws IOException {
        return start(dir, Files.createDirectories(dir.resolve("s3proxy-data")), false, null);
    }

    /** As {@link #start(Path, Path, boolean, TestCa)} over http. */
    public static S3ProxyServer start(Path dir, Path data, boolean anonymous) {
        return start(dir, data, anonymous, null);
    }

    /**
     * Starts s3proxy on the files under {@code data}; {@code anonymous}: one that answers without authentication,
     * standing in for a bucket policy that lets anyone read (relying parties fetch the documents from it); with
     * {@code tls} (else null) it serves https only, with a certificate {@code tls} issues. A port taken between
     * choosing and binding is retried.
     */
    public static S3ProxyServer start(Path dir, Path data, boolean anonymous, TestCa tls) {
        return start(dir, data, anonymous, tls, null);
    }

    /**
     * As {@link #start(Path, Path, boolean, TestCa)}, answering virtual-hosted requests as S3 does
     * ({@code https://BUCKET.s3.REGION.amazonaws.com/KEY}): with {@code s3proxy.virtual-host=HOST} s3proxy takes
     * the bucket from a {@code Host: BUCKET.HOST} header, so each bucket is served at the root of a host of its
     * own, and the certificate also names {@code *.HOST}. Such an instance answers at {@link #bucketEndpoint}
     * only: any other host name (localhost too) is taken as a bucket's name, so its {@link #client()} reaches
     * nothing. Clients map the names to loopback themselves (the JDK's {@code -Djdk.net.hosts.file=FILE}).
     */
    public static S3ProxyServer start(Path dir, Path data, boolean anonymous, TestCa tls, String virtualHost) {
        Path jar = StoreServers.s3proxyJar();
        String name = (anonymous ? "s3proxy-anonymous-" : "s3proxy-")
                + (virtualHost == null ? "" : "virtual-host-")
                + (tls == null ? "http-" : "https-");
        AssertionError last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = FreePorts.loopback();
            Path log = dir.resolve(name + attempt + ".log");
            Process process = ChildProcesses.start(
                    new ProcessBuilder(
                                    JavaJar.java(),
                                    "-Xmx256m",
                                    "-jar",
                                    jar.toString(),
                                    "--properties",
                                    properties(dir, name + attempt, port, data, anonymous, tls, virtualHost)
                                            .toString())
                            .directory(dir.toFile()),
                    log);
            try {
                Eventually.await(
                        "s3proxy listening on port " + port,
                        StoreServers.START_TIMEOUT,
                        () -> !process.isAlive() || FreePorts.listening(port));
            } catch (AssertionError e) {
                ChildProcesses.stop(process, StoreServers.STOP_GRACE);
                throw new AssertionError(e.getMessage() + "\n" + StoreServers.read(log), e);
            }
            if (process.isAlive()) {
                return new S3ProxyServer(process, log, port, tls, virtualHost);
            }
            last = new AssertionError("s3proxy did not start on port " + port + ":\n" + StoreServers.read(log));
        }
        throw last;
    }

    private static Path properties(
            Path dir, String name, int port, Path data, boolean anonymous, TestCa tls, String virtualHost) {
        List<String> lines = new ArrayList<>();
        if (tls == null) {
            lines.add("s3proxy.endpoint=http://127.0.0.1:" + port);
        } else {
            Path keyStore = virtualHost == null
                    ? tls.writePkcs12(dir.resolve(name + ".p12"), KEY_STORE_PASSWORD)
                    : tls.writePkcs12(dir.resolve(name + ".p12"), KEY_STORE_PASSWORD, "*." + virtualHost);
            lines.add("s3proxy.secure-endpoint=https://127.0.0.1:" + port);
            lines.add("s3proxy.keystore-path=" + keyStore);
            lines.add("s3proxy.keystore-password=" + KEY_STORE_PASSWORD);
        }
        if (virtualHost != null) {
            lines.add("s3proxy.virtual-host=" + virtualHost);
        }
        lines.add("s3proxy.authorization=" + (anonymous ? "none" : "aws-v2-or-v4"));
        lines.add("s3proxy.identity=" + ACCESS_KEY);
        lines.add("s3proxy.credential=" + SECRET_KEY);
        lines.add("jclouds.provider=filesystem");
        lines.add("jclouds.filesystem.basedir=" + data);
        lines.add("");
        try {
            return Files.writeString(
                    dir.resolve(name + ".properties"), String.join("\n", lines), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code http://127.0.0.1:PORT}, or over TLS {@code https://localhost:PORT}: relying parties need a host name
     * (the certificate names both; Erlang, for one, checks an IP address as a DNS name).
     */
    public URI endpoint() {
        return URI.create(tls == null ? "http://127.0.0.1:" + port : "https://" + TestCa.HOST + ":" + port);
    }

    /**
     * {@code https://BUCKET.HOST:PORT} (http over plain): a bucket at the root of its own host, for an instance
     * started with a virtual host.
     */
    public URI bucketEndpoint(String bucket) {
        if (virtualHost == null) {
            throw new IllegalStateException("this s3proxy was started without a virtual host: buckets are paths");
        }
        return URI.create((tls == null ? "http://" : "https://") + bucket + "." + virtualHost + ":" + port);
    }

    public int port() {
        return port;
    }

    /** A client with the test identity (trusting the test CA over TLS), for arranging buckets and reading objects. */
    public S3Client client() {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (tls != null) {
            http.tlsTrustManagersProvider(tls::trustManagers);
        }
        return S3Client.builder()
                .httpClient(http.build())
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

    /**
     * The environment a publisher process signs with, read by the AWS SDK's default chain: the test identity with
     * {@code secret} (a wrong one is how tests present refused credentials), and no instance-metadata, profile or
     * credentials-file lookups, so that nothing but loopback is ever contacted.
     */
    public static Map<String, String> publisherEnvironment(String secret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_REGION", REGION);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/nonexistent");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        return env;
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
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
