package dev.saissuer.issuer.cli;

import dev.saissuer.keys.DiscoveryDocument;
import dev.saissuer.keys.IssuerUrl;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "discovery", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Print the OIDC discovery document that kube-apiserver would serve for this issuer and these keys.")
final class DiscoveryCommand implements Callable<Integer> {
    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        IssuerUrl url = issuer.issuerUrl();
        byte[] document = DiscoveryDocument.render(url, issuer.jwksUri(url), keys.load());
        spec.commandLine().getOut().println(new String(document, StandardCharsets.UTF_8));
        return SaIssuerCommand.OK;
    }
}
