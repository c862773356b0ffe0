package dev.saissuer.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract every input-facing entry point of the keys module keeps, checked by the fuzz, property and hygiene
 * tests: a refusal is a {@link BadInputException} with a one-line message, and every rendered document is JSON
 * that carries no private JWK member anywhere.
 */
final class LoaderContract {
    /**
     * JWK members that hold private key material: RFC 7518 section 6.2.2 (EC {@code d}), section 6.3.2 (RSA
     * {@code d, p, q, dp, dq, qi, oth}) and section 6.4.1 (symmetric {@code k}).
     */
    static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoaderContract() {}

    /** Fails unless {@code refusal} is the module's own exception with a non-blank message of one line. */
    static void requireOneLineRefusal(RuntimeException refusal) {
        if (!(refusal instanceof BadInputException)) {
            throw new AssertionError(
                    "expected BadInputException, got " + refusal.getClass().getName(), refusal);
        }
        String message = refusal.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError("BadInputException without a message", refusal);
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError(
                    "message is not one line: " + message.replace("\n", "\\n").replace("\r", "\\r"), refusal);
        }
    }

    /** Parses a rendered document strictly; fails if it is not one JSON object. */
    static JsonNode parseJson(byte[] document) {
        try {
            JsonNode root = JSON.readTree(document);
            if (root == null || !root.isObject()) {
                throw new AssertionError("rendered document is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("rendered document is not JSON", e);
        }
    }

    /** Every path in the document whose member name is a private JWK member; empty for a clean document. */
    static List<String> privateMemberPaths(JsonNode node) {
        List<String> found = new ArrayList<>();
        collectPrivateMembers(node, "$", found);
        return found;
    }

    /** Fails if the document, parsed as JSON, holds a private JWK member at any depth. */
    static void requireNoPrivateMembers(byte[] document) {
        List<String> found = privateMemberPaths(parseJson(document));
        if (!found.isEmpty()) {
            throw new AssertionError("private JWK members in a published document: " + found);
        }
    }

    private static void collectPrivateMembers(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String memberPath = path + "." + member.getKey();
                if (PRIVATE_JWK_MEMBERS.contains(member.getKey())) {
                    found.add(memberPath);
                }
                collectPrivateMembers(member.getValue(), memberPath, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectPrivateMembers(node.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
