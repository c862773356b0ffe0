package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit against a real {@code sa-issuer serve} process over TLS, with a token minted by the real
 * {@code sa-issuer mint}: every check passes, for RSA and EC keys and for a path-prefixed issuer. The same token
 * goes through {@code sa-issuer verify}, which accepts it and names the check that fails for a wrong audience
 * and a wrong issuer.
 */
class SaIssuerConformanceTest {
    static final String AUDIENCE = "conformance-kit";

    @TempDir
    static Path dir;

    static TestCa ca;

    static Path caFile;

    @BeforeAll
    static void makeCa() {
        ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    }

    static Stream<Arguments> issuers() {
        return Stream.of(
                Arguments.of(TestKeys.Type.RSA, ""),
                Arguments.of(TestKeys.Type.EC, ""),
                Arguments.of(TestKeys.Type.RSA, "/clusters/a"));
    }

    @ParameterizedTest(name = "{0} keys, issuer path \"{1}\"")
    @MethodSource("issuers")
    void saIssuerPassesTheKit(TestKeys.Type type, String path) throws Exception {
        Path work = Files.createTempDirectory(dir, type + "-");
        Path key = work.resolve("sa.key");
        TestKeys.writePrivate(type, key);
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        work,
                        "--service-account-signing-key-file",
                        key.toString(),
                        "--state-dir",
                        work.resolve("state").toString())
                .issuerOnFreePort("https://localhost:%d" + path)
                .tls(ca)
                .start()) {
            String token = CliTokens.mint(work, key, server.issuer(), "conformance", "kit", AUDIENCE, "--ttl", "10m");

            Report report = ConformanceKit.run(server.issuer(), token, AUDIENCE, caFile);
            Files.writeString(work.resolve("conformance.xml"), report.junitXml());
            assertTrue(report.passed(), report.text() + "\nsa-issuer log:\n" + server.log());
            Set<String> skipped = new TreeSet<>();
            report.results().stream()
                    .filter(r -> r.outcome() == CheckResult.Outcome.SKIP)
                    .forEach(r -> skipped.add(r.check().id()));
            String notApplicable =
                    type == TestKeys.Type.RSA ? "rfc7518-6.2.1-ec-parameters" : "rfc7518-6.3.1-rsa-parameters";
            assertEquals(Set.of(notApplicable), skipped, report.text());

            String ca = caFile.toString();
            JavaJar.Run accepted = JavaJar.saIssuer()
                    .run(
                            work,
                            null,
                            "verify",
                            "--issuer",
                            server.issuer(),
                            "--audience",
                            AUDIENCE,
                            "--cacert",
                            ca,
                            token);
            assertEquals(0, accepted.exitCode(), accepted.err());
            assertTrue(accepted.out().contains("subject: system:serviceaccount:conformance:kit"), accepted.out());

            JavaJar.Run fromStdin = JavaJar.saIssuer()
                    .run(
                            work,
                            token + "\n",
                            "verify",
                            "--issuer",
                            server.issuer(),
                            "--audience",
                            AUDIENCE,
                            "--cacert",
                            ca);
            assertEquals(0, fromStdin.exitCode(), fromStdin.err());

            JavaJar.Run wrongAudience = JavaJar.saIssuer()
                    .run(
                            work,
                            null,
                            "verify",
                            "--issuer",
                            server.issuer(),
                            "--audience",
                            "someone-else",
                            "--cacert",
                            ca,
                            token);
            assertEquals(1, wrongAudience.exitCode(), wrongAudience.out());
            assertTrue(
                    wrongAudience
                            .err()
                            .contains("audience mismatch: token is for [" + AUDIENCE + "], expected someone-else"),
                    wrongAudience.err());

            // go-oidc's rule: the issuer asked for must be the discovery document's issuer, trailing slash included.
            JavaJar.Run slash = JavaJar.saIssuer()
                    .run(
                            work,
                            null,
                            "verify",
                            "--issuer",
                            server.issuer() + "/",
                            "--audience",
                            AUDIENCE,
                            "--cacert",
                            ca,
                            token);
            assertEquals(1, slash.exitCode(), slash.out());
            assertTrue(
                    slash.err()
                            .contains("issuer mismatch: discovery says " + server.issuer() + ", --issuer is "
                                    + server.issuer() + "/"),
                    slash.err());
        }
    }

    /**
     * Every profile against a real sa-issuer named like a public issuer (no port), through a forwarding proxy: with
     * RSA keys there is no issuer-side problem for any relying party, so every profile check passes; with EC keys
     * only OpenSearch's, and Vault's with its default jwt_supported_algs, fail.
     */
    @ParameterizedTest(name = "{0} keys: every profile")
    @EnumSource(
            value = TestKeys.Type.class,
            names = {"RSA", "EC"})
    void saIssuerPassesEveryProfile(TestKeys.Type type) throws Exception {
        Path work = Files.createTempDirectory(dir, "profiles-" + type + "-");
        Path key = work.resolve("sa.key");
        TestKeys.writePrivate(type, key);
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                                work,
                                "--service-account-issuer",
                                "https://" + TestCa.PUBLIC_NAME + "/clusters/a",
                                "--service-account-signing-key-file",
                                key.toString(),
                                "--state-dir",
                                work.resolve("state").toString())
                        .tls(ca)
                        .start();
                ForwardingProxy proxy = ForwardingProxy.start(server.port(), server.port())) {
            Report report = ConformanceKit.run(server.issuer(), null, null, caFile, Profile.ALL, proxy.address());
            List<String> expected =
                    type == TestKeys.Type.RSA ? List.of() : List.of("vault-signing-algorithms", "opensearch-rsa-keys");
            assertEquals(expected, report.failedCheckIds(), report.text() + "\nsa-issuer log:\n" + server.log());
            for (Profile profile : Profile.ALL) {
                for (Check check : profile.checks()) {
                    assertNotEquals(
                            CheckResult.Outcome.SKIP, report.result(check.id()).outcome(), report.text());
                }
            }
        }
    }
}
