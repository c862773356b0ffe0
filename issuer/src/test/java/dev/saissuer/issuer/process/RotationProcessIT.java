package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted kubeadm-style rotation on a running server: new key added, signing key switched, old key removed,
 * kill -9 and restart in the middle; every still-valid token verifies at every step, and the timeline that
 * {@code sa-issuer status} shows matches what was done.
 */
class RotationProcessIT {
    private static final String ISSUER = "https://issuer.example.com";
    private static final String JWKS = "/openid/v1/jwks";
    // Long enough that a restart and two CLI runs fit inside it on a loaded machine.
    private static final Duration RETENTION = Duration.ofSeconds(45);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void scriptedRotationKeepsEveryValidTokenVerifiable(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("pki/keys");
        Path signing = dir.resolve("pki/signing");
        TestKeys.Pair oldPair = TestKeys.write(TestKeys.Type.RSA, signing, "old");
        Files.copy(oldPair.publicKey(), Files.createDirectories(keys).resolve("old.pub"));
        Path signingKey = signing.resolve("sa.key");
        Files.copy(oldPair.privateKey(), signingKey);
        String[] flags = {
            "--service-account-issuer",
            ISSUER,
            "--service-account-key-file",
            keys.toString(),
            "--service-account-signing-key-file",
            signingKey.toString(),
            "--state-dir",
            dir.resolve("state").toString(),
            "--key-retention",
            RETENTION.toSeconds() + "s",
            "--key-poll-interval",
            "500ms",
            "--cache-max-age",
            "2s"
        };
        List<String> tokens = new ArrayList<>();
        tokens.add(Tokens.mint(oldPair, ISSUER));

        TestKeys.Pair newPair = TestKeys.write(TestKeys.Type.RSA, dir.resolve("pki/new"), "new");
        try (SaIssuerProcess server =
                SaIssuerProcess.serve(dir, flags).dropRoot().start()) {
            assertEquals(List.of(oldPair.kid()), server.kids(JWKS));
            assertAllVerify(server, tokens);

            // 1. Add the new public key beside the old one.
            long added = System.nanoTime();
            Files.copy(newPair.publicKey(), keys.resolve("new.pub"));
            server.await("the new kid", WAIT, () -> server.kids(JWKS).contains(newPair.kid()));
            System.out.printf(
                    "new key served %d ms after its file appeared%n", (System.nanoTime() - added) / 1_000_000);
            assertAllVerify(server, tokens);

            // 2. Switch the signing key once the new key has been published for the cache max-age.
            server.await("signing key safe", WAIT, () -> key(server, oldPair.kid())
                    .path("safeToSign")
                    .asBoolean());
            TestKeys.writeAtomically(signingKey, Files.readString(newPair.privateKey()));
            server.await("new signing key", WAIT, () -> key(server, newPair.kid())
                    .path("signing")
                    .asBoolean());
            tokens.add(Tokens.mint(newPair, ISSUER));
            assertAllVerify(server, tokens);

            // 3. Remove the old public key: retained, still published after the current key.
            Files.delete(keys.resolve("old.pub"));
            server.await("old key retained", WAIT, () -> "retained"
                    .equals(key(server, oldPair.kid()).path("state").asText()));
            assertEquals(List.of(newPair.kid(), oldPair.kid()), server.kids(JWKS));
            assertAllVerify(server, tokens);

            // 4. kill -9 in the middle of the retention window.
            server.kill9();
        }
        try (SaIssuerProcess server =
                SaIssuerProcess.serve(dir, flags).dropRoot().start()) {
            // Restarted with the same state directory: the retained key is still published.
            assertEquals(List.of(newPair.kid(), oldPair.kid()), server.kids(JWKS));
            assertAllVerify(server, tokens);
            String table = runStatus(dir, "--state-dir", dir.resolve("state").toString());
            assertTrue(table.lines().anyMatch(l -> l.startsWith(oldPair.kid()) && l.contains("retained until")), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith(newPair.kid()) && l.contains("current")), table);
            String live = runStatus(dir, "--server", server.admin(""));
            assertTrue(live.lines().anyMatch(l -> l.startsWith(newPair.kid()) && l.contains("signing")), live);
            System.out.println(live);

            // 5. After the retention window the old key is gone, and only then do its tokens stop verifying.
            server.await("old key dropped", RETENTION.plus(WAIT), () -> !server.kids(JWKS)
                    .contains(oldPair.kid()));
            String jwks = server.get(server.url(JWKS)).body();
            assertFalse(Tokens.verifies(tokens.get(0), jwks), "old token must stop verifying after retention");
            assertTrue(Tokens.verifies(tokens.get(1), jwks));
        }
    }

    private static JsonNode key(SaIssuerProcess server, String kid) throws Exception {
        for (JsonNode key : server.json(server.admin("/status")).path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                return key;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void assertAllVerify(SaIssuerProcess server, List<String> tokens) throws Exception {
        String jwks = server.get(server.url(JWKS)).body();
        for (String token : tokens) {
            assertTrue(Tokens.verifies(token, jwks), "token must verify against " + jwks);
        }
    }

    static String runStatus(Path workDir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "status";
        System.arraycopy(args, 0, command, 1, args.length);
        JavaJar.Run status = JavaJar.saIssuer().run(workDir, null, command);
        assertEquals(0, status.exitCode(), status.output());
        return status.out();
    }
}
