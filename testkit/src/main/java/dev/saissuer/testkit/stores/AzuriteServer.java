package dev.saissuer.testkit.stores;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PublicAccessType;
import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.TestCa;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Azurite blob service (Microsoft's Azure Storage emulator) on a port it chose itself, read back from its
 * startup line, with its data under a test directory; over https with a certificate from the test CA
 * ({@code --cert FILE --key FILE}, PEM).
 */
public final class AzuriteServer implements AutoCloseable {
    /** Azurite's well-known development account, published in its documentation; it guards nothing. */
    public static final String ACCOUNT = "devstoreaccount1";

    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Pattern LISTENING = Pattern.compile("successfully listens on (https?)://(\\S+?):(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final TestCa tls;

    private AzuriteServer(Process process, Path log, int port, TestCa tls) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.tls = tls;
    }

    /** Over http. */
    public static AzuriteServer start(Path dir) throws IOException {
        return start(dir, null);
    }

    /** Over https with a certificate {@code tls} issues, or over http when {@code tls} is null. */
    public static AzuriteServer start(Path dir, TestCa tls) throws IOException {
        Path executable = StoreServers.azuriteBlob();
        String name = tls == null ? "azurite-http" : "azurite-https";
        Path data = Files.createDirectories(dir.resolve(name + "-data"));
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                "0",
                "--location",
                data.toString(),
                "--skipApiVersionCheck",
                "--loose",
                "--silent",
                // Measured: with telemetry on, Azurite 3.37.0 logs "successfully closed" on SIGTERM and stays up.
                "--disableTelemetry"));
        if (tls != null) {
            TestCa.ServerFiles files = tls.writeServer(dir.resolve(name + "-tls"));
            command.addAll(List.of(
                    "--cert",
                    files.certificateChain().toString(),
                    "--key",
                    files.privateKey().toString()));
        }
        Process process = ChildProcesses.start(new ProcessBuilder(command).directory(dir.toFile()), log);
        int[] port = {0};
        try {
            Eventually.await("Azurite's listening line in " + log, StoreServers.START_TIMEOUT, () -> {
                Matcher m = LISTENING.matcher(StoreServers.read(log));
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(3));
                }
                return port[0] != 0 || !process.isAlive();
            });
        } catch (AssertionError e) {
            ChildProcesses.stop(process, StoreServers.STOP_GRACE);
            throw new AssertionError(e.getMessage() + "\n" + StoreServers.read(log), e);
        }
        if (port[0] == 0) {
            throw new AssertionError("Azurite did not start:\n" + StoreServers.read(log));
        }
        return new AzuriteServer(process, log, port[0], tls);
    }

    /**
     * The blob endpoint of the development account, path-style as Azurite serves it: {@code http://127.0.0.1:PORT}
     * or, over TLS, {@code https://localhost:PORT} (relying parties need a host name), then {@code /devstoreaccount1}.
     */
    public URI endpoint() {
        return URI.create((tls == null ? "http://127.0.0.1:" : "https://" + TestCa.HOST + ":") + port + "/" + ACCOUNT);
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return connectionString(ACCOUNT_KEY);
    }

    /** A connection string with the given key: a wrong one is how the tests present bad credentials. */
    public String connectionString(String accountKey) {
        return "DefaultEndpointsProtocol=" + (tls == null ? "http" : "https") + ";AccountName=" + ACCOUNT
                + ";AccountKey=" + accountKey + ";BlobEndpoint=" + endpoint() + ";";
    }

    /**
     * A client for a container with the development account's key (trusting the test CA over TLS), for arranging
     * and reading blobs.
     */
    public BlobContainerClient container(String name) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().connectionString(connectionString());
        if (tls != null) {
            builder.httpClient(trustingTestCa());
        }
        return builder.buildClient().getBlobContainerClient(name);
    }

    /** Creates a container; {@code publicBlobs}: anyone may read its blobs (not list them), as a public container. */
    public BlobContainerClient createContainer(String name, boolean publicBlobs) {
        BlobContainerClient container = container(name);
        container.createWithResponse(null, publicBlobs ? PublicAccessType.BLOB : null, null, Context.NONE);
        return container;
    }

    private HttpClient trustingTestCa() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls.clientContext())).build();
    }

    public String log() {
        return StoreServers.read(log);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, StoreServers.STOP_GRACE);
    }
}
