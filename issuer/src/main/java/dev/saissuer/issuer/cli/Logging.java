package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.LogConfigurator;
import dev.saissuer.keys.BadInputException;

/** Chooses the log format before any logger exists; {@link LogConfigurator} reads it. */
final class Logging {
    private Logging() {}

    static void configure(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new BadInputException("--log-format: \"" + format + "\" is not text or json");
        }
        System.setProperty(LogConfigurator.FORMAT_PROPERTY, format);
    }
}
