package dev.saissuer.bench;

import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.LoadedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one reload costs: reading every key file of a directory (PEM decode, public half, kid) and rendering the
 * discovery document and JWKS, for a directory of 1, 10 and 100 RSA 2048 public keys (kubeadm's key type).
 * {@link #render} alone separates the JSON and digest work from the file and PEM work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReloadBenchmark {
    @Param({"1", "10", "100"})
    public int keys;

    private Path directory;
    private IssuerUrl issuer;
    private URI jwksUri;
    private List<LoadedKey> loaded;

    @Setup(Level.Trial)
    public void writeKeyFiles() throws IOException {
        directory = Files.createTempDirectory("sa-issuer-jmh");
        for (int i = 0; i < keys; i++) {
            String pem = KeyGeneration.generate(KeyGeneration.KeyType.RSA).publicPem();
            Files.writeString(directory.resolve(String.format("key-%03d.pub", i)), pem, StandardCharsets.US_ASCII);
        }
        issuer = IssuerUrl.parse("https://issuer.example.com", false);
        jwksUri = issuer.defaultJwksUri();
        loaded = KeyFiles.readPublicKeys(directory);
    }

    @TearDown(Level.Trial)
    public void deleteKeyFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ReloadBenchmark::delete);
        }
    }

    /** The whole reload: files to documents. */
    @Benchmark
    public IssuerDocuments loadAndRender() {
        return IssuerDocuments.render(issuer, jwksUri, KeyFiles.readPublicKeys(directory));
    }

    /** Rendering alone, from keys already loaded. */
    @Benchmark
    public IssuerDocuments render() {
        return IssuerDocuments.render(issuer, jwksUri, loaded);
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
