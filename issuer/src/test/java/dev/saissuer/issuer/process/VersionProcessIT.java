package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sa-issuer --version} of the built jar names the project version and the commit the jar was built from
 * ({@code git rev-parse} of this checkout), or "unknown" when the tree is not a git checkout.
 */
class VersionProcessIT {
    @Test
    void versionNamesTheProjectVersionAndTheCommit() throws Exception {
        String projectVersion = System.getProperty("sa-issuer.project-version");
        assertNotNull(projectVersion, "failsafe passes sa-issuer.project-version (issuer/pom.xml)");
        String commit = run(List.of("git", "rev-parse", "--short=7", "HEAD"), 0, true);
        String expectedCommit = commit == null ? "unknown" : commit.strip();

        String out = run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        ServerProcess.JAR.toString(),
                        "--version"),
                0,
                false);
        assertEquals("sa-issuer " + projectVersion + " (commit " + expectedCommit + ")\n", out);
        assertTrue(projectVersion.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), projectVersion);
    }

    /** The command's output; with {@code nullIfFails}, null when it cannot run or exits otherwise. */
    private static String run(List<String> command, int expectedExit, boolean nullIfFails)
            throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            if (nullIfFails) {
                return null;
            }
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        if (nullIfFails && process.exitValue() != expectedExit) {
            return null;
        }
        assertEquals(expectedExit, process.exitValue(), command + ": " + out);
        return out;
    }
}
