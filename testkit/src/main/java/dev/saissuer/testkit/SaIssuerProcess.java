package dev.saissuer.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A real sa-issuer process ({@code java -jar sa-issuer.jar serve}, or a command line copied from deploy/), started
 * by {@link SaIssuerLaunch}. Its ports are read back from its startup line; it is ready when the admin listener's
 * {@code /readyz} answers 200. Closing it sends SIGTERM and requires exit code 0, as the kubelet and systemd
 * expect; a process that does not stop is killed and the test fails.
 */
public final class SaIssuerProcess implements AutoCloseable {
    private static final Pattern STARTED =
            Pattern.compile("serving issuer (\\S+) at (https?)://(\\S+):(\\d+) \\(metrics ([^\\s:]*):(\\d+)\\)");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final HttpClient http;
    private String issuer;
    private String publicBase;
    private int port;
    private String adminBase;
    private Duration startup;

    SaIssuerProcess(Process process, Path log, SSLContext trust) {
        this.process = process;
        this.log = log;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (trust != null) {
            client.sslContext(trust);
        }
        this.http = client.build();
    }

    /** {@code sa-issuer serve} with the given flags, in {@code workDir} (see {@link SaIssuerLaunch}). */
    public static SaIssuerLaunch serve(Path workDir, String... flags) {
        return new SaIssuerLaunch(workDir, null).flags(flags);
    }

    /** A whole command line (java, its flags, the jar, serve, flags), as an operator copies it from deploy/. */
    public static SaIssuerLaunch commandLine(Path workDir, List<String> command) {
        return new SaIssuerLaunch(workDir, List.copyOf(command));
    }

    /** Waits for the startup line, then for {@code /readyz}; on failure the process is killed before throwing. */
    void awaitReady(Duration timeout) {
        long started = System.nanoTime();
        try {
            Eventually.await("sa-issuer's startup line", timeout, this::readStartupLine, this::diagnostics);
            Eventually.await(
                    "200 from " + admin("/readyz"),
                    timeout,
                    () -> get(admin("/readyz")).statusCode() == 200,
                    this::diagnostics);
            startup = Duration.ofNanos(System.nanoTime() - started);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private boolean readStartupLine() {
        if (!process.isAlive()) {
            throw new AssertionError("sa-issuer exited with " + process.exitValue() + "\n" + log());
        }
        Matcher m = STARTED.matcher(log().replace("\\/", "/")); // JSON log lines escape slashes
        if (!m.find()) {
            return false;
        }
        issuer = m.group(1);
        boolean tls = m.group(2).equals("https");
        port = Integer.parseInt(m.group(4));
        publicBase = m.group(2) + "://" + reachable(m.group(3), tls) + ":" + port;
        adminBase = "http://" + reachable(m.group(5), false) + ":" + m.group(6);
        return true;
    }

    /** Where a test reaches a listener bound to {@code host}: by the certificate's name over TLS. */
    private static String reachable(String host, boolean tls) {
        boolean local = List.of("", "0.0.0.0", "[::]", "127.0.0.1", "localhost").contains(host);
        return !local ? host : tls ? TestCa.HOST : "127.0.0.1";
    }

    /** The issuer URL, exactly as it appears in tokens' {@code iss} and in the discovery document. */
    public String issuer() {
        return issuer;
    }

    /** The public listener's port (for a proxy in front of an issuer named like a public one). */
    public int port() {
        return port;
    }

    /** A URL on the public listener. */
    public String url(String path) {
        return publicBase + path;
    }

    /** A URL on the admin listener (metrics, status, probes). */
    public String admin(String path) {
        return adminBase + path;
    }

    /** How long the process took from start to ready. */
    public Duration startup() {
        return startup;
    }

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs a JSON document that must answer 200. */
    public JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The kids of the JWKS served at {@code jwksPath} on the public listener, in order. */
    public List<String> kids(String jwksPath) throws IOException, InterruptedException {
        List<String> kids = new ArrayList<>();
        json(url(jwksPath)).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    /** Everything the process has printed (stdout and stderr). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of the log, for failure messages. */
    public String diagnostics() {
        return ChildProcesses.tail(log, 60);
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name ({@code HUP}, {@code TERM}). */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + pid() + " failed");
        }
    }

    /** Polls until {@code condition} holds; fails with the server's log after {@code timeout}. */
    public Duration await(String description, Duration timeout, Eventually.Condition condition) {
        return Eventually.await(description, timeout, condition, this::diagnostics);
    }

    /** SIGTERM, then waits for the exit; returns the exit code. A process still running after 20 s fails the test. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("sa-issuer did not stop within " + STOP_TIMEOUT + " of SIGTERM\n" + diagnostics());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash or an OOM kill: nothing of sa-issuer's runs on the way out. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops a running process with SIGTERM and requires exit code 0; a process that already ended is left be. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            int exit = stop();
            if (exit != 0) {
                throw new AssertionError("sa-issuer exited with " + exit + " after SIGTERM\n" + diagnostics());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping sa-issuer", e);
        }
    }
}
