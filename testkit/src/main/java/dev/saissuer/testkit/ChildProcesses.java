package dev.saissuer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the external processes tests run (sa-issuer, RabbitMQ, OpenSearch), so none outlives its test. */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** Starts a process whose output goes to {@code log}; if the test JVM dies first, its exit kills the process. */
    public static Process start(ProcessBuilder builder, Path log) {
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process process = builder.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> killTree(process.toHandle()), "kill " + process.pid()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL the process and whatever it started that is still alive. */
    public static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Runs a short command to completion (bounded), output discarded, and returns its exit code. */
    public static int run(Duration timeout, List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** The last lines of a log, for failure messages. */
    public static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no " + log + ")";
            }
            List<String> all = Files.readAllLines(log);
            return "--- last lines of " + log + ":\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
