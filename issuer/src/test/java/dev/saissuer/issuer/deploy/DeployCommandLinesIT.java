package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.SaIssuerProcess;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command lines an operator copies from deploy/ as real sa-issuer processes over a kubeadm-like
 * layout in a temp directory (host paths moved under it, ports made free, listening on loopback only), and
 * fetches both documents and the probe endpoints over TLS.
 */
class DeployCommandLinesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void staticPodCommandLineServesBothDocuments() throws Exception {
        KubeadmNode node = KubeadmNode.create(root);
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD));
        JsonNode container = DeployFiles.onlyContainer(spec);
        Map<String, String> hostPathOfMount = hostPathsByMountPath(spec, container);
        int port = FreePorts.loopback();
        List<String> command = JavaJar.saIssuer().command();
        for (String arg : DeployFiles.strings(container.path("args"))) {
            command.add(rewrite(arg, port, node, hostPathOfMount));
        }
        String issuer = ControlPlaneManifestsTest.flagsOf(spec)
                .get("--service-account-issuer")
                .get(0);
        try (SaIssuerProcess server = SaIssuerProcess.commandLine(root, command)
                .trusting(node.tls().clientContext())
                .start()) {
            assertServesBothDocuments(server, issuer, node.kid());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertEquals(200, server.get(server.url(path)).statusCode(), probe + " " + path);
            }
            assertFalse(server.log().contains("PRIVATE KEY"));
        }
        node.assertAfterServing();
    }

    @Test
    void systemdUnitAndEnvFileServeBothDocuments() throws Exception {
        KubeadmNode node = KubeadmNode.create(root);
        Path credentials = Files.createDirectories(root.resolve("run/credentials/sa-issuer.service"));
        Files.copy(node.host("/etc/kubernetes/pki/sa-issuer/tls.crt"), credentials.resolve("tls.crt"));
        Files.copy(node.host("/etc/kubernetes/pki/sa-issuer/tls.key"), credentials.resolve("tls.key"));
        int port = FreePorts.loopback();
        Map<String, String> env = new HashMap<>();
        SystemdUnitTest.environment()
                .forEach((name, value) -> env.put(
                        name,
                        value.replace("%d", credentials.toString())
                                .replace("%S", root.resolve("var/lib").toString())));
        env.put(
                "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE",
                node.host(env.get("SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE")).toString());
        env.put("SA_ISSUER_PORT", String.valueOf(port));
        env.put("SA_ISSUER_BIND_ADDRESS", "127.0.0.1");
        env.put("SA_ISSUER_METRICS_BIND_ADDRESS", "127.0.0.1:0");
        env.remove("JAVA_OPTS");
        List<String> command = new ArrayList<>();
        for (String word :
                Arrays.asList(SystemdUnitTest.unit().one("Service", "ExecStart").split(" "))) {
            if (word.equals("/usr/bin/java")) {
                command.add(JavaJar.java());
            } else if (word.endsWith("/sa-issuer.jar")) {
                command.add(JavaJar.saIssuer().jar().toString());
            } else if (!word.equals("$JAVA_OPTS")) {
                command.add(word.replace("%d", credentials.toString()));
            }
        }
        try (SaIssuerProcess server = SaIssuerProcess.commandLine(root, command)
                .env(env)
                .trusting(node.tls().clientContext())
                .start()) {
            assertServesBothDocuments(server, env.get("SA_ISSUER_SERVICE_ACCOUNT_ISSUER"), node.kid());
            assertEquals(200, server.get(server.url("/readyz")).statusCode());
        }
        node.assertAfterServing();
    }

    private static void assertServesBothDocuments(SaIssuerProcess server, String issuer, String kid) throws Exception {
        String issuerPath = URI.create(issuer).getRawPath();
        HttpResponse<String> discovery = server.get(server.url(issuerPath + "/.well-known/openid-configuration"));
        assertEquals(200, discovery.statusCode(), discovery.body());
        JsonNode document = JSON.readTree(discovery.body());
        assertEquals(issuer, document.path("issuer").asText());
        URI jwksUri = URI.create(document.path("jwks_uri").asText());
        assertEquals(URI.create(issuer).getHost(), jwksUri.getHost(), "jwks_uri is on the public name");
        HttpResponse<String> jwks = server.get(server.url(jwksUri.getRawPath()));
        assertEquals(200, jwks.statusCode(), jwks.body());
        JsonNode keys = JSON.readTree(jwks.body()).path("keys");
        assertEquals(1, keys.size(), jwks.body());
        assertEquals(kid, keys.get(0).path("kid").asText());
        assertTrue(keys.get(0).path("d").isMissingNode(), "public members only");
    }

    /** Host paths move under the temp root; the public listener goes to loopback on a free port. */
    private static String rewrite(String arg, int port, KubeadmNode node, Map<String, String> hostPathOfMount) {
        if (arg.startsWith("--port=")) {
            return "--port=" + port;
        }
        if (arg.startsWith("--bind-address=")) {
            return "--bind-address=127.0.0.1";
        }
        if (arg.startsWith("--metrics-bind-address=")) {
            return "--metrics-bind-address=127.0.0.1:0";
        }
        int eq = arg.indexOf('=');
        if (eq < 0) {
            return arg;
        }
        String value = arg.substring(eq + 1);
        for (Map.Entry<String, String> mount : hostPathOfMount.entrySet()) {
            if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
                String hostPath =
                        mount.getValue() + value.substring(mount.getKey().length());
                return arg.substring(0, eq + 1) + node.host(hostPath);
            }
        }
        assertFalse(value.startsWith("/"), arg + " names a path that no hostPath volume provides");
        return arg;
    }

    private static Map<String, String> hostPathsByMountPath(JsonNode spec, JsonNode container) {
        Map<String, String> hostPathOfVolume = new HashMap<>();
        spec.path("volumes")
                .forEach(v -> hostPathOfVolume.put(
                        v.path("name").asText(), v.path("hostPath").path("path").asText(null)));
        Map<String, String> result = new HashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            String hostPath = hostPathOfVolume.get(mount.path("name").asText());
            if (hostPath != null) {
                result.put(mount.path("mountPath").asText(), hostPath);
            }
        }
        return result;
    }
}
