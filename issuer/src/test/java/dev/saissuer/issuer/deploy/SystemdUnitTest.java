package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd: the unit is hardened and valid for systemd, and its env file names real serve flags. */
class SystemdUnitTest {
    private static final String SERVICE = "Service";
    private static final String TLS_PATH = "deploy/systemd/sa-issuer-tls.path";
    private static final String TLS_RESTART = "deploy/systemd/sa-issuer-tls-restart.service";

    @Test
    void environmentNamesRealServeFlags() {
        Map<String, String> env = environment();
        Set<String> real = DeployFiles.serveFlagNames();
        for (String name : env.keySet()) {
            if (name.equals("JAVA_OPTS")) {
                continue;
            }
            assertTrue(
                    real.stream().map(DeployFiles::environmentName).anyMatch(name::equals),
                    name + " is not SA_ISSUER_<flag> of a serve flag " + real);
        }
    }

    @Test
    void servesWhatTheStaticPodServes() {
        Map<String, String> env = environment();
        Map<String, List<String>> pod =
                ControlPlaneManifestsTest.flagsOf(DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD)));
        for (String flag : List.of(
                "--service-account-issuer",
                "--service-account-jwks-uri",
                "--service-account-key-file",
                "--port",
                "--metrics-bind-address",
                "--key-retention")) {
            assertEquals(pod.get(flag).get(0), env.get(DeployFiles.environmentName(flag)), flag);
        }
        assertEquals("%S/sa-issuer", env.get("SA_ISSUER_STATE_DIR"), "state lives in StateDirectory");
        String exec = unit().one(SERVICE, "ExecStart");
        assertTrue(
                exec.endsWith(" serve --tls-cert-file=%d/tls.crt --tls-private-key-file=%d/tls.key"),
                "TLS files are systemd credentials, given as flags: " + exec);
    }

    @Test
    void isHardened() {
        SystemdUnit unit = unit();
        Map<String, String> expected = Map.ofEntries(
                Map.entry("DynamicUser", "yes"), Map.entry("NoNewPrivileges", "yes"),
                Map.entry("ProtectSystem", "strict"), Map.entry("ProtectHome", "yes"),
                Map.entry("PrivateTmp", "yes"), Map.entry("PrivateDevices", "yes"),
                Map.entry("CapabilityBoundingSet", ""), Map.entry("StateDirectory", "sa-issuer"),
                Map.entry("RestrictSUIDSGID", "yes"), Map.entry("ReadOnlyPaths", "/etc/kubernetes/pki/sa.pub"));
        expected.forEach((key, value) -> assertEquals(value, unit.one(SERVICE, key), key));
        assertTrue(unit.one(SERVICE, "InaccessiblePaths").contains("/etc/kubernetes/pki/sa.key"));
        assertTrue(unit.all(SERVICE, "LoadCredential")
                .containsAll(List.of("tls.crt:/etc/sa-issuer/tls.crt", "tls.key:/etc/sa-issuer/tls.key")));
    }

    @Test
    void execStartUsesRealServeFlags() {
        List<String> exec = Arrays.asList(unit().one(SERVICE, "ExecStart").split(" "));
        List<String> args = exec.subList(exec.indexOf("serve") + 1, exec.size());
        assertTrue(
                DeployFiles.serveFlagNames().containsAll(DeployFiles.flags(args).keySet()), args.toString());
    }

    @Test
    void runsTheJvmWithTheImagesFlags() {
        List<String> exec = Arrays.asList(unit().one(SERVICE, "ExecStart").split(" "));
        List<String> flags = exec.subList(1, exec.indexOf("$JAVA_OPTS"));
        // All of them but the class archive, which is made for the image's runtime and fits no other JVM.
        List<String> image = ImageRecipeTest.dockerfileJvmFlags().stream()
                .filter(flag -> !flag.startsWith("-XX:SharedArchiveFile="))
                .toList();
        assertEquals(ImageRecipeTest.dockerfileJvmFlags().size() - 1, image.size(), "the image ships one archive");
        assertEquals(image, flags);
    }

    /**
     * Credentials are copied once at start, so the service's own certificate reload never sees a renewal: a path
     * unit restarts it when either TLS file changes, and the unit's comments say so.
     */
    @Test
    void aRenewedCertificateRestartsTheServiceThroughAPathUnit() {
        SystemdUnit path = SystemdUnit.parse(DeployFiles.text(TLS_PATH));
        assertEquals(
                unit().all(SERVICE, "LoadCredential").stream()
                        .map(c -> c.substring(c.indexOf(':') + 1))
                        .toList(),
                path.all("Path", "PathChanged"),
                "every credential file is watched");
        assertEquals("sa-issuer-tls-restart.service", path.one("Path", "Unit"));
        SystemdUnit restart = SystemdUnit.parse(DeployFiles.text(TLS_RESTART));
        assertEquals("oneshot", restart.one(SERVICE, "Type"));
        assertEquals("/usr/bin/systemctl try-restart sa-issuer.service", restart.one(SERVICE, "ExecStart"));
        assertTrue(DeployFiles.text(DeployFiles.SYSTEMD_UNIT).contains("sa-issuer-tls.path"));
    }

    /**
     * The comments name only variables that exist, and claim nothing the code contradicts: every SA_ISSUER_*
     * variable is read (EnvironmentDefaults; EnvironmentProcessIT serves TLS from the TLS variables).
     */
    @Test
    void commentsAboutEnvironmentVariablesAreTrue() {
        Set<String> real = new java.util.HashSet<>();
        DeployFiles.serveFlagNames().forEach(f -> real.add(DeployFiles.environmentName(f)));
        for (String file : List.of(DeployFiles.SYSTEMD_UNIT, DeployFiles.SYSTEMD_ENV)) {
            String comments = DeployFiles.text(file)
                    .lines()
                    .filter(l -> l.startsWith("#"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            java.util.regex.Matcher names =
                    java.util.regex.Pattern.compile("SA_ISSUER_[A-Z_]*[A-Z]").matcher(comments);
            while (names.find()) {
                assertTrue(real.contains(names.group()), file + " names " + names.group() + ", not a flag's variable");
            }
            assertFalse(
                    comments.matches("(?s).*variables? (are|is) not read.*"),
                    file + " says variables are not read:\n" + comments);
        }
    }

    /** systemd's own parser: any unknown key, bad value or missing binary is printed, so output must be empty. */
    @Test
    void systemdAcceptsTheUnits(@TempDir Path dir) throws IOException, InterruptedException {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed: unit not verified by systemd");
        }
        Path copy = Files.copy(DeployFiles.file(DeployFiles.SYSTEMD_UNIT), dir.resolve("sa-issuer.service"));
        Path path = Files.copy(DeployFiles.file(TLS_PATH), dir.resolve("sa-issuer-tls.path"));
        Path restart = Files.copy(DeployFiles.file(TLS_RESTART), dir.resolve("sa-issuer-tls-restart.service"));
        Process verify = new ProcessBuilder(
                        analyze.toString(), "verify", "--man=no", copy.toString(), path.toString(), restart.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify finished");
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals("", output);
        assertEquals(0, verify.exitValue());
    }

    static SystemdUnit unit() {
        return SystemdUnit.parse(DeployFiles.text(DeployFiles.SYSTEMD_UNIT));
    }

    /** The service's environment: Environment= lines, overridden by the EnvironmentFile (systemd.exec(5)). */
    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(unit().environment(SERVICE));
        SystemdUnit file = SystemdUnit.parse(DeployFiles.text(DeployFiles.SYSTEMD_ENV));
        file.sections().get("").forEach((key, values) -> env.put(key, values.get(values.size() - 1)));
        return env;
    }
}
