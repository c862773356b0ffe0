package dev.saissuer.conformance.interop;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The private epmd (Erlang port mapper) a RabbitMQ node starts on its own port ({@code ERL_EPMD_PORT}). epmd
 * daemonizes, so it is no descendant of the node: it is stopped by its port, and killed by pid if it refuses.
 */
final class ErlangPortMapper {
    static final Path EPMD = Path.of("/usr/bin/epmd");

    private ErlangPortMapper() {}

    static void stop(int port) {
        if (!FreePorts.listening(port)) {
            return;
        }
        // "epmd -kill" refuses while nodes are still registered; the node is stopped before this runs.
        ChildProcesses.run(Duration.ofSeconds(10), List.of(EPMD.toString(), "-port", Integer.toString(port), "-kill"));
        try {
            Eventually.await(
                    "epmd on port " + port + " to exit",
                    Duration.ofSeconds(5),
                    () -> !FreePorts.listening(port),
                    () -> "");
        } catch (AssertionError refused) {
            killByPort(port);
        }
    }

    /** Kills the epmd processes started with {@code ERL_EPMD_PORT=port} (read from /proc/PID/environ). */
    private static void killByPort(int port) {
        String marker = "ERL_EPMD_PORT=" + port;
        ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("/epmd"))
                        .orElse(false))
                .filter(process -> environmentOf(process.pid()).contains(marker))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static List<String> environmentOf(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
