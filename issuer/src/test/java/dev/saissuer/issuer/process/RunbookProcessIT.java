package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeadm runbook of docs/rotation.md, step by step, against a real server that reads one {@code sa.pub} file
 * as the static pod does: the new pair from {@code sa-issuer keygen}, the new public key appended in place, the
 * runbook's own wait command (its shell block, run with bash, curl, openssl and python3) until the new kid is safe
 * to sign with, then {@code sa.pub} rewritten in place with only the new key: the old kid is retained, also across
 * a restart, and tokens of both keys verify throughout.
 */
class RunbookProcessIT {
    private static final String ISSUER = "https://issuer.example.com";
    private static final String JWKS = "/openid/v1/jwks";
    private static final Duration CACHE_MAX_AGE = Duration.ofSeconds(2);
    // Long enough that the restart at the end happens inside it on a loaded machine.
    private static final Duration RETENTION = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MARKER = "<!-- RunbookProcessIT runs the next block";

    @Test
    void runbookStepsKeepBothKeysPublishedAndWaitForTheNewKid(@TempDir Path dir) throws Exception {
        requireTools("bash", "curl", "openssl", "python3");
        Path pki = Files.createDirectories(dir.resolve("pki"));
        KeyDirs.Pair oldPair = keygen(pki.resolve("sa.key"));
        Path saPub = pki.resolve("sa.pub");
        // Step 1: the new pair, made by the command the runbook gives.
        KeyDirs.Pair newPair =
                keygen(Files.createDirectories(dir.resolve("root")).resolve("sa-new.key"));
        String[] flags = {
            "--service-account-issuer",
            ISSUER,
            "--service-account-key-file",
            saPub.toString(),
            "--state-dir",
            dir.resolve("state").toString(),
            "--cache-max-age",
            CACHE_MAX_AGE.toSeconds() + "s",
            "--key-retention",
            RETENTION.toSeconds() + "s",
            "--key-poll-interval",
            "1s"
        };
        String oldToken = oldPair.mint(ISSUER, Duration.ofHours(1));
        try (ServerProcess server = ServerProcess.serve(dir, flags)) {
            assertEquals(List.of(oldPair.kid()), server.kids(JWKS));

            // Step 2: append the new public key to sa.pub in place (same inode: the pod's mount sees it).
            Object inode = inode(saPub);
            Files.write(saPub, Files.readAllBytes(newPair.publicKey()), StandardOpenOption.APPEND);
            assertEquals(inode, inode(saPub), "appended in place");
            server.await("both kids published", WAIT, () -> server.kids(JWKS)
                    .containsAll(List.of(oldPair.kid(), newPair.kid())));

            // Step 3: the runbook's wait command, as written, for the new kid.
            String block = waitBlock(newPair.publicKey(), server.admin(""));
            String out = bash(block, 0);
            assertTrue(out.contains(newPair.kid() + " safe to sign from "), out);
            JsonNode newKey = key(server, newPair.kid());
            assertEquals(
                    Instant.parse(newKey.path("firstPublished").asText()).plus(CACHE_MAX_AGE),
                    Instant.parse(newKey.path("safeToSignFrom").asText()),
                    "safe to sign from = first published + --cache-max-age");
            assertTrue(newKey.path("safeToSign").asBoolean(), newKey.toString());
            // The same command keeps waiting for a kid that is not published (stopped by timeout, exit 124).
            String unknownKid = "x" + newPair.kid().substring(1);
            String stillWaiting = bash(block.replace("NEW_KID=$(", "NEW_KID=" + unknownKid + " # $("), 124, "5");
            assertTrue(stillWaiting.contains(unknownKid + " not published yet"), stillWaiting);

            // Step 4 (kube-apiserver and kube-controller-manager sign with the new key) leaves sa-issuer's files alone.
            String newToken = newPair.mint(ISSUER, Duration.ofHours(1));
            assertAllVerify(server, List.of(oldToken, newToken));

            // Step 5: sa.pub rewritten in place with only the new key: the old kid is retained, after the new one.
            Files.writeString(saPub, Files.readString(newPair.publicKey()), StandardOpenOption.TRUNCATE_EXISTING);
            assertEquals(inode, inode(saPub), "rewritten in place");
            server.await("old kid retained", WAIT, () -> "retained"
                    .equals(key(server, oldPair.kid()).path("state").asText()));
            assertTrue(key(server, oldPair.kid()).hasNonNull("retireAt"));
            assertEquals(List.of(newPair.kid(), oldPair.kid()), server.kids(JWKS));
            assertAllVerify(server, List.of(oldToken, newToken));
            assertEquals(0, server.stop(WAIT), server.output());
        }
        // The state directory keeps the old kid retained across a restart.
        try (ServerProcess server = ServerProcess.serve(dir, flags)) {
            assertEquals(List.of(newPair.kid(), oldPair.kid()), server.kids(JWKS));
            assertEquals("retained", key(server, oldPair.kid()).path("state").asText());
            assertAllVerify(server, List.of(oldToken));
        }
    }

