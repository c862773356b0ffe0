package dev.saissuer.issuer.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every long option can also be set from the environment: {@code --service-account-issuer} from
 * {@code SA_ISSUER_SERVICE_ACCOUNT_ISSUER}, and so on. A flag on the command line wins over the environment,
 * which wins over the built-in default.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    static final String PREFIX = "SA_ISSUER_";
    private final Map<String, String> environment;

    EnvironmentDefaults() {
        this(System.getenv());
    }

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variableFor(String longName) {
        return PREFIX
                + longName.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option
                && option.longestName().startsWith("--")
                && !option.usageHelp()
                && !option.versionHelp()) {
            String value = environment.get(variableFor(option.longestName()));
            if (value != null) {
                return value;
            }
        }
        return argSpec.defaultValue();
    }
}
