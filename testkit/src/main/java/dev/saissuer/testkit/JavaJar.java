package dev.saissuer.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar} for a jar the reactor built, named by a system property the module's pom sets (surefire and
 * failsafe run in the module directory, so a relative default would depend on where Maven was started).
 */
public record JavaJar(Path jar, List<String> jvmOptions) {
    /** The property naming {@code issuer/target/sa-issuer.jar}. */
    public static final String SA_ISSUER_PROPERTY = "sa-issuer.jar";

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    /** What a finished command printed and returned. */
    public record Run(int exitCode, String out, String err) {
        /** Standard output, then standard error. */
        public String output() {
            return out + err;
        }

        /** The exit code and both streams, for failure messages. */
        public String report() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** A command running in the background ({@code publish --watch}); closing it stops it. */
    public record Running(Process process, Path log) implements AutoCloseable {
        /** Everything it has printed (stdout and stderr). */
        public String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Polls until {@code condition} holds; fails with the end of the output after {@code timeout}. */
        public Duration await(String description, Duration timeout, Eventually.Condition condition) {
            return Eventually.await(description, timeout, condition, () -> ChildProcesses.tail(log, 60));
        }

        @Override
        public void close() {
            ChildProcesses.stop(process, Duration.ofSeconds(10));
        }
    }

    public JavaJar {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public JavaJar(Path jar) {
        this(jar, List.of());
    }

    /**
     * The same jar run with more JVM options before {@code -jar}: system properties such as the JSSE trust store
     * ({@link TestCa#trustStoreOptions}), as an operator passes them in {@code JAVA_TOOL_OPTIONS} or a unit file.
     */
    public JavaJar withJvmOptions(List<String> options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(options);
        return new JavaJar(jar, all);
    }

    /** The sa-issuer jar. */
    public static JavaJar saIssuer() {
        return fromProperty(SA_ISSUER_PROPERTY);
    }

    /** The jar named by {@code property}; fails, saying how to build it, if it is not there. */
    public static JavaJar fromProperty(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set: the module's pom sets it for "
                    + "surefire and failsafe");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it first (mvn -pl <module> -am verify builds it)");
        }
        return new JavaJar(jar);
    }

    /** The running JVM's java launcher. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java [jvmOptions] -jar JAR args...}, with C1 only: these JVMs live seconds, so startup matters, peak speed not. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command that ends by itself (mint, keygen, status), bounded, with {@code stdin} (or nothing) as input. */
    public Run run(Path workDir, String stdin, String... args) {
        return run(workDir, Map.of(), stdin, RUN_TIMEOUT, args);
    }

    /** As {@link #run(Path, String, String...)}, with environment variables for the command and its own bound. */
    public Run run(Path workDir, Map<String, String> environment, Duration timeout, String... args) {
        return run(workDir, environment, null, timeout, args);
    }

    /** Starts a command that runs until stopped, output (stdout and stderr) to a log in {@code workDir}. */
    public Running start(Path workDir, Map<String, String> environment, String... args) {
        try {
            Path log = Files.createTempFile(workDir, "command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(args))
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
            builder.environment().putAll(environment);
            return new Running(ChildProcesses.start(builder, log), log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + jar, e);
        }
    }

    private Run run(Path workDir, Map<String, String> environment, String stdin, Duration timeout, String... args) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(workDir, "out", ".txt");
            err = Files.createTempFile(workDir, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command(args))
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(jar.getFileName() + " " + String.join(" ", args) + " did not finish within "
                        + timeout + "\n" + Files.readString(out) + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover file in a temporary directory is harmless
        }
    }
}
