package dev.saissuer.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Paths to the committed test fixtures (see fixtures/README.md and kubernetes/README.md). */
public final class Fixtures {
    private static Path extracted;

    private Fixtures() {}

    public static Path fixture(String name) {
        return resource("fixtures/" + name);
    }

    public static Path kubernetes(String name) {
        return resource("kubernetes/" + name);
    }

    /** fixtures/kids.txt: file name to the kid openssl computed for it. */
    public static Map<String, String> pinnedKids() {
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

    /** A file path for a resource; from another module's test-jar the resource is copied out once. */
    private static synchronized Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI());
            }
            if (extracted == null) {
                extracted = Files.createTempDirectory("sa-issuer-fixtures");
            }
            Path file = extracted.resolve(name);
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                try (InputStream in = url.openStream()) {
                    Files.copy(in, file);
                }
            }
            return file;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read test resource " + name, e);
        }
    }
}
