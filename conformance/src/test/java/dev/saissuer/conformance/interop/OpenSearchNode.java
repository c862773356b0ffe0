package dev.saissuer.conformance.interop;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private single-node OpenSearch 2.19.4 with the security plugin: a copy of the install .ci/setup.d/opensearch.sh
 * prepared, on free loopback ports, 1 GB heap, run as an unprivileged user when the test runs as root (OpenSearch
 * refuses root). Its security configuration is compose/opensearch/*.yml, read into a fresh security index on
 * first start; the ${env.…} values in config.yml come from this process's environment.
 */
final class OpenSearchNode implements AutoCloseable {
    static final String VERSION = "2.19.4";
    /** Created by .ci/setup.d/opensearch.sh. */
    static final String RUN_AS_USER = "sa-issuer-opensearch";
    /** The demo admin password .ci/setup.d/opensearch.sh set; it guards a throw-away node on loopback only. */
    static final String ADMIN_PASSWORD = "Sa-Issuer-1nterop!";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final OpenSearchClient client;
    private final Path log;
    private final Duration startup;

    private OpenSearchNode(Process process, OpenSearchClient client, Path log, Duration startup) {
        this.process = process;
        this.client = client;
        this.log = log;
        this.startup = startup;
    }

    static Path preparedInstall() {
        String cache = System.getenv("SA_ISSUER_CACHE");
        Path root = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "sa-issuer")
                : Path.of(cache);
        return root.resolve("opensearch-" + VERSION);
    }

    static boolean installed() {
        return Files.isRegularFile(preparedInstall().resolve(".sa-issuer-prepared"));
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A node whose OpenID Connect realm requires {@code issuer} and reads the discovery document at {@code discoveryUrl}. */
    static OpenSearchNode start(Path dir, String issuer, String discoveryUrl, Path caCertificate) {
        Path home = dir.resolve("opensearch");
        int httpPort = FreePorts.loopback();
        int transportPort = FreePorts.loopback();
        Path log = dir.resolve("opensearch-console.log");
        try {
            check(
                    ChildProcesses.run(
                            Duration.ofSeconds(120),
                            List.of("cp", "-a", preparedInstall().toString(), home.toString())),
                    "copy " + preparedInstall());
            configure(home, caCertificate, httpPort, transportPort);
            if (runningAsRoot()) {
                // The JUnit temporary directory is private to root: let the OpenSearch user through to its copy.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                check(
                        ChildProcesses.run(
                                Duration.ofSeconds(60), List.of("chown", "-R", RUN_AS_USER + ":", home.toString())),
                        "chown " + home + " to " + RUN_AS_USER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(
                    List.of("setpriv", "--reuid=" + RUN_AS_USER, "--regid=" + RUN_AS_USER, "--init-groups", "--"));
        }
        command.add(home.resolve("bin/opensearch").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("OPENSEARCH_") || name.startsWith("JAVA_"));
        env.put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        env.put("OPENSEARCH_JAVA_OPTS", "-Xms1g -Xmx1g");
        env.put("OPENSEARCH_TMPDIR", home.resolve("tmp").toString());
        env.put("HOME", home.toString());
        env.put("SA_ISSUER_DISCOVERY_URL", discoveryUrl);
        env.put("SA_ISSUER_URL", issuer);
        Process process = ChildProcesses.start(builder, log);
        OpenSearchClient client = new OpenSearchClient(home.resolve("config/root-ca.pem"), httpPort);
        String admin = OpenSearchClient.basic("admin", ADMIN_PASSWORD);
        OpenSearchNode node = null;
        try {
            Duration took = Eventually.await(
                    "OpenSearch on port " + httpPort + " to answer as admin",
                    START_TIMEOUT,
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("opensearch exited with " + process.exitValue() + "\n"
                                    + ChildProcesses.tail(log, 40));
                        }
                        return FreePorts.listening(httpPort)
                                && client.get("/_cluster/health?wait_for_status=yellow&timeout=5s", admin)
                                                .statusCode()
                                        == 200;
                    },
                    () -> ChildProcesses.tail(log, 40));
            node = new OpenSearchNode(process, client, log, took);
            return node;
        } finally {
            if (node == null) {
                ChildProcesses.stop(process, Duration.ofSeconds(30));
            }
        }
    }

    private static void configure(Path home, Path caCertificate, int httpPort, int transportPort) throws IOException {
        Path config = home.resolve("config");
        Path yml = config.resolve("opensearch.yml");
        List<String> settings = new ArrayList<>(Files.readAllLines(yml));
        // No audit index: it only adds work to a node that lives for one test class.
        settings.removeIf(line -> line.startsWith("plugins.security.audit.type"));
        settings.addAll(List.of(
                "# sa-issuer interop test: a private single node on loopback",
                "cluster.name: sa-issuer-interop",
                "node.name: sa-issuer-interop",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "path.data: " + home.resolve("data"),
                "path.logs: " + home.resolve("logs")));
        Files.write(yml, settings);
        Files.createDirectories(home.resolve("tmp"));
        Files.copy(caCertificate, config.resolve("sa-issuer-ca.pem"));
        Path security = config.resolve("opensearch-security");
        for (String file : List.of("config.yml", "roles.yml", "roles_mapping.yml")) {
            Files.copy(
                    RepositoryFiles.compose("opensearch/" + file),
                    security.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void check(int exitCode, String what) {
        if (exitCode != 0) {
            throw new IllegalStateException("cannot " + what + " (exit " + exitCode + ")");
        }
    }

    OpenSearchClient client() {
        return client;
    }

    String admin() {
        return OpenSearchClient.basic("admin", ADMIN_PASSWORD);
    }

    Duration startup() {
        return startup;
    }

    String diagnostics() {
        return ChildProcesses.tail(log, 40);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(60));
    }
}
