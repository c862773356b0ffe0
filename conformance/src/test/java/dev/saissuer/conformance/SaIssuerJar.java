package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar issuer/target/sa-issuer.jar}, the jar the reactor built before this module's tests. */
final class SaIssuerJar {
    /** What a finished command printed and returned. */
    record Run(int exitCode, String out, String err) {}

    private SaIssuerJar() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("sa-issuer.jar", "../issuer/target/sa-issuer.jar"));
        assertTrue(
                Files.isRegularFile(jar),
                jar + " is missing: build it first (mvn -pl conformance -am verify builds it)");
        return jar;
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command that ends by itself (mint, verify), within a bounded time, with nothing on standard input. */
    static Run run(Path workDir, String stdin, String... args) {
        try {
            Path out = Files.createTempFile(workDir, "out", ".txt");
            Path err = Files.createTempFile(workDir, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command(args))
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("sa-issuer " + String.join(" ", args) + " did not finish within 60s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run sa-issuer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