    /** docs/rotation.md's wait block, pointed at this test's public key file and admin listener. */
    private static String waitBlock(Path newPublicKey, String adminUrl) throws IOException {
        String doc = Files.readString(repoRoot().resolve("docs/rotation.md"));
        int marker = doc.indexOf(MARKER);
        assertTrue(marker >= 0, "docs/rotation.md has the marked wait block");
        Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(marker));
        assertTrue(block.find(), "a sh block follows the marker");
        String text = block.group(1);
        for (String expected : List.of("/root/sa-new.pub", "ADMIN=http://127.0.0.1:10291", "sleep 60")) {
            assertTrue(text.contains(expected), "the block still contains " + expected + ":\n" + text);
        }
        return text.replace("/root/sa-new.pub", newPublicKey.toString())
                .replace("ADMIN=http://127.0.0.1:10291", "ADMIN=" + adminUrl)
                .replace("sleep 60", "sleep 1");
    }

    /** Runs a shell block under {@code timeout} (exit 124 when it is still running then). */
    private static String bash(String script, int expectedExit) throws IOException, InterruptedException {
        return bash(script, expectedExit, Long.toString(WAIT.toSeconds()));
    }

    private static String bash(String script, int expectedExit, String timeoutSeconds)
            throws IOException, InterruptedException {
        Result result = run(List.of("timeout", timeoutSeconds, "bash", "-c", script));
        assertEquals(expectedExit, result.exit(), script + "\n--- output ---\n" + result.out());
        return result.out();
    }

    private record Result(int exit, String out) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within " + WAIT + ":\n" + out);
        }
        return new Result(process.exitValue(), out);
    }

    private static KeyDirs.Pair keygen(Path privateKey) throws IOException, InterruptedException {
        Result keygen = run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ServerProcess.JAR.toString(),
                "keygen",
                "--out",
                privateKey.toString()));
        String out = keygen.out();
        assertEquals(0, keygen.exit(), out);
        Matcher kid = Pattern.compile("kid (\\S+)").matcher(out);
        assertTrue(kid.find(), out);
        Path publicKey =
                privateKey.resolveSibling(privateKey.getFileName().toString().replaceFirst("\\.key$", ".pub"));
        assertTrue(Files.isRegularFile(publicKey), out);
        Files.setPosixFilePermissions(publicKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return new KeyDirs.Pair(privateKey, publicKey, kid.group(1));
    }

    private static Object inode(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static JsonNode key(ServerProcess server, String kid) throws Exception {
        for (JsonNode key : server.json(server.admin("/status")).path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return key;
            }
        }
        return MissingNode.getInstance();
    }

    private static void assertAllVerify(ServerProcess server, List<String> tokens) throws Exception {
        String jwks = server.get(server.url(JWKS)).body();
        for (String token : tokens) {
            assertTrue(KeyDirs.verifies(token, jwks), "token must verify against " + jwks);
        }
        assertFalse(KeyDirs.verifies(tokens.get(0) + "x", jwks), "a damaged token must not verify");
    }

    /** The runbook's tools; CI has them (Debian), so under CI=true a missing one fails instead of skipping. */
    private static void requireTools(String... tools) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            Process which = new ProcessBuilder("bash", "-c", "command -v " + tool)
                    .redirectErrorStream(true)
                    .start();
            which.getInputStream().readAllBytes();
            if (which.waitFor() != 0) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the runbook needs " + missing + " on the PATH (apt-get install curl openssl python3)";
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.err.println("RunbookProcessIT: skipped: " + message);
        Assumptions.assumeTrue(false, message);
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/rotation.md"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no docs/rotation.md above " + Path.of("").toAbsolutePath());
    }
}
