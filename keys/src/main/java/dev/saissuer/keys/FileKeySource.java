package dev.saissuer.keys;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keys from a PEM file or a directory of them, read as kube-apiserver reads {@code --service-account-key-file}
 * (see {@link KeyFiles}); the kid of each is derived from its SubjectPublicKeyInfo, as kube-apiserver derives it.
 */
public record FileKeySource(Path path, boolean signing, Consumer<String> warnings) implements KeySource {

    public static FileKeySource of(Path path) {
        return new FileKeySource(path, false, warning -> {});
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public List<LoadedKey> read() {
        return KeyFiles.readPublicKeys(path, warnings);
    }

    @Override
    public List<Path> watchedPaths() {
        return List.of(path);
    }
}
