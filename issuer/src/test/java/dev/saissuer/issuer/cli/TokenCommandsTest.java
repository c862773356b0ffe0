package dev.saissuer.issuer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.saissuer.keys.Fixtures;
import dev.saissuer.testkit.StaticDiscoveryServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mint and verify from the command line; verification against a live issuer is in the conformance module. */
class TokenCommandsTest {
    private static final String RSA = Fixtures.fixture("rsa2048.pkcs1.pem").toString();
    private static final String EC = Fixtures.fixture("p256.sec1.pem").toString();

    @Test
    void mintPrintsAKubernetesShapedToken() throws Exception {
        CliRun run = CliRun.of(
                "mint",
                "--service-account-signing-key-file",
                EC,
                "--service-account-issuer",
                "https://issuer.example.com",
                "--namespace",
                "ns",
                "--service-account",
                "app",
                "--audience",
                "a",
                "--audience",
                "b",
                "--ttl",
                "10m",
                "--pod",
                "app-0");
        assertEquals(0, run.exitCode(), run.err());
        SignedJWT token = SignedJWT.parse(run.out().strip());
        assertEquals("ES256", token.getHeader().getAlgorithm().getName());
        assertEquals(List.of("a", "b"), token.getJWTClaimsSet().getAudience());
        assertEquals("system:serviceaccount:ns:app", token.getJWTClaimsSet().getSubject());
        long lifetime = token.getJWTClaimsSet().getExpirationTime().getTime()
                - token.getJWTClaimsSet().getIssueTime().getTime();
        assertEquals(600_000, lifetime);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad ttl                  | --ttl=1x                                    | invalid duration "1x"
            http issuer              | --service-account-issuer=http://example.com | must use https
            public key only          | --service-account-signing-key-file=PUBLIC   | no private key found
            """)
    void mintRefusesBadInputWithExitTwo(String name, String flag, String message) {
        String[] override = flag.replace(
                        "PUBLIC", Fixtures.fixture("rsa2048.pub.pem").toString())
                .split("=", 2);
        List<String> args = mintArgs("https://issuer.example.com");
        int at = args.indexOf(override[0]);
        if (at >= 0) {
            args.set(at + 1, override[1]);
        } else {
            args.addAll(List.of(override));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), run.err());
    }

    @Test
    void verifyOfAnUnreachableIssuerFailsWithExitOne() {
        CliRun mint = mintRsa("https://127.0.0.1:1");
        CliRun run = CliRun.of(
                "verify",
                "--issuer",
                "https://127.0.0.1:1",
                "--audience",
                "a",
                mint.out().strip());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(
                run.err().contains("discovery: GET https://127.0.0.1:1/.well-known/openid-configuration failed"),
                run.err());
    }

    /**
     * A discovery document's jwks_uri is checked as the issuer is before verify fetches it: a value that is no
     * URL (one java.net.URI of Java 17 trips on included) or not https is a one-line failure, exit 1.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a URL             | https://issuer example/jwks      | is not a valid URL
            IPv6 literal          | https://[::1.2.3.99999999999]/j  | is not a valid URL: Malformed IPv4 address
            not https             | ftp://issuer.example/jwks        | must use https
            """)
    void verifyRefusesAServedJwksUriThatIsNoIssuerUrl(String name, String jwksUri, String message) {
        try (StaticDiscoveryServer server = StaticDiscoveryServer.withJwksUri(jwksUri, "")) {
            CliRun mint = mintRsa(server.issuer(), "--insecure-http-loopback");
            assertEquals(0, mint.exitCode(), mint.err());
            CliRun run = CliRun.of(
                    "verify",
                    "--issuer",
                    server.issuer(),
                    "--insecure-http-loopback",
                    "--audience",
                    "a",
                    mint.out().strip());
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("sa-issuer: discovery: jwks_uri"), run.err());
            assertTrue(run.err().contains(message), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /** mint with the RSA fixture for ns/app and audience a. */
    private static CliRun mintRsa(String issuer, String... extra) {
        List<String> args = mintArgs(issuer);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The arguments of {@link #mintRsa}, to change before running. */
    private static List<String> mintArgs(String issuer) {
        return new java.util.ArrayList<>(List.of(
                "mint",
                "--service-account-signing-key-file",
                RSA,
                "--service-account-issuer",
                issuer,
                "--namespace",
                "ns",
                "--service-account",
                "app",
                "--audience",
                "a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a token     | --cacert=none       | not-a-jwt | not a signed JWT
            missing cacert  | --cacert=/nonexistent/ca.pem | a.b.c | /nonexistent/ca.pem: cannot read CA certificates
            """)
    void verifyRefusesBadInputWithExitTwo(String name, String flag, String token, String message) {
        List<String> args =
                new java.util.ArrayList<>(List.of("verify", "--issuer", "https://127.0.0.1:1", "--audience", "a"));
        if (!flag.endsWith("=none")) {
            args.add(flag);
        }
        args.add(token);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), run.err());
    }
}
