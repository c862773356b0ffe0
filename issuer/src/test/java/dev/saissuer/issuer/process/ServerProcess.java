package dev.saissuer.issuer.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code java -jar issuer/target/sa-issuer.jar serve} process for tests, on ports it chose itself (read
 * back from its startup line). When the tests run as root, the server runs as nobody so that file permissions
 * mean what they mean in production; its working tree is opened up for that.
 */
public final class ServerProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target/sa-issuer.jar").toAbsolutePath();
    private static final Pattern STARTED = Pattern.compile("serving issuer \\S+ at (\\S+) \\(metrics [^:]+:(\\d+)\\)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private Path errors;
    private String publicUrl;
    private int adminPort;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code serve} with the given flags (plus ephemeral ports) in {@code workDir}, and waits until ready. */
    public static ServerProcess serve(Path workDir, String... flags) throws IOException, InterruptedException {
        return serve(workDir, java.util.Map.of(), flags);
    }

    /** As {@link #serve(Path, String...)}, with environment variables added for the server. */
    public static ServerProcess serve(Path workDir, java.util.Map<String, String> environment, String... flags)
            throws IOException, InterruptedException {
        return start(workDir, environment, true, flags);
    }

    /** Starts {@code serve} without waiting: for what must happen during start-up; then {@link #awaitStarted}. */
    public static ServerProcess launch(Path workDir, String... flags) throws IOException, InterruptedException {
        return start(workDir, java.util.Map.of(), false, flags);
    }

    private static ServerProcess start(
            Path workDir, java.util.Map<String, String> environment, boolean await, String... flags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            openUp(workDir);
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "serve"));
        List<String> given = List.of(flags);
        if (!given.contains("--port")) {
            command.addAll(List.of("--port", "0"));
        }
        if (!given.contains("--metrics-bind-address")) {
            command.addAll(List.of("--metrics-bind-address", "127.0.0.1:0"));
        }
        command.addAll(given);
        Path log = Files.createTempFile(workDir, "server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, log);
        if (await) {
            server.awaitStarted();
        }
        return server;
    }

    /** How a command that ran to its end finished: exit code, standard output and standard error. */
    public record Ran(int exitCode, String stdout, String stderr) {
        public String both() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** Runs {@code java -jar sa-issuer.jar ARGS} to its end (bounded by {@code timeout}) with the environment added. */
    public static Ran run(Path workDir, java.util.Map<String, String> environment, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Process process = start(workDir, environment, args);
        Path out = workDir.resolve("command-" + process.pid() + ".out");
        Path err = workDir.resolve("command-" + process.pid() + ".err");
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("sa-issuer " + String.join(" ", args) + " did not end within " + timeout + "\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new Ran(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts {@code java -jar sa-issuer.jar ARGS} and returns at once; output goes to the log, read by output(). */
    public static ServerProcess launch(Path workDir, java.util.Map<String, String> environment, String... args)
            throws IOException {
        Process process = start(workDir, environment, args);
        ServerProcess launched = new ServerProcess(process, workDir.resolve("command-" + process.pid() + ".out"));
        launched.errors = workDir.resolve("command-" + process.pid() + ".err");
        return launched;
    }

    private static Process start(Path workDir, java.util.Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path pending = Files.createTempFile(workDir, "command", ".pending");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(pending.toFile())
                .redirectError(
                        pending.resolveSibling(pending.getFileName() + ".err").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.move(pending, workDir.resolve("command-" + process.pid() + ".out"));
        Files.move(
                pending.resolveSibling(pending.getFileName() + ".err"),
                workDir.resolve("command-" + process.pid() + ".err"));
        return process;
    }

    /** A port free at the moment of asking, for flags that must name one (the demo's issuer URL carries it). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Lets the unprivileged server read the test's files and write its state directory. */
    public static void openUp(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Path p = dir.getParent();
                p != null && p.startsWith(System.getProperty("java.io.tmpdir"));
                p = p.getParent()) {
            if (!p.toString().equals(System.getProperty("java.io.tmpdir"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    public void awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(output().replace("\\/", "/")); // JSON logs escape slashes
            if (m.find()) {
                publicUrl = m.group(1).replace("0.0.0.0", "127.0.0.1");
                adminPort = Integer.parseInt(m.group(2));
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("sa-issuer exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("sa-issuer did not start within 30 s:\n" + output());
    }

    public String output() throws IOException {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        return errors == null ? out : out + Files.readString(errors, StandardCharsets.UTF_8);
    }

    public String url(String path) {
        return publicUrl + path;
    }

    public String admin(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The kids of the served JWKS, in order. */
    public List<String> kids(String jwksPath) throws IOException, InterruptedException {
        List<String> kids = new ArrayList<>();
        json(url(jwksPath)).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    public void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Polls until the condition holds; fails with the server's log after {@code timeout}. */
    public void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "\n--- server log ---\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** A condition that may do I/O. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
