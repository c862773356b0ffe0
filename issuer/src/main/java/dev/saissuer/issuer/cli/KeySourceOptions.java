package dev.saissuer.issuer.cli;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.FileKeySource;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
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

    /** The key file paths, the signing key file last (kube-apiserver adds its public half to the verifying keys). */
    public List<Path> paths() {
        return paths(signingKeyFile);
    }

    List<Path> paths(Path signing) {
        List<Path> paths = new ArrayList<>(keyFiles);
        if (signing != null && !paths.contains(signing)) {
            paths.add(signing);
        }
        return paths;
    }

    /** The key files as sources of the pipeline; {@code signing} is the effective signing key file (or null). */
    public List<KeySource> fileSources(Path signing) {
        Consumer<String> warnings = warnOnce();
        List<KeySource> sources = new ArrayList<>();
        for (Path path : paths(signing)) {
            sources.add(new FileKeySource(path, path.equals(signing), warnings));
        }
        return sources;
    }

    /** Every key file, for the one-shot commands: at least one is required. */
    public List<LoadedKey> load() {
        List<Path> paths = paths();
        if (paths.isEmpty()) {
            throw new BadInputException(
                    "no keys: give --service-account-key-file or --service-account-signing-key-file");
        }
        return KeyFiles.readPublicKeys(paths);
    }

    public Path signingKeyFile() {
        return signingKeyFile;
    }

    /** A warning (a private key readable by others) is logged once, however often the file is read again. */
    private static Consumer<String> warnOnce() {
        Set<String> warned = ConcurrentHashMap.newKeySet();
        return warning -> {
            if (warned.add(warning)) {
                LoggerFactory.getLogger("sa-issuer").warn(warning);
            }
        };
    }
}
