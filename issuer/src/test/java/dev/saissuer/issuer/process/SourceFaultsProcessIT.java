package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken key source never shrinks what is published: the last good keys stay, readiness stays, status and
 * metrics show the failure, and fixing the file recovers without a restart. Also Secret volume swaps, SIGHUP,
 * and the startup contract for broken input.
 */
class SourceFaultsProcessIT {
    private static final String ISSUER = "https://issuer.example.com";
    private static final String JWKS = "/openid/v1/jwks";
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** A fault applied to a key file, and the words of the error it causes. */
    @FunctionalInterface
    interface Fault {
        void apply(Path file) throws Exception;
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(
                        "truncated",
                        (Fault) f -> Files.writeString(f, Files.readString(f).substring(0, 100)),
                        "malformed PEM"),
                Arguments.of("garbage", (Fault) f -> Files.writeString(f, "garbage\n"), "no PEM block found"),
                Arguments.of("emptied", (Fault) f -> Files.writeString(f, ""), "file is empty"),
                Arguments.of("deleted", (Fault) Files::delete, "no such file or directory"),
                Arguments.of(
                        "unreadable",
                        (Fault) f -> Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------")),
                        "permission denied"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void brokenFileKeepsItsLastGoodKeysAndRecovers(String name, Fault fault, String reason, @TempDir Path dir)
            throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "a");
        TestKeys.Pair b = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki"), "b");
        String good = Files.readString(a.publicKey());
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        a.publicKey().toString(),
                        "--service-account-key-file",
                        b.publicKey().toString(),
                        "--key-poll-interval",
                        "500ms",
                        "--key-retention",
                        "1s")
                .dropRoot()
                .start()) {
            List<String> before = server.kids(JWKS);
            assertEquals(List.of(a.kid(), b.kid()), before);

            fault.apply(a.publicKey());
            server.await("the failure in /status", WAIT, () -> !source(server, 0)
                    .path("ok")
                    .asBoolean());
            assertTrue(
                    source(server, 0).path("error").asText().contains(reason),
                    source(server, 0).toString());
            // The key stays because its source is broken, not because it is retained: in the /status that reports
            // the failure its kid is still current, with no retirement time, so no --key-retention clock runs for
            // it. (This replaces a sleep past the retention window, which showed the same thing by waiting.)
            JsonNode status = server.json(server.admin("/status"));
            assertFalse(status.path("sources").path(0).path("ok").asBoolean(), status.toString());
            JsonNode brokenKey = key(status, a.kid());
            assertEquals("current", brokenKey.path("state").asText(), status.toString());
            assertTrue(brokenKey.path("retireAt").isMissingNode(), status.toString());
            assertEquals(before, server.kids(JWKS));
            assertEquals(200, server.get(server.url("/readyz")).statusCode());
            assertTrue(server.get(server.admin("/metrics")).body().contains("sa_issuer_failing_sources 1.0"));
            assertTrue(
                    server.get(server.admin("/metrics")).body().contains("sa_issuer_reloads_total{result=\"failed\"}"));
            assertEquals(
                    1,
                    server.log()
                            .lines()
                            .filter(l -> l.contains("failed, keeping its last good"))
                            .count(),
                    "each distinct error is logged once\n" + server.log());

            Files.deleteIfExists(a.publicKey());
            Files.writeString(a.publicKey(), good);
            server.await("recovery", WAIT, () -> source(server, 0).path("ok").asBoolean());
            assertEquals(before, server.kids(JWKS));
            assertTrue(server.log().contains("recovered"), server.log());
        }
    }

    @Test
    void secretVolumeSymlinkSwapIsServedQuickly(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("secret"));
        TestKeys.Pair first = TestKeys.write(TestKeys.Type.RSA, dir.resolve("gen"), "first");
        TestKeys.Pair second = TestKeys.write(TestKeys.Type.RSA, dir.resolve("gen"), "second");
        Path v1 = Files.createDirectory(mount.resolve("..2026_01_01_00_00_00.000000001"));
        Files.copy(first.publicKey(), v1.resolve("sa.pub"));
        Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(mount.resolve("sa.pub"), Path.of("..data/sa.pub"));
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        mount.toString(),
                        "--key-poll-interval",
                        "1h")
                .dropRoot()
                .start()) {
            assertEquals(List.of(first.kid()), server.kids(JWKS));
            // What the kubelet does: a new timestamped directory, then an atomic rename of a new ..data link.
            Path v2 = Files.createDirectory(mount.resolve("..2026_01_02_00_00_00.000000002"));
            Files.copy(second.publicKey(), v2.resolve("sa.pub"));
            Files.createSymbolicLink(mount.resolve("..data_tmp"), v2.getFileName());
            long swapped = System.nanoTime();
            Files.move(
                    mount.resolve("..data_tmp"), mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            server.await("the swapped key", Duration.ofSeconds(1), () -> server.kids(JWKS)
                    .contains(second.kid()));
            System.out.printf(
                    "symlink swap served in %d ms (poll interval 1h: file events only)%n",
                    (System.nanoTime() - swapped) / 1_000_000);
            assertEquals(List.of(second.kid(), first.kid()), server.kids(JWKS));
        }
    }

    @Test
    void sighupReloadsWhatNoFileEventReported(@TempDir Path dir) throws Exception {
        // The source is a link in a watched directory to a file elsewhere: changing the target raises no event there.
        TestKeys.Pair first = TestKeys.write(TestKeys.Type.RSA, dir.resolve("elsewhere"), "first");
        TestKeys.Pair second = TestKeys.write(TestKeys.Type.RSA, dir.resolve("gen"), "second");
        Path link = Files.createDirectories(dir.resolve("watched")).resolve("sa.pub");
        Files.createSymbolicLink(link, first.publicKey());
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        link.toString(),
                        "--key-poll-interval",
                        "1h")
                .dropRoot()
                .start()) {
            assertEquals(List.of(first.kid()), server.kids(JWKS));
            Files.writeString(first.publicKey(), Files.readString(second.publicKey()));
            // An event that never comes has no barrier to wait on (any reload, however caused, would read the
            // changed target), so this one wait stays: a window in which a wrongly raised event would show.
            Thread.sleep(1000);
            assertEquals(List.of(first.kid()), server.kids(JWKS), "no event, no poll: nothing yet");
            server.signal("HUP");
            server.await("the reloaded key", WAIT, () -> server.kids(JWKS).contains(second.kid()));
        }
    }

    @Test
    void emptiedDirectoryNeverEmptiesThePublishedSet(@TempDir Path dir) throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("keys"), "a");
        Files.delete(a.privateKey());
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--service-account-key-file",
                        dir.resolve("keys").toString(),
                        "--key-poll-interval",
                        "500ms",
                        "--key-retention",
                        "0s")
                .dropRoot()
                .start()) {
            Files.delete(a.publicKey());
            server.await("the failure in /status", WAIT, () -> !source(server, 0)
                    .path("ok")
                    .asBoolean());
            assertTrue(source(server, 0).path("error").asText().contains("directory holds no key files"));
            assertEquals(List.of(a.kid()), server.kids(JWKS));
        }
    }

    @Test
    void unwritableStateDirectoryIsReportedWhileServingGoesOn(@TempDir Path dir) throws Exception {
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, dir.resolve("keys"), "a");
        TestKeys.Pair b = TestKeys.write(TestKeys.Type.RSA, dir.resolve("gen"), "b");
        Path state = dir.resolve("state");
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-issuer",
                        ISSUER,
                        "--log-format",
                        "json",
                        "--service-account-key-file",
                        dir.resolve("keys").toString(),
                        "--state-dir",
                        state.toString(),
                        "--key-poll-interval",
                        "500ms")
                .dropRoot()
                .start()) {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.copy(b.publicKey(), dir.resolve("keys/b.pub"));
            server.await("the new key", WAIT, () -> server.kids(JWKS).contains(b.kid()));
            server.await("the state error", WAIT, () -> !server.json(server.admin("/status"))
                    .path("stateError")
                    .isNull());
            assertTrue(server.get(server.admin("/metrics")).body().contains("sa_issuer_state_persist_failing 1.0"));
            assertEquals(List.of(a.kid(), b.kid()), server.kids(JWKS));
            // Every log line is one JSON object with a level and a message.
            for (String line : server.log().lines().toList()) {
                JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                assertTrue(event.has("level") && event.has("formattedMessage"), line);
            }
            assertTrue(server.log().contains("cannot save the key timeline"), server.log());
        } finally {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static JsonNode key(JsonNode status, String kid) {
        for (JsonNode key : status.path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return key;
            }
        }
        throw new AssertionError(kid + " is not in /status: " + status);
    }

    private static JsonNode source(SaIssuerProcess server, int index) throws Exception {
        return server.json(server.admin("/status")).path("sources").path(index);
    }
}
