package dev.saissuer.issuer.cli;

import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Write a kubeadm-style key pair: the private key (mode 0600) and its public key beside it (.pub).")
final class KeygenCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            required = true,
            description = "Private key file, such as sa.key; the public key goes to the same name with .pub.")
    Path out;

    @Option(
            names = "--type",
            paramLabel = "rsa|ec",
            defaultValue = "rsa",
            description = "RSA 2048 (as kubeadm) or EC P-256.")
    String type;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyGeneration.PemPair pair = KeyGeneration.generate(KeyGeneration.parseType(type));
        Path publicFile = publicFileFor(out);
        SecureFiles.createNew(out, pair.privatePem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PRIVATE);
        SecureFiles.createNew(publicFile, pair.publicPem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC);
        spec.commandLine()
                .getOut()
                .printf("wrote %s (private, 0600) and %s (public); kid %s%n", out, publicFile, pair.kid());
        return SaIssuerCommand.OK;
    }

    static Path publicFileFor(Path privateFile) {
        String name = privateFile.getFileName().toString();
        String base = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
        return privateFile.resolveSibling(base + ".pub");
    }
}
