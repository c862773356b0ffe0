package dev.saissuer.issuer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import dev.saissuer.keys.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineCommandsTest {
    private static final String RSA = Fixtures.kubernetes("rsa.pub.pem").toString();
    private static final String EC = Fixtures.kubernetes("ecdsa.sec1.pem").toString();

    @Test
    void jwksPrintsWhatKubeApiserverServes() throws Exception {
        CliRun run = CliRun.of("jwks", "--service-account-key-file", RSA, "--service-account-key-file", EC);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(Fixtures.kubernetes("jwks.golden.json")) + System.lineSeparator(), run.out());
    }

    @Test
    void discoveryPrintsWhatKubeApiserverServes() throws Exception {
        CliRun run = CliRun.of(
                "discovery",
                "--service-account-issuer",
                "https://issuer.example.com",
                "--service-account-key-file",
                RSA + "," + EC);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                Files.readString(Fixtures.kubernetes("openid-configuration.golden.json")) + System.lineSeparator(),
                run.out());
    }

    @Test
    void flagsCanComeFromTheEnvironment() throws Exception {
        CliRun run = CliRun.withEnvironment(
                Map.of(
                        "SA_ISSUER_SERVICE_ACCOUNT_ISSUER",
                        "https://issuer.example.com",
                        "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE",
                        RSA + "," + EC),
                "discovery");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                Files.readString(Fixtures.kubernetes("openid-configuration.golden.json")) + System.lineSeparator(),
                run.out());
    }

    @Test
    void exportWritesAStaticSiteWithContentTypes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("site");
        CliRun run = CliRun.of(
                "export",
                "--out",
                out.toString(),
                "--service-account-issuer",
                "https://issuer.example.com/clusters/a/",
                "--service-account-key-file",
                RSA);
        assertEquals(0, run.exitCode(), run.err());
        String discovery = Files.readString(out.resolve("clusters/a/.well-known/openid-configuration"));
        assertTrue(
                discovery.startsWith(
                        "{\"issuer\":\"https://issuer.example.com/clusters/a/\",\"jwks_uri\":\"https://issuer.example.com/clusters/a/openid/v1/jwks\""),
                discovery);
        assertEquals(discovery, Files.readString(out.resolve(".well-known/oauth-authorization-server/clusters/a")));
        assertTrue(
                Files.readString(out.resolve("clusters/a/openid/v1/jwks")).startsWith("{\"keys\":[{\"use\":\"sig\""));
        String manifest = Files.readString(out.resolve("content-types.txt"));
        assertTrue(manifest.contains("/clusters/a/.well-known/openid-configuration application/json\n"), manifest);
        assertTrue(manifest.contains("/clusters/a/openid/v1/jwks application/jwk-set+json\n"), manifest);
        assertEquals(
                "rw-r--r--",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("clusters/a/openid/v1/jwks"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa", "ec"})
    void keygenWritesAKubeadmStylePair(String type, @TempDir Path dir) throws Exception {
        Path key = dir.resolve("sa.key");
        CliRun run = CliRun.of("keygen", "--out", key.toString(), "--type", type);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sa.pub"))));
        assertTrue(Files.readString(key)
                .startsWith(type.equals("rsa") ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(
                KeyFiles.readPublicKeys(key).get(0).kid(),
                KeyFiles.readPublicKeys(dir.resolve("sa.pub")).get(0).kid());
        assertTrue(run.out().contains(KeyFiles.readPublicKeys(key).get(0).kid()), run.out());

        CliRun again = CliRun.of("keygen", "--out", key.toString());
        assertEquals(2, again.exitCode());
        assertEquals(
                "sa-issuer: " + key + ": already exists (remove it first, or choose another --out)\n", again.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown flag|jwks --bogus|Unknown option: '--bogus'",
                "no keys|jwks|no keys: give --service-account-key-file",
                "missing issuer|discovery --service-account-key-file KEY|--service-account-issuer is required",
                "http issuer|discovery --service-account-issuer http://issuer.example.com --service-account-key-file KEY|must use https",
                "issuer with query|discovery --service-account-issuer https://a.example.com?x=1 --service-account-key-file KEY|must not have a query",
                "http jwks_uri|discovery --service-account-issuer https://a.example.com --service-account-jwks-uri http://a.example.com/k --service-account-key-file KEY|jwks_uri \"http://a.example.com/k\" must use https",
                "missing file|jwks --service-account-key-file /nonexistent/sa.pub|/nonexistent/sa.pub: no such file or directory",
                "small RSA key|jwks --service-account-key-file SMALL|RSA key of 1024 bits is too small",
                "unsupported curve|jwks --service-account-key-file K1|unsupported curve secp256k1",
                "Ed25519|jwks --service-account-key-file ED|unsupported key type Ed25519",
                "encrypted|jwks --service-account-key-file ENC|encrypted keys are not supported",
                "keygen type|keygen --out /tmp/never-written.key --type dsa|unknown key type \"dsa\"",
                "bad duration|serve --service-account-issuer https://a.example.com --service-account-key-file KEY --key-retention 1d|--key-retention: invalid duration \"1d\"",
                "bad log format|serve --service-account-issuer https://a.example.com --service-account-key-file KEY --log-format xml|--log-format: \"xml\" is not text or json",
                "status needs a source|status|Error: Missing required argument",
            })
    void badInputIsOneLineOnStderrAndExitCode2(String name, String args, String message) {
        String[] argv = args.replace(
                        "SMALL", Fixtures.fixture("rsa1024.pkcs8.pem").toString())
                .replace("K1", Fixtures.fixture("secp256k1.pub.pem").toString())
                .replace("ED", Fixtures.fixture("ed25519.pkcs8.pem").toString())
                .replace("ENC", Fixtures.fixture("rsa2048.encrypted-pkcs8.pem").toString())
                .replace("KEY", RSA)
                .split(" ");
        CliRun run = CliRun.of(argv);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("sa-issuer: "), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"jwks", "discovery", "export", "keygen", "serve", "status"})
    void everyCommandHasHelpWithDefaults(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: sa-issuer " + command), run.out());
        if (command.equals("serve")) {
            assertTrue(run.out().contains("Default: 24h"), run.out());
            assertTrue(run.out().contains("SA_ISSUER_SERVICE_ACCOUNT_ISSUER"), run.out());
        }
    }

    @Test
    void versionIsPrinted() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("sa-issuer \\d+\\.\\d+\\.\\d+.*\\n"), run.out());
    }
}
