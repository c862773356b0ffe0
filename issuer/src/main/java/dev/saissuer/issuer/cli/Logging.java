package dev.saissuer.issuer.cli;

import dev.saissuer.keys.BadInputException;

/** Chooses the log format before any logger exists: logback reads the configuration file named here. */
final class Logging {
    private Logging() {
    }

    static void configure(String format) {
        switch (format) {
            case "text" -> System.setProperty("logback.configurationFile", "sa-issuer-logback-text.xml");
            case "json" -> System.setProperty("logback.configurationFile", "sa-issuer-logback-json.xml");
            default -> throw new BadInputException("--log-format: \"" + format + "\" is not text or json");
        }
    }
}
