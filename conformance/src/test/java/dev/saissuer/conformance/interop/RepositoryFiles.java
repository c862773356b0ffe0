package dev.saissuer.conformance.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own files the interop tests run: the relying parties' configuration under {@code compose/}. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    static Path root() {
        return Path.of(System.getProperty("sa-issuer.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path compose(String relative) {
        Path file = root().resolve("compose").resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file);
        }
        return file;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
