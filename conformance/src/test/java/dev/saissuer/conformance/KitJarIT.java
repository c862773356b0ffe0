package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged kit, {@code java -jar conformance/target/sa-issuer-conformance.jar}, as a user runs it (after the
 * package phase, hence failsafe): exit 0 and a JUnit XML file with no failure against a real sa-issuer; exit 1
 * naming the check against a broken issuer.
 */
class KitJarIT {
    @TempDir
    static Path dir;

    static TestCa ca;

    static Path caFile;

    @BeforeAll
    static void makeCa() {
        ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    }

    static JavaJar.Run kit(String... args) {
        return JavaJar.fromProperty("conformance.jar").run(dir, null, args);
    }

    @Test
    void passesAgainstSaIssuerWithATokenAndWritesJunitXml() throws Exception {
        Path work = Files.createTempDirectory(dir, "ec-");
        Path key = work.resolve("sa.key");
        TestKeys.writePrivate(TestKeys.Type.EC, key);
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        work,
                        "--service-account-signing-key-file",
                        key.toString(),
                        "--state-dir",
                        work.resolve("state").toString())
                .issuerOnFreePort("https://localhost:%d" + "/clusters/a")
                .tls(ca)
                .start()) {
            String token = CliTokens.mint(work, key, server.issuer(), "default", "kit", "kit", "--pod", "kit-0");
            Path xml = work.resolve("conformance.xml");
            JavaJar.Run run = kit(
                    server.issuer(),
                    "--token",
                    token,
                    "--audience",
                    "kit",
                    "--cacert",
                    caFile.toString(),
                    "--junit-xml",
                    xml.toString());
            assertEquals(0, run.exitCode(), run.output());
            assertTrue(run.output().contains("conformance: 28 passed, 0 failed, 1 skipped"), run.output());
            String junit = Files.readString(xml);
            assertTrue(junit.contains("tests=\"29\" failures=\"0\""), junit);
        }
    }

    @Test
    void failsAgainstABrokenIssuerNamingTheCheck() throws Exception {
        try (FixtureIssuer fixture =
                FixtureIssuer.start(ca, dir.resolve("broken.key"), "", Defect.RFC7638_THUMBPRINT_KID)) {
            JavaJar.Run run = kit(fixture.issuer(), "--cacert", caFile.toString());
            assertEquals(1, run.exitCode(), run.output());
            assertTrue(run.output().contains("FAIL  k8s-kid-derivation"), run.output());
        }
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, kit("https://issuer.example", "--token", "x").exitCode());
    }

    @Test
    void unknownProfileIsAOneLineUsageErrorNamingTheValidOnes() throws Exception {
        JavaJar.Run run = kit("https://issuer.example", "--profile", "aws", "--profile", "s3");
        assertEquals(2, run.exitCode(), run.output());
        assertEquals(
                "sa-issuer-conformance: unknown --profile s3; valid: aws, gcp, azure, vault, go-oidc, "
                        + "rabbitmq-3.10, rabbitmq-4, opensearch\n",
                run.output());
    }

    @Test
    void profilesThroughAProxyNameTheRelyingPartysSymptom() throws Exception {
        try (FixtureIssuer fixture =
                        FixtureIssuer.start(ca, dir.resolve("port.key"), "", Defect.AWS_ISSUER_PORT, true);
                ForwardingProxy proxy = fixture.proxy()) {
            String proxyAddress = "127.0.0.1:" + proxy.address().getPort();
            String caPath = caFile.toString();
            JavaJar.Run aws = kit(fixture.issuer(), "--cacert", caPath, "--proxy", proxyAddress, "--profile", "aws");
            assertEquals(1, aws.exitCode(), aws.output());
            assertTrue(aws.output().contains("FAIL  aws-provider-url"), aws.output());
            assertTrue(aws.output().contains("(IAM: \"The URL should not contain a port number\")"), aws.output());
            JavaJar.Run others = kit(
                    fixture.issuer(),
                    "--cacert",
                    caPath,
                    "--proxy",
                    proxyAddress,
                    "--profile",
                    "gcp",
                    "--profile",
                    "vault");
            assertEquals(0, others.exitCode(), others.output());
            assertTrue(others.output().contains("PASS  gcp-signing-algorithms"), others.output());
            assertTrue(others.output().contains("PASS  vault-discovery-issuer"), others.output());
        }
    }
}
