package dev.saissuer.issuer;

import dev.saissuer.issuer.cli.SaIssuerCommand;

/** Entry point of {@code java -jar sa-issuer.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = SaIssuerCommand.commandLine().execute(args);
        if (code != SaIssuerCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
