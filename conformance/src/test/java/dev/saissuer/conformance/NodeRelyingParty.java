package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs src/test/node/verify-tokens.mjs (openid-client discovery, jose verification) once for all tokens. Its
 * node_modules come from {@code npm ci} (.ci/setup.d/conformance-node.sh): under CI=true a missing install fails
 * the test; elsewhere the test is skipped with a message saying what to run.
 */
final class NodeRelyingParty {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeRelyingParty() {}

    static Map<TokenCase, RelyingParty.Verdict> verifyAll(
            String issuer, String audience, Path caCertificate, Map<TokenCase, String> tokens, Path scratch) {
        Map<String, String> named = new LinkedHashMap<>();
        tokens.forEach((token, jwt) -> named.put(token.name(), jwt));
        Map<String, RelyingParty.Verdict> byName = verifyNamed(issuer, audience, caCertificate, named, scratch);
        Map<TokenCase, RelyingParty.Verdict> verdicts = new EnumMap<>(TokenCase.class);
        tokens.keySet().forEach(token -> verdicts.put(token, byName.get(token.name())));
        return verdicts;
    }

    /**
     * One run of a fresh node process (so nothing it fetched is cached from an earlier run) over tokens by name:
     * discovery of {@code issuer}, then each token verified against the JWK Set it names.
     */
    static Map<String, RelyingParty.Verdict> verifyNamed(
            String issuer, String audience, Path caCertificate, Map<String, String> tokens, Path scratch) {
        Path nodeDir = Path.of(System.getProperty("conformance.node.dir", "src/test/node"))
                .toAbsolutePath();
        requireInstalled(nodeDir);
        try {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("issuer", issuer);
            input.put("audience", audience);
            input.put("tokens", tokens);
            Path in = scratch.resolve("node-input.json");
            Path out = scratch.resolve("node-output.json");
            Path err = scratch.resolve("node-error.txt");
            Files.write(in, JSON.writeValueAsBytes(input));
            ProcessBuilder builder = new ProcessBuilder(List.of("node", "verify-tokens.mjs"))
                    .directory(nodeDir.toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment()
                    .put("NODE_EXTRA_CA_CERTS", caCertificate.toAbsolutePath().toString());
            Process node = builder.start();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("node verify-tokens.mjs did not finish within 60s");
            }
            assertEquals(
                    0,
                    node.exitValue(),
                    "node verify-tokens.mjs failed: " + Files.readString(err, StandardCharsets.UTF_8));
            JsonNode results = JSON.readTree(out.toFile());
            Map<String, RelyingParty.Verdict> verdicts = new LinkedHashMap<>();
            for (String token : tokens.keySet()) {
                JsonNode result = results.get(token);
                verdicts.put(
                        token,
                        new RelyingParty.Verdict(
                                result.get("accepted").asBoolean(),
                                result.get("detail").asText()));
            }
            return verdicts;
        } catch (IOException e) {
            throw new AssertionError("cannot run node (is Node 20 on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void requireInstalled(Path nodeDir) {
        boolean installed = Files.isDirectory(nodeDir.resolve("node_modules/openid-client"))
                && Files.isDirectory(nodeDir.resolve("node_modules/jose"));
        String message = nodeDir + "/node_modules is missing: run (cd " + nodeDir + " && npm ci)";
        if ("true".equals(System.getenv("CI"))) {
            if (!installed) {
                fail(message + " (.ci/setup.d/conformance-node.sh does it in CI)");
            }
        } else {
            Assumptions.assumeTrue(installed, message);
        }
    }
}
