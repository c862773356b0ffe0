package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.SaIssuerProcess;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's run command: {@code serve --demo} with no other flag serves both documents and a working token. */
class DemoProcessIT {
    @Test
    void demoServesBothDocumentsAndItsTokenVerifies(@TempDir Path dir) throws Exception {
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir, "--demo", "--port", Integer.toString(FreePorts.loopback()))
                .dropRoot()
                .start()) {
            server.await("the sample token", Duration.ofSeconds(10), () -> server.log()
                    .contains("Try:"));
            Matcher token =
                    Pattern.compile("\\n(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)\\n").matcher(server.log());
            assertTrue(token.find(), server.log());

            HttpResponse<String> discovery = server.get(server.url("/.well-known/openid-configuration"));
            assertEquals(200, discovery.statusCode());
            assertEquals(
                    "application/json",
                    discovery.headers().firstValue("Content-Type").orElseThrow());
            String issuer = server.json(server.url("/.well-known/openid-configuration"))
                    .path("issuer")
                    .asText();
            assertTrue(issuer.matches("http://localhost:\\d+"), issuer);
            HttpResponse<String> jwks = server.get(server.url("/openid/v1/jwks"));
            assertEquals(200, jwks.statusCode());

            JWSObject jws = JWSObject.parse(token.group(1));
            RSAKey key = JWKSet.parse(jwks.body())
                    .getKeyByKeyId(jws.getHeader().getKeyID())
                    .toRSAKey();
            assertTrue(jws.verify(new RSASSAVerifier(key)), "the printed token verifies against the served JWKS");
            assertEquals(issuer, jws.getPayload().toJSONObject().get("iss"));

            assertEquals(0, server.stop(), "SIGTERM exits 0\n" + server.log());
        }
    }

    /** With {@code --port 0} the issuer URL carries the port the listener bound, not 0. */
    @Test
    void demoOnPortZeroHasTheBoundPortInItsIssuer(@TempDir Path dir) throws Exception {
        try (SaIssuerProcess server =
                SaIssuerProcess.serve(dir, "--demo", "--port", "0").dropRoot().start()) {
            server.await("the sample token", Duration.ofSeconds(10), () -> server.log()
                    .contains("Try:"));
            int bound = URI.create(server.url("/")).getPort();
            assertTrue(bound > 0, server.url("/"));
            JsonNode discovery = server.json(server.url("/.well-known/openid-configuration"));
            assertEquals("http://localhost:" + bound, discovery.path("issuer").asText());
            assertEquals(
                    "http://localhost:" + bound + "/openid/v1/jwks",
                    discovery.path("jwks_uri").asText());
            assertTrue(server.log().contains("issuer http://localhost:" + bound + " "), server.log());
            assertEquals(0, server.stop(), "SIGTERM exits 0\n" + server.log());
        }
    }

    /** Whatever address it is given, the demo listens on loopback only (read back from the kernel's socket table). */
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.1"})
    void demoBindsLoopbackOnlyWhateverBindAddressSays(String address, @TempDir Path dir) throws Exception {
        try (SaIssuerProcess server = SaIssuerProcess.serve(dir, "--demo", "--bind-address", address)
                .dropRoot()
                .start()) {
            int port = URI.create(server.url("/")).getPort();
            List<String> listening = listeningAddresses(port);
            assertEquals(List.of("127.0.0.1"), listening, "listeners on port " + port);
            assertEquals(200, server.get(server.url("/openid/v1/jwks")).statusCode());
        }
    }

    /** The local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6 (Linux). */
    private static List<String> listeningAddresses(int port) throws Exception {
        List<String> addresses = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))
                    .subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[1].endsWith(hexPort) && "0A".equals(fields[3])) {
                    addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))));
                }
            }
        }
        return addresses;
    }

    /** A /proc/net address: 32-bit words in host (little-endian) order. */
    private static String address(String hex) throws Exception {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] =
                        (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (4 - i) * 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes).getHostAddress();
    }
}
