package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While concurrent clients fetch both documents, key files are deleted, truncated, filled with garbage, made
 * unreadable, swapped Secret-style, rotated every second, the state directory is made unwritable and SIGHUP
 * arrives: no request may fail, and every JWKS served must consist of keys that were valid at some moment.
 * Then kill -9 in the middle of a rotation: after a restart with the same state, retained keys are published.
 */
class FaultsUnderLoadProcessIT {
    private static final String ISSUER = "https://issuer.example.com";
    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("faults.seconds", 30));
    private static final int CLIENTS = 6;
    private static final long MAX_REQUESTS = 2_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noRequestFailsWhileSourcesAreBrokenAndKeysRotate(@TempDir Path dir) throws Exception {
        Set<String> everValid = ConcurrentHashMap.newKeySet();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path gen = Files.createDirectories(dir.resolve("gen"));
        Path single = dir.resolve("single/a.pub");
        TestKeys.Pair a = TestKeys.write(TestKeys.Type.RSA, single.getParent(), "a");
        Files.delete(a.privateKey());
        String goodSingle = Files.readString(single);
        everValid.add(a.kid());
        List<TestKeys.Pair> rotation = new ArrayList<>();
        rotation.add(TestKeys.write(TestKeys.Type.RSA, gen, "r0"));
        everValid.add(rotation.get(0).kid());
        Files.copy(rotation.get(0).publicKey(), keys.resolve("r0.pub"));
        Path mount = Files.createDirectories(dir.resolve("secret"));
        TestKeys.Pair s0 = TestKeys.write(TestKeys.Type.RSA, gen, "s0");
        everValid.add(s0.kid());
        Path v0 = Files.createDirectory(mount.resolve("..v0"));
        Files.copy(s0.publicKey(), v0.resolve("sa.pub"));
        Files.createSymbolicLink(mount.resolve("..data"), v0.getFileName());
        Files.createSymbolicLink(mount.resolve("sa.pub"), Path.of("..data/sa.pub"));
        Path state = dir.resolve("state");
        String[] flags = {
            "--service-account-issuer",
            ISSUER,
            "--service-account-key-file",
            keys.toString(),
            "--service-account-key-file",
            single.toString(),
            "--service-account-key-file",
            mount.toString(),
            "--state-dir",
            state.toString(),
            "--key-poll-interval",
            "500ms",
            "--key-retention",
            "10m"
        };

        AtomicLong requests = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        int faults = 0;
        List<String> publishedBeforeKill;
        try (SaIssuerProcess server =
                SaIssuerProcess.serve(dir, flags).dropRoot().start()) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long deadline = System.nanoTime() + LOAD.toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> load(server, deadline, requests, failures, everValid));
            }
            int step = 0;
            while (System.nanoTime() < deadline - 2_000_000_000L) {
                faults += inject(step++, server, keys, gen, single, goodSingle, mount, state, rotation, everValid);
                Thread.sleep(1000);
            }
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
            restoreAll(single, goodSingle, state);
            server.await("all sources healthy again", Duration.ofSeconds(15), () -> {
                for (JsonNode s : server.json(server.admin("/status")).path("sources")) {
                    if (!s.path("ok").asBoolean()) {
                        return false;
                    }
                }
                return true;
            });
            System.out.printf(
                    "faults under load: %d requests, %d faults injected, %d failures, %d clients, %d s%n",
                    requests.get(), faults, failures.size(), CLIENTS, LOAD.toSeconds());
            assertEquals(List.of(), List.copyOf(failures).subList(0, Math.min(5, failures.size())));
            assertTrue(requests.get() > 100, "load ran: " + requests.get());

            // Mid-rotation: a new key in, the oldest out (now retained), then kill -9 at once.
            TestKeys.Pair next = TestKeys.write(TestKeys.Type.RSA, gen, "last");
            everValid.add(next.kid());
            Files.copy(next.publicKey(), keys.resolve("last.pub"));
            Files.delete(
                    keys.resolve(rotation.get(rotation.size() - 1).publicKey().getFileName()));
            server.await("the last rotation", Duration.ofSeconds(10), () -> server.kids("/openid/v1/jwks")
                    .contains(next.kid()));
            publishedBeforeKill = server.kids("/openid/v1/jwks");
            server.kill9();
        }
        try (SaIssuerProcess restarted =
                SaIssuerProcess.serve(dir, flags).dropRoot().start()) {
            List<String> after = restarted.kids("/openid/v1/jwks");
            assertTrue(
                    after.containsAll(publishedBeforeKill),
                    "before kill " + publishedBeforeKill + ", after restart " + after);
        }
    }

    private static int inject(
            int step,
            SaIssuerProcess server,
            Path keys,
            Path gen,
            Path single,
            String good,
            Path mount,
            Path state,
            List<TestKeys.Pair> rotation,
            Set<String> everValid)
            throws Exception {
        restoreAll(single, good, state);
        switch (step % 8) {
            case 0 -> Files.delete(single);
            case 1 -> Files.writeString(single, good.substring(0, good.length() / 2));
            case 2 -> Files.writeString(single, "garbage\n");
            case 3 -> Files.setPosixFilePermissions(single, PosixFilePermissions.fromString("---------"));
            case 4 -> {
                TestKeys.Pair s = TestKeys.write(TestKeys.Type.RSA, gen, "s" + step);
                everValid.add(s.kid());
                Path version = Files.createDirectory(mount.resolve("..v" + step));
                Files.copy(s.publicKey(), version.resolve("sa.pub"));
                Files.createSymbolicLink(mount.resolve("..data_tmp"), version.getFileName());
                Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            }
            case 5 -> Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-x------"));
            case 6 -> {
                for (int i = 0; i < 3; i++) {
                    server.signal("HUP");
                }
                return 3;
            }
            default -> {}
        }
        // Every step also rotates: a new key in, the previous one out (retained).
        TestKeys.Pair fresh = TestKeys.write(TestKeys.Type.RSA, gen, "r" + (rotation.size()));
        everValid.add(fresh.kid());
        Files.copy(fresh.publicKey(), keys.resolve(fresh.publicKey().getFileName()));
        Files.delete(keys.resolve(rotation.get(rotation.size() - 1).publicKey().getFileName()));
        rotation.add(fresh);
        return step % 8 == 7 ? 1 : 2;
    }

    private static void restoreAll(Path single, String good, Path state) throws Exception {
        if (Files.exists(state)) {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        }
        Files.deleteIfExists(single);
        Files.writeString(single, good);
        Files.setPosixFilePermissions(single, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void load(
            SaIssuerProcess server,
            long deadline,
            AtomicLong requests,
            ConcurrentLinkedQueue<String> failures,
            Set<String> everValid) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest jwks = HttpRequest.newBuilder(URI.create(server.url("/openid/v1/jwks")))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(server.url("/.well-known/openid-configuration")))
                .timeout(Duration.ofSeconds(10))
                .build();
        for (long i = 0; System.nanoTime() < deadline && requests.get() < MAX_REQUESTS; i++) {
            boolean isJwks = i % 2 == 0;
            try {
                HttpResponse<byte[]> r = http.send(isJwks ? jwks : discovery, HttpResponse.BodyHandlers.ofByteArray());
                requests.incrementAndGet();
                String problem = isJwks ? checkJwks(r, everValid) : checkDiscovery(r);
                if (problem != null) {
                    failures.add(problem);
                }
            } catch (Exception e) {
                failures.add((isJwks ? "jwks: " : "discovery: ") + e);
            }
        }
    }

    private static String checkJwks(HttpResponse<byte[]> r, Set<String> everValid) throws Exception {
        if (r.statusCode() != 200
                || !r.headers().firstValue("Content-Type").orElse("").equals("application/jwk-set+json")) {
            return "jwks status " + r.statusCode();
        }
        JsonNode keys = JSON.readTree(r.body()).path("keys");
        if (keys.size() == 0) {
            return "empty JWKS";
        }
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode key : keys) {
            String kid = key.path("kid").asText();
            if (!everValid.contains(kid) || !seen.add(kid) || key.has("d") || key.size() != 6) {
                return "unexpected key " + key;
            }
        }
        return null;
    }

    private static String checkDiscovery(HttpResponse<byte[]> r) throws Exception {
        JsonNode doc = JSON.readTree(r.body());
        if (r.statusCode() != 200
                || !doc.path("issuer").asText().equals(ISSUER)
                || !doc.path("id_token_signing_alg_values_supported").toString().equals("[\"RS256\"]")) {
            return "discovery " + r.statusCode() + " " + doc;
        }
        return null;
    }
}
