package dev.saissuer.issuer;

import dev.saissuer.issuer.cli.SaIssuerCommand;

/** Entry point of {@code java -jar sa-issuer.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(SaIssuerCommand.commandLine().execute(args));
    }
}
