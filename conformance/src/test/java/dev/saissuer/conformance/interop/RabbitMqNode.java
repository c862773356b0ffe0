package dev.saissuer.conformance.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A private RabbitMQ node of one {@link RabbitMqRelease}: its own node name, AMQP, distribution and epmd ports,
 * configuration, data and log directories, all under one temporary directory. Any system node is left alone.
 * Configuration: the release's compose/rabbitmq/ files with the sa-issuer under test put in.
 */
final class RabbitMqNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final RabbitMqRelease release;
    private final Process process;
    private final int amqpPort;
    private final int epmdPort;
    private final Path log;
    private final Duration startup;

    private RabbitMqNode(
            RabbitMqRelease release, Process process, int amqpPort, int epmdPort, Path log, Duration startup) {
        this.release = release;
        this.process = process;
        this.amqpPort = amqpPort;
        this.epmdPort = epmdPort;
        this.log = log;
        this.startup = startup;
    }

    static RabbitMqNode start(Path dir, SaIssuerServer issuer, RabbitMqRelease release) {
        int amqpPort = LocalPorts.free();
        int distPort = LocalPorts.free();
        int epmdPort = LocalPorts.free();
        Path log = dir.resolve("rabbitmq-console.log");
        Path ca = dir.resolve("sa-issuer-ca.pem");
        Map<String, String> overrides = new LinkedHashMap<>(release.issuerSettings(issuer, release.nodePath(dir, ca)));
        overrides.put("listeners.tcp.1", "127.0.0.1:" + amqpPort);
        overrides.put("log.console", "true");
        overrides.put("log.console.level", "info");
        overrides.put("log.file", "false");
        String configDir = "rabbitmq/" + release.configDir() + "/";
        try {
            Files.createDirectories(dir.resolve("home"));
            Files.copy(issuer.tls().caCertificate(), ca);
            Files.writeString(
                    dir.resolve("rabbitmq.conf"),
                    RabbitMqConfig.override(
                            RepositoryFiles.read(RepositoryFiles.compose(configDir + "rabbitmq.conf")), overrides));
            Files.copy(RepositoryFiles.compose(configDir + "advanced.config"), dir.resolve("advanced.config"));
            Files.copy(RepositoryFiles.compose("rabbitmq/enabled_plugins"), dir.resolve("enabled_plugins"));
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "# empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(release.command(dir)).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
        env.put("HOME", release.nodePath(dir, dir.resolve("home"))); // the Erlang cookie is made here
        env.put("RABBITMQ_NODENAME", "sa-issuer-it-" + amqpPort + "@localhost");
        env.put("RABBITMQ_USE_LONGNAME", "false");
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        // Erlang distribution on loopback only, like every other listener of the test.
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_CONF_ENV_FILE", release.nodePath(dir, dir.resolve("rabbitmq-env.conf")));
        env.put("RABBITMQ_CONFIG_FILE", release.nodePath(dir, dir.resolve("rabbitmq.conf")));
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", release.nodePath(dir, dir.resolve("advanced.config")));
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", release.nodePath(dir, dir.resolve("enabled_plugins")));
        env.put("RABBITMQ_MNESIA_BASE", release.nodePath(dir, dir.resolve("mnesia")));
        env.put("RABBITMQ_LOG_BASE", release.nodePath(dir, dir.resolve("log")));
        env.put("RABBITMQ_PID_FILE", release.nodePath(dir, dir.resolve("rabbitmq.pid")));
        env.put("RABBITMQ_PLUGINS_EXPAND_DIR", release.nodePath(dir, dir.resolve("plugins-expand")));
        Process process = ChildProcesses.start(builder, log);
        // epmd daemonizes away from the node's process tree: stop it too if the test JVM dies early.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> release.stopPortMapper(epmdPort), "stop epmd " + epmdPort));
        RabbitMqNode node = null;
        try {
            Duration took = Waits.until(
                    release.name() + " to listen on 127.0.0.1:" + amqpPort,
                    START_TIMEOUT,
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("rabbitmq-server exited with " + process.exitValue() + "\n"
                                    + ChildProcesses.tail(log, 40));
                        }
                        return LocalPorts.listening(amqpPort);
                    },
                    () -> ChildProcesses.tail(log, 40));
            node = new RabbitMqNode(release, process, amqpPort, epmdPort, log, took);
            return node;
        } finally {
            if (node == null) {
                release.stop(process, epmdPort);
            }
        }
    }

    int amqpPort() {
        return amqpPort;
    }

    Duration startup() {
        return startup;
    }

    String diagnostics() {
        return ChildProcesses.tail(log, 40);
    }

    @Override
    public void close() {
        release.stop(process, epmdPort);
    }
}
