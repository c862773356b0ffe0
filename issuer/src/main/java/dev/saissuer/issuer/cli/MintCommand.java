package dev.saissuer.issuer.cli;

import dev.saissuer.keys.Durations;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "mint",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Print a service-account token shaped like the ones kube-apiserver issues (TokenRequest API).",
            "For demos and tests: in a cluster, kube-apiserver is the only issuer of real tokens."
        })
final class MintCommand implements Callable<Integer> {
    @Option(
            names = "--service-account-signing-key-file",
            paramLabel = "FILE",
            required = true,
            description = "The private key to sign with (kube-apiserver's signing key, or one from keygen).")
    Path signingKeyFile;

    @Mixin
    IssuerOptions issuer;

    @Option(names = "--namespace", paramLabel = "NS", required = true, description = "The service account's namespace.")
    String namespace;

    @Option(
            names = "--service-account",
            paramLabel = "NAME",
            required = true,
            description = "The service account's name.")
    String serviceAccount;

    @Option(
            names = "--audience",
            paramLabel = "AUD",
            required = true,
            description = "An intended audience (the aud claim); repeatable.")
    List<String> audiences;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "Lifetime, such as 10m or 1h (kube-apiserver's TokenRequest default is 1h).")
    String ttl;

    @Option(
            names = "--pod",
            paramLabel = "NAME",
            description = "Bind the token to a pod of that name (kubernetes.io.pod).")
    String pod;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SigningKey key = SigningKey.read(signingKeyFile);
        ServiceAccountToken.Request request = new ServiceAccountToken.Request(
                issuer.issuerUrl(), namespace, serviceAccount, audiences, Durations.parse(ttl), pod, Instant.now());
        spec.commandLine().getOut().println(ServiceAccountToken.mint(key, request));
        return SaIssuerCommand.OK;
    }
}
