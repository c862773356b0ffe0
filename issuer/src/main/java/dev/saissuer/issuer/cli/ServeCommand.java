package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.server.IssuerServer;
import dev.saissuer.issuer.server.KeyReloader;
import dev.saissuer.issuer.server.ServeConfig;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.Durations;
import dev.saissuer.keys.IssuerUrl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
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
            "Serve the discovery document and the JWKS, reloading keys as their files change.",
            "Every flag can also be set from the environment: SA_ISSUER_ + the flag name in upper case with _ for -, "
                    + "e.g. SA_ISSUER_SERVICE_ACCOUNT_ISSUER."
        })
final class ServeCommand implements Callable<Integer> {
    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDR",
            defaultValue = "0.0.0.0",
            description = "Address of the public listener.")
    String bindAddress;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
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
            names = "--cache-max-age",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "Cache-Control max-age of both documents (kube-apiserver sends 1h).")
    String cacheMaxAge;

    @Option(
            names = "--key-retention",
            paramLabel = "DURATION",
            defaultValue = "24h",
            description = "How long a key stays published after it leaves the key files.")
    String keyRetention;

    @Option(
            names = "--key-poll-interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "Rescan period of the key files, besides file events and SIGHUP.")
    String keyPollInterval;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Directory where the key timeline is kept so retention survives restarts (public data only).")
    Path stateDir;

    @Option(
            names = "--metrics-bind-address",
            paramLabel = "ADDR:PORT",
            defaultValue = "127.0.0.1:9090",
            description = "Listener for /metrics and /status (and health); keep it off the public network.")
    String metricsBindAddress;

    @Option(
            names = "--http-idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "Close connections idle (or trickling a request) for this long.")
    String idleTimeout;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text", description = "Log line format.")
    String logFormat;

    @Option(
            names = "--demo",
            description = "First run: make (or reuse) a demo key pair in ./" + Demo.DIRECTORY
                    + ", serve http://localhost:8080 as the issuer and print a sample token.")
    boolean demo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Logging.configure(logFormat);
        Demo demoSetup = demo ? Demo.prepare(issuer, keys, port, spec) : null;
        ServeConfig config = config();
        IssuerServer server = IssuerServer.start(config, Clock.systemUTC());
        org.slf4j.LoggerFactory.getLogger("sa-issuer")
                .info(
                        "serving issuer {} at {} (metrics {}:{}); {}{}",
                        config.issuer(),
                        server.listenUrl(),
                        config.metricsBindAddress(),
                        server.adminPort(),
                        KeyReloader.describe(server.reloader().current().timeline()),
                        config.stateDir() == null ? "; no --state-dir: retention does not survive restarts" : "");
        Signals.onHangup(server::requestReload);
        Signals.onTerminate(() -> {
            server.close();
            return SaIssuerCommand.OK;
        });
        if (demoSetup != null) {
            demoSetup.printWelcome(server);
        }
        return SaIssuerCommand.KEEP_RUNNING;
    }

    private ServeConfig config() {
        IssuerUrl url = issuer.issuerUrl();
        URI jwksUri = issuer.jwksUri(url);
        String[] metrics = splitHostPort(metricsBindAddress);
        // Checked here rather than as a picocli group: groups are built only from the command line, and these
        // flags must also come from SA_ISSUER_TLS_CERT_FILE and SA_ISSUER_TLS_PRIVATE_KEY_FILE.
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new BadInputException("--tls-cert-file and --tls-private-key-file go together: give both or neither");
        }
        return new ServeConfig(
                url,
                jwksUri,
                keys.sources(),
                keys.signingKeyFile(),
                bindAddress,
                checkedPort("--port", port),
                tlsCertFile,
                tlsKeyFile,
                duration("--cache-max-age", cacheMaxAge),
                duration("--key-retention", keyRetention),
                duration("--key-poll-interval", keyPollInterval),
                stateDir,
                metrics[0],
                checkedPort("--metrics-bind-address", Integer.parseInt(metrics[1])),
                duration("--http-idle-timeout", idleTimeout));
    }

    private static Duration duration(String flag, String text) {
        try {
            return Durations.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException(flag + ": " + e.getMessage(), e);
        }
    }

    private static int checkedPort(String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new BadInputException(flag + ": port " + port + " is out of range 0-65535");
        }
        return port;
    }

    static String[] splitHostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !value.substring(colon + 1).matches("\\d{1,5}")) {
            throw new BadInputException(
                    "--metrics-bind-address: \"" + value + "\" must be ADDR:PORT, like 127.0.0.1:9090");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, value.substring(colon + 1)};
    }
}
