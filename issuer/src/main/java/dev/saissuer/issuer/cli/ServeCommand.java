package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.pipeline.Pipeline;
import dev.saissuer.issuer.pipeline.Publication;
import dev.saissuer.issuer.pipeline.Reloader;
import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.issuer.server.IssuerServer;
import dev.saissuer.issuer.server.ListenerConfig;
import dev.saissuer.issuer.server.ServeConfig;
import dev.saissuer.keys.BadInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Serve the discovery document and the JWKS, reloading keys as their sources change.",
            "Every flag can also be set from the environment: SA_ISSUER_ + the flag name in upper case with _ for -, "
                    + "e.g. SA_ISSUER_SERVICE_ACCOUNT_ISSUER."
        })
final class ServeCommand implements Callable<Integer> {
    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Mixin
    UpstreamOptions upstream;

    @Mixin
    RotationOptions rotation;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDR",
            defaultValue = Defaults.BIND_ADDRESS,
            description = "Address of the public listener.")
    String bindAddress;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = Defaults.PORT,
            description = "Port of the public listener (0: any free port).")
    int port;

    @Option(
            names = "--tls-cert-file",
            paramLabel = "FILE",
            description =
                    "PEM certificate (leaf first, then chain); reloaded when it changes. Needs --tls-private-key-file.")
    Path tlsCertFile;

    @Option(names = "--tls-private-key-file", paramLabel = "FILE", description = "PEM private key of the certificate.")
    Path tlsKeyFile;

    @Option(
            names = "--http-idle-timeout",
            paramLabel = "DURATION",
            defaultValue = Defaults.HTTP_IDLE_TIMEOUT,
            description = "Close connections that send nothing for this long (1s-1h); see --http-request-head-timeout"
                    + " for clients that trickle.")
    String idleTimeout;

    @Option(
            names = "--http-request-head-timeout",
            paramLabel = "DURATION",
            defaultValue = Defaults.HTTP_REQUEST_HEAD_TIMEOUT,
            description = "Close a connection whose request line and headers take longer than this (1s-1m), however"
                    + " steadily they trickle in.")
    String requestHeadTimeout;

    @Option(
            names = "--http-max-connections",
            paramLabel = "N",
            defaultValue = Defaults.HTTP_MAX_CONNECTIONS,
            description = "Most connections the public listener holds at once (16-65536); more wait to be accepted.")
    int maxConnections;

    @Mixin
    AdminOptions admin;

    @Option(
            names = "--demo",
            description = "First run: make (or reuse) a demo key pair in ./" + Demo.DIRECTORY
                    + ", serve http://localhost:8080 as the issuer on loopback and print a sample token.")
    boolean demo;

    @Spec
    CommandSpec spec;

    /** Serves until SIGTERM or SIGINT, then stops gracefully and returns 0. */
    @Override
    public Integer call() throws Exception {
        // SIGHUP asks for a reload; installed first, so that one arriving during start-up does not kill the JVM.
        AtomicReference<Pipeline> running = new AtomicReference<>();
        Signals.onHangup(() -> {
            Pipeline pipeline = running.get();
            if (pipeline != null) {
                pipeline.requestReload();
            }
        });
        admin.configureLogging();
        Demo demoSetup = demo ? Demo.prepare(port) : null;
        ServeConfig config = config(demoSetup);
        Clock clock = Clock.systemUTC();
        Publication publication = new Publication();
        // Public listener, first publication, admin listener: in that order, so that the first document is
        // served as early as it can be (what the admin listener loads comes after; bench/README.md).
        try (IssuerServer server = IssuerServer.startPublic(config, publication::current, clock)) {
            Signals.onTerminate(server::close);
            if (demoSetup != null && port == 0) {
                // The public listener is bound before the pipeline starts: the demo issuer takes the real port.
                demoSetup = demoSetup.boundTo(server.port());
                config = new ServeConfig(
                        issuer.config(demoSetup),
                        config.sources(),
                        config.rotation(),
                        config.listener(),
                        config.admin());
            }
            try (Pipeline pipeline = Pipeline.start(
                    config.issuer(),
                    config.sources(),
                    config.rotation(),
                    Pipeline.stateDirStore(config.rotation()),
                    clock,
                    publication)) {
                server.startAdmin();
                pipeline.watch(server.tlsFiles(), server.tlsReloads());
                running.set(pipeline);
                LoggerFactory.getLogger("sa-issuer")
                        .info(
                                "serving issuer {} at {} (metrics {}:{}); {}{}",
                                config.issuer().issuer(),
                                server.listenUrl(),
                                config.admin().bindAddress(),
                                server.adminPort(),
                                Reloader.describe(publication.current().keys()),
                                config.rotation().stateDir() == null
                                        ? "; no --state-dir: retention does not survive restarts"
                                        : "");
                if (demoSetup != null) {
                    demoSetup.printWelcome(
                            server, config.issuer(), spec.commandLine().getOut());
                }
                server.join();
            }
        }
        return SaIssuerCommand.OK;
    }

    private ServeConfig config(Demo demoSetup) {
        RotationConfig rotationConfig = rotation.config();
        SourceSelection selected = SourceSelection.of(issuer, keys, upstream, demoSetup);
        // Checked here rather than as a picocli group: groups are built only from the command line, and these
        // flags must also come from SA_ISSUER_TLS_CERT_FILE and SA_ISSUER_TLS_PRIVATE_KEY_FILE.
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new BadInputException("--tls-cert-file and --tls-private-key-file go together: give both or neither");
        }
        ListenerConfig.Tls tls = tlsCertFile == null ? null : new ListenerConfig.Tls(tlsCertFile, tlsKeyFile);
        ListenerConfig listener = new ListenerConfig(
                demoSetup != null ? Demo.BIND_ADDRESS : bindAddress,
                checkedPort("--port", port),
                RotationOptions.within("--http-idle-timeout", idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1)),
                RotationOptions.within(
                        "--http-request-head-timeout",
                        requestHeadTimeout,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1)),
                maxConnections(),
                tls);
        return new ServeConfig(selected.issuer(), selected.sources(), rotationConfig, listener, admin.adminConfig());
    }

    private int maxConnections() {
        if (maxConnections < 16 || maxConnections > 65536) {
            throw new BadInputException("--http-max-connections: " + maxConnections + " is out of range 16 to 65536");
        }
        return maxConnections;
    }

    static int checkedPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new BadInputException(flag + ": port " + port + " is out of range 0-65535");
        }
        return port;
    }
}
