package dev.saissuer.issuer.cli;

import dev.saissuer.keys.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; every subcommand is a small {@code Callable<Integer>}. */
@Command(
        name = "sa-issuer",
        mixinStandardHelpOptions = true,
        versionProvider = SaIssuerCommand.Version.class,
        showDefaultValues = true,
        sortOptions = false,
        description = "Publishes a Kubernetes service-account issuer: the OIDC discovery document and the JWKS.",
        subcommands = {
            JwksCommand.class,
            DiscoveryCommand.class,
            ExportCommand.class,
            PublishCommand.class,
            KeygenCommand.class,
            ServeCommand.class,
            StatusCommand.class,
            MintCommand.class,
            VerifyCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class SaIssuerCommand {
    /** Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input. */
    public static final int OK = 0;

    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SaIssuerCommand());
        cli.setDefaultValueProvider(new EnvironmentDefaults());
        cli.setParameterExceptionHandler(SaIssuerCommand::usageError);
        cli.setExecutionExceptionHandler(SaIssuerCommand::executionError);
        cli.setExitCodeExceptionMapper(e -> e instanceof BadInputException ? BAD_INPUT : FAILURE);
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr()
                .println("sa-issuer: " + oneLine(e.getMessage()) + " (see '"
                        + cmd.getCommandSpec().qualifiedName() + " --help')");
        return BAD_INPUT;
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("sa-issuer: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        return e instanceof BadInputException ? BAD_INPUT : FAILURE;
    }

    static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }

    /**
     * The version and the commit filtered into the jar at build time ({@code sa-issuer 0.2.0 (commit abc1234)});
     * "unknown" for what the build could not tell, for example a build outside a git checkout.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = SaIssuerCommand.class.getResourceAsStream("/sa-issuer-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "sa-issuer " + known(properties.getProperty("version")) + " (commit "
                        + known(properties.getProperty("commit")) + ")"
            };
        }

        /** A value the build filled in, or "unknown" (missing, empty, or a placeholder left unfiltered). */
        private static String known(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
        }
    }
}
