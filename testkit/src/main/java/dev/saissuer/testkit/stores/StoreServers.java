package dev.saissuer.testkit.stores;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the store servers installed by {@code .ci/setup.d/object-storage.sh} live, and the one rule for a missing
 * one: under {@code CI=true} the test fails; elsewhere it is skipped with the command that installs it.
 */
public final class StoreServers {
    public static final String S3PROXY_VERSION = "2.6.0";
    public static final String AZURITE_VERSION = "3.37.0";
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Azurite (Node) leaves on SIGTERM only after its open connections close; no test needs its data after. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private StoreServers() {}

    /** $SA_ISSUER_CACHE, default ~/.cache/sa-issuer: where .ci/setup.d/object-storage.sh installs the servers. */
    public static Path cache() {
        String configured = System.getenv("SA_ISSUER_CACHE");
        return configured == null || configured.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "sa-issuer")
                : Path.of(configured);
    }

    static Path s3proxyJar() {
        return require(cache().resolve("s3proxy-" + S3PROXY_VERSION + ".jar"), "s3proxy " + S3PROXY_VERSION);
    }

    static Path azuriteBlob() {
        return require(
                cache().resolve("azurite-" + AZURITE_VERSION)
                        .resolve("node_modules")
                        .resolve(".bin")
                        .resolve("azurite-blob"),
                "Azurite " + AZURITE_VERSION);
    }

    private static Path require(Path file, String what) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        String message = what + " is not installed at " + file + ": run bash .ci/setup.d/object-storage.sh";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return file;
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
