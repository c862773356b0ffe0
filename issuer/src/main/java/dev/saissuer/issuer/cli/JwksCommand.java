package dev.saissuer.issuer.cli;

import dev.saissuer.keys.JwksDocument;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "jwks",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Print the JWKS that kube-apiserver would serve for these keys.")
final class JwksCommand implements Callable<Integer> {
    @Mixin
    KeySourceOptions keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new String(JwksDocument.render(keys.load()), StandardCharsets.UTF_8));
        return SaIssuerCommand.OK;
    }
}
