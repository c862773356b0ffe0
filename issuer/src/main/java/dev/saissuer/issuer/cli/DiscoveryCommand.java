package dev.saissuer.issuer.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "discovery",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Print the OIDC discovery document that kube-apiserver would serve for this issuer and these keys.")
final class DiscoveryCommand implements Callable<Integer> {
    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] document = issuer.render(keys).discovery().bytes();
        spec.commandLine().getOut().println(new String(document, StandardCharsets.UTF_8));
        return SaIssuerCommand.OK;
    }
}
