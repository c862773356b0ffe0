package dev.saissuer.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paths to the committed test fixtures (see fixtures/README.md and kubernetes/README.md). */
final class Fixtures {
    private Fixtures() {
    }

    static Path fixture(String name) {
        return resource("fixtures/" + name);
    }

    static Path kubernetes(String name) {
        return resource("kubernetes/" + name);
    }

    /** fixtures/kids.txt: file name to the kid openssl computed for it. */
    static Map<String, String> pinnedKids() {
        Map<String, String> kids = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(fixture("kids.txt"))) {
                String[] parts = line.trim().split(" ");
                kids.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kids;
    }

    private static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
