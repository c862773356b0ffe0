package dev.saissuer.issuer.process;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The process group a test's shell leads (started with {@code setsid}), read from /proc: what the shell started
 * in the background stays in it after the shell exits, so a test can see what is left and kill it all. Killing
 * group {@code -ID} is harmless when the shell does not lead it: only a leader's PID names a group.
 */
record ProcessGroup(long id) {
    /** Whether the process {@code id} leads its group (setsid has run). */
    boolean led() {
        String[] fields = statFields(Path.of("/proc", String.valueOf(id)));
        return fields != null && Long.parseLong(fields[2]) == id;
    }

    /** The live (not zombie) processes of the group. */
    List<Long> members() {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                String[] fields = statFields(p);
                if (fields != null && !fields[0].equals("Z") && Long.parseLong(fields[2]) == id) {
                    members.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    /** SIGTERM to the group, then SIGKILL to what is still there after a bounded wait. */
    void kill() {
        if (members().isEmpty()) {
            return;
        }
        ChildProcesses.run(Duration.ofSeconds(10), List.of("kill", "-TERM", "--", "-" + id));
        try {
            Eventually.await("process group " + id + " ends", Duration.ofSeconds(10), () -> members()
                    .isEmpty());
        } catch (AssertionError e) {
            ChildProcesses.run(Duration.ofSeconds(10), List.of("kill", "-KILL", "--", "-" + id));
        }
    }

    /** The fields of /proc/PID/stat after the command name (state, ppid, pgrp, ...); null when it is gone. */
    private static String[] statFields(Path processDir) {
        try {
            String stat = Files.readString(processDir.resolve("stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
