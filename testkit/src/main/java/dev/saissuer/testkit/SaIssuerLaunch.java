package dev.saissuer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * How a {@link SaIssuerProcess} is started: flags, environment, TLS, and whether it drops root. Unless the test
 * names them, {@code serve} gets {@code --bind-address 127.0.0.1 --port 0 --metrics-bind-address 127.0.0.1:0}:
 * loopback only, ports chosen by the kernel and read back from the startup line.
 */
public final class SaIssuerLaunch {
    /** The unprivileged user (nobody) the server runs as when the tests run as root. */
    private static final int NOBODY = 65534;

    private final Path workDir;
    private final List<String> commandLine;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private SSLContext trust;
    private boolean dropRoot;
    private Duration readyTimeout = Duration.ofSeconds(60);
    private String issuerFormat;
    private static final int PORT_ATTEMPTS = 3;

    SaIssuerLaunch(Path workDir, List<String> commandLine) {
        this.workDir = workDir;
        this.commandLine = commandLine;
    }

    /** More flags for {@code serve}. */
    public SaIssuerLaunch flags(String... more) {
        flags.addAll(List.of(more));
        return this;
    }

    /** Environment variables for the server; inherited {@code SA_ISSUER_*} variables are always removed. */
    public SaIssuerLaunch env(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Serves TLS with a fresh certificate from {@code ca} (files under {@code workDir/tls}) and trusts it. */
    public SaIssuerLaunch tls(TestCa ca) {
        TestCa.ServerFiles files = ca.writeServer(workDir.resolve("tls"));
        flags("--tls-cert-file", files.certificateChain().toString());
        flags("--tls-private-key-file", files.privateKey().toString());
        return trusting(ca.clientContext());
    }

    /** The TLS context the test's HTTP client uses, when TLS comes from flags or environment the test wrote. */
    public SaIssuerLaunch trusting(SSLContext context) {
        this.trust = context;
        return this;
    }

    /**
     * When the tests run as root, runs the server as nobody, owning {@code workDir}, so that file modes mean what
     * they mean in production (root reads a mode-000 file; nobody does not).
     */
    public SaIssuerLaunch dropRoot() {
        this.dropRoot = true;
        return this;
    }

    /**
     * For an issuer URL that must carry the public port ({@code "https://localhost:%d/clusters/a"}), as relying
     * parties discover the issuer from it: picks a free port for {@code --port} and the issuer, and tries again
     * with another port if the chosen one was taken before sa-issuer bound it.
     */
    public SaIssuerLaunch issuerOnFreePort(String format) {
        this.issuerFormat = format;
        return this;
    }

    public SaIssuerLaunch readyTimeout(Duration timeout) {
        this.readyTimeout = timeout;
        return this;
    }

    /** Starts the process and waits until it is ready; if it is not, it is killed and the test fails. */
    public SaIssuerProcess start() {
        if (issuerFormat == null) {
            return start(List.of());
        }
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.loopback();
            List<String> portFlags = List.of(
                    "--port", Integer.toString(port), "--service-account-issuer", String.format(issuerFormat, port));
            try {
                return start(portFlags);
            } catch (AssertionError e) {
                if (attempt == PORT_ATTEMPTS || !lostPortRace(e)) {
                    throw e;
                }
            }
        }
    }

    private SaIssuerProcess start(List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        if (dropRoot && runningAsRoot()) {
            handOver(workDir);
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        if (commandLine != null) {
            command.addAll(commandLine);
            command.addAll(extraFlags);
            command.addAll(flags);
        } else {
            command.addAll(JavaJar.saIssuer().command("serve"));
            defaultFlag("--bind-address", "127.0.0.1", "SA_ISSUER_BIND_ADDRESS", command);
            command.addAll(extraFlags);
            if (extraFlags.isEmpty()) {
                defaultFlag("--port", "0", "SA_ISSUER_PORT", command);
            }
            defaultFlag("--metrics-bind-address", "127.0.0.1:0", "SA_ISSUER_METRICS_BIND_ADDRESS", command);
            command.addAll(flags);
        }
        try {
            Path log = Files.createTempFile(workDir, "sa-issuer-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("SA_ISSUER_"));
            builder.environment().putAll(environment);
            SaIssuerProcess process = new SaIssuerProcess(ChildProcesses.start(builder, log), log, trust);
            process.awaitReady(readyTimeout);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean lostPortRace(AssertionError e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("address already in use") || message.contains("failed to bind");
    }

    private void defaultFlag(String flag, String value, String variable, List<String> command) {
        boolean given = flags.stream().anyMatch(f -> f.equals(flag) || f.startsWith(flag + "="));
        if (!given && !environment.containsKey(variable)) {
            command.addAll(List.of(flag, value));
        }
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Gives {@code dir}'s tree to nobody and lets nobody pass through its parents under the temp directory. */
    private static void handOver(Path dir) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
            Path parent = dir.toAbsolutePath().getParent();
            while (parent != null && parent.startsWith(tmp) && !parent.equals(tmp)) {
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
                parent = parent.getParent();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dir + " over to nobody", e);
        }
    }
}
