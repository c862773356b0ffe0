package dev.saissuer.issuer.cli;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.LoadedKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The key flags, named as kube-apiserver names them. */
public final class KeySourceOptions {
    @Option(
            names = "--service-account-key-file",
            paramLabel = "PATH",
            split = ",",
            description = "PEM file or directory of public or private keys whose public halves are published. "
                    + "Repeatable, or comma-separated.")
    List<Path> keyFiles = new ArrayList<>();

    @Option(
            names = "--service-account-signing-key-file",
            paramLabel = "FILE",
            description = "kube-apiserver's private signing key; only its public half is published.")
    Path signingKeyFile;

    /** Every source, the signing key file last (kube-apiserver adds its public half to the verifying keys). */
    public List<Path> sources() {
        List<Path> sources = new ArrayList<>(keyFiles);
        if (signingKeyFile != null && !sources.contains(signingKeyFile)) {
            sources.add(signingKeyFile);
        }
        if (sources.isEmpty()) {
            throw new BadInputException(
                    "no keys: give --service-account-key-file or --service-account-signing-key-file");
        }
        return sources;
    }

    public Path signingKeyFile() {
        return signingKeyFile;
    }

    public List<LoadedKey> load() {
        return KeyFiles.readPublicKeys(sources());
    }
}
