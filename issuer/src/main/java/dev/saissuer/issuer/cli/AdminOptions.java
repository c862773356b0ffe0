package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.server.AdminConfig;
import dev.saissuer.keys.BadInputException;
import picocli.CommandLine.Option;

/** The admin listener and the log format, shared by the long-running commands ({@code serve}, {@code publish --watch}). */
public final class AdminOptions {
    @Option(
            names = "--metrics-bind-address",
            paramLabel = "ADDR:PORT",
            defaultValue = Defaults.METRICS_BIND_ADDRESS,
            description = "Admin listener for /metrics, /status and health (publish: with --watch); keep it off the"
                    + " public network.")
    String metricsBindAddress;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text", description = "Log line format.")
    String logFormat;

    /** The admin listener's address and port, or one line naming the flag. */
    AdminConfig adminConfig() {
        int colon = metricsBindAddress.lastIndexOf(':');
        if (colon <= 0 || !metricsBindAddress.substring(colon + 1).matches("\\d{1,5}")) {
            throw new BadInputException(
                    "--metrics-bind-address: \"" + metricsBindAddress + "\" must be ADDR:PORT, like 127.0.0.1:9090");
        }
        String host = metricsBindAddress.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new AdminConfig(
                host,
                ServeCommand.checkedPort(
                        "--metrics-bind-address", Integer.parseInt(metricsBindAddress.substring(colon + 1))));
    }

    void configureLogging() {
        Logging.configure(logFormat);
    }
}
