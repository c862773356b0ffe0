package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    static TestPki pki;

    @BeforeAll
    static void makeCa() {
        pki = TestPki.create(dir);
    }

    record Run(int exitCode, String out) {}

    static Run kit(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("conformance.jar", "target/sa-issuer-conformance.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run the package phase first");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "kit", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the kit did not finish within 60s");
        }
        return new Run(process.exitValue(), Files.readString(out));
    }

    @Test
    void passesAgainstSaIssuerWithATokenAndWritesJunitXml() throws Exception {
        Path work = Files.createTempDirectory(dir, "ec-");
        Path key = work.resolve("sa.key");
        TestKeys.write(TestKeys.Type.EC, key);
        try (SaIssuerProcess server = SaIssuerProcess.start(pki, work, key, "/clusters/a")) {
            SaIssuerJar.Run mint = SaIssuerJar.run(
                    work,
                    null,
                    "mint",
                    "--service-account-signing-key-file",
                    key.toString(),
                    "--service-account-issuer",
                    server.issuer(),
                    "--namespace",
                    "default",
                    "--service-account",
                    "kit",
                    "--audience",
                    "kit",
                    "--pod",
                    "kit-0");
            assertEquals(0, mint.exitCode(), mint.err());
            Path xml = work.resolve("conformance.xml");
            Run run = kit(
                    server.issuer(),
                    "--token",
                    mint.out().strip(),
                    "--audience",
                    "kit",
                    "--cacert",
                    pki.caCertificate.toString(),
                    "--junit-xml",
                    xml.toString());
            assertEquals(0, run.exitCode(), run.out());
            assertTrue(run.out().contains("conformance: 28 passed, 0 failed, 1 skipped"), run.out());
            String junit = Files.readString(xml);
            assertTrue(junit.contains("tests=\"29\" failures=\"0\""), junit);
        }
    }

    @Test
    void failsAgainstABrokenIssuerNamingTheCheck() throws Exception {
        try (FixtureIssuer fixture =
                FixtureIssuer.start(pki, dir.resolve("broken.key"), "", Defect.RFC7638_THUMBPRINT_KID)) {
            Run run = kit(fixture.issuer(), "--cacert", pki.caCertificate.toString());
            assertEquals(1, run.exitCode(), run.out());
            assertTrue(run.out().contains("FAIL  k8s-kid-derivation"), run.out());
        }
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, kit("https://issuer.example", "--token", "x").exitCode());
    }

    @Test
    void unknownProfileIsAOneLineUsageErrorNamingTheValidOnes() throws Exception {
        Run run = kit("https://issuer.example", "--profile", "aws", "--profile", "s3");
        assertEquals(2, run.exitCode(), run.out());
        assertEquals(
                "sa-issuer-conformance: unknown --profile s3; valid: aws, gcp, azure, vault, go-oidc, "
                        + "rabbitmq-3.10, rabbitmq-4, opensearch\n",
                run.out());
    }

    @Test
    void profilesThroughAProxyNameTheRelyingPartysSymptom() throws Exception {
        try (FixtureIssuer fixture =
                        FixtureIssuer.start(pki, dir.resolve("port.key"), "", Defect.AWS_ISSUER_PORT, true);
                ForwardingProxy proxy = fixture.proxy()) {
            String proxyAddress = "127.0.0.1:" + proxy.address().getPort();
            String ca = pki.caCertificate.toString();
            Run aws = kit(fixture.issuer(), "--cacert", ca, "--proxy", proxyAddress, "--profile", "aws");
            assertEquals(1, aws.exitCode(), aws.out());
            assertTrue(aws.out().contains("FAIL  aws-provider-url"), aws.out());
            assertTrue(aws.out().contains("(IAM: \"The URL should not contain a port number\")"), aws.out());
            Run others = kit(
                    fixture.issuer(),
                    "--cacert",
                    ca,
                    "--proxy",
                    proxyAddress,
                    "--profile",
                    "gcp",
                    "--profile",
                    "vault");
            assertEquals(0, others.exitCode(), others.out());
            assertTrue(others.out().contains("PASS  gcp-signing-algorithms"), others.out());
            assertTrue(others.out().contains("PASS  vault-discovery-issuer"), others.out());
        }
    }
}
