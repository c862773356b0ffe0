package dev.saissuer.issuer.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Azurite blob service (Microsoft's Azure Storage emulator) on a port it chose itself, read back from
 * its startup line, with its data under a test directory.
 */
public final class AzuriteServer implements AutoCloseable {
    /** Azurite's well-known development account, published in its documentation; it guards nothing. */
    public static final String ACCOUNT = "devstoreaccount1";

    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Pattern LISTENING = Pattern.compile("successfully listens on (http://\\S+?):(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private AzuriteServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static AzuriteServer start(Path dir) throws IOException, InterruptedException {
        Path executable = StoreServers.azuriteBlob();
        Path data = Files.createDirectories(dir.resolve("azurite-data"));
        Path log = dir.resolve("azurite.log");
        Process process = new ProcessBuilder(List.of(
                        executable.toString(),
                        "--blobHost",
                        "127.0.0.1",
                        "--blobPort",
                        "0",
                        "--location",
                        data.toString(),
                        "--skipApiVersionCheck",
                        "--loose",
                        "--silent"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + StoreServers.START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = LISTENING.matcher(StoreServers.read(log));
            if (m.find()) {
                return new AzuriteServer(process, log, Integer.parseInt(m.group(2)));
            }
            Thread.sleep(100);
        }
        StoreServers.stop(process);
        throw new IllegalStateException("Azurite did not start:\n" + StoreServers.read(log));
    }

    /** The blob endpoint of the development account, path-style as Azurite serves it. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return connectionString(ACCOUNT_KEY);
    }

    /** A connection string with the given key: a wrong one is how the tests present bad credentials. */
    public String connectionString(String accountKey) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + accountKey + ";BlobEndpoint="
                + endpoint() + ";";
    }

    public String log() {
        return StoreServers.read(log);
    }

    @Override
    public void close() {
        StoreServers.stop(process);
    }
}
