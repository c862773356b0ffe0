package dev.saissuer.conformance.interop;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.SaIssuerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A private RabbitMQ node from Debian's rabbitmq-server package: its own node name, AMQP, distribution and epmd
 * ports, configuration, data and log directories, all under one temporary directory. The system node (if any)
 * is left alone. Configuration: compose/rabbitmq/3.10 with the JWKS URL and CA of the sa-issuer under test.
 */
final class RabbitMqNode implements AutoCloseable {
    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int amqpPort;
    private final int epmdPort;
    private final Path log;
    private final Duration startup;

    private RabbitMqNode(Process process, int amqpPort, int epmdPort, Path log, Duration startup) {
        this.process = process;
        this.amqpPort = amqpPort;
        this.epmdPort = epmdPort;
        this.log = log;
        this.startup = startup;
    }

    static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(ErlangPortMapper.EPMD);
    }

    static RabbitMqNode start(Path dir, SaIssuerProcess issuer, Path caCertificate) {
        int amqpPort = FreePorts.loopback();
        int distPort = FreePorts.loopback();
        int epmdPort = FreePorts.loopback();
        Path log = dir.resolve("rabbitmq-console.log");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("auth_oauth2.jwks_url", issuer.issuer() + "/openid/v1/jwks");
        overrides.put("auth_oauth2.https.cacertfile", caCertificate.toString());
        overrides.put("listeners.tcp.1", "127.0.0.1:" + amqpPort);
        overrides.put("log.console", "true");
        overrides.put("log.console.level", "info");
        overrides.put("log.file", "false");
        try {
            Files.createDirectories(dir.resolve("home"));
            Files.writeString(
                    dir.resolve("rabbitmq.conf"),
                    RabbitMqConfig.override(
                            RepositoryFiles.read(RepositoryFiles.compose("rabbitmq/3.10/rabbitmq.conf")), overrides));
            Files.copy(RepositoryFiles.compose("rabbitmq/3.10/advanced.config"), dir.resolve("advanced.config"));
            Files.copy(RepositoryFiles.compose("rabbitmq/enabled_plugins"), dir.resolve("enabled_plugins"));
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "# empty: keeps /etc/rabbitmq/rabbitmq-env.conf out\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(SERVER.toString())).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
        env.put("HOME", dir.resolve("home").toString()); // the Erlang cookie is made here
        env.put("RABBITMQ_NODENAME", "sa-issuer-it-" + amqpPort + "@localhost");
        env.put("RABBITMQ_USE_LONGNAME", "false");
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        // Erlang distribution on loopback only, like every other listener of the test.
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        env.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
        Process process = ChildProcesses.start(builder, log);
        // epmd daemonizes away from the node's process tree: stop it too if the test JVM dies early.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> ErlangPortMapper.stop(epmdPort), "stop epmd " + epmdPort));
        RabbitMqNode node = null;
        try {
            Duration took = Eventually.await(
                    "RabbitMQ to listen on 127.0.0.1:" + amqpPort,
                    START_TIMEOUT,
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("rabbitmq-server exited with " + process.exitValue() + "\n"
                                    + ChildProcesses.tail(log, 40));
                        }
                        return FreePorts.listening(amqpPort);
                    },
                    () -> ChildProcesses.tail(log, 40));
            node = new RabbitMqNode(process, amqpPort, epmdPort, log, took);
            return node;
        } finally {
            if (node == null) {
                ChildProcesses.stop(process, Duration.ofSeconds(30));
                ErlangPortMapper.stop(epmdPort);
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
        // rabbitmq-server traps SIGTERM and stops the Erlang VM cleanly.
        ChildProcesses.stop(process, Duration.ofSeconds(30));
        ErlangPortMapper.stop(epmdPort);
    }
}
