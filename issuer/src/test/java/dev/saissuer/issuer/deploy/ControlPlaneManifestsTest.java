package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kubeadm static pod and the DaemonSet: the properties an operator relies on when copying them
 * (public key only, read-only mounts, non-root, probes on real endpoints, real flag names).
 */
class ControlPlaneManifestsTest {
    /** The only host file of the cluster's service-account keys the pod may see. */
    private static final String PUBLIC_KEY = "/etc/kubernetes/pki/sa.pub";
    /** Served on the public listener (README.md, Endpoints); the probes must use these. */
    private static final Set<String> HEALTH_PATHS = Set.of("/healthz", "/readyz");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void readsOnlyThePublicKey(String manifest) {
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(manifest));
        Map<String, List<String>> flags = flagsOf(spec);
        assertEquals(List.of(PUBLIC_KEY), flags.get("--service-account-key-file"));
        assertFalse(flags.containsKey("--service-account-signing-key-file"), "signing-key mode is opt-in");
        for (JsonNode volume : spec.path("volumes")) {
            String path = volume.path("hostPath").path("path").asText("");
            assertFalse(
                    path.equals("/etc/kubernetes/pki") || path.equals("/etc/kubernetes"),
                    volume.path("name") + " would expose the private keys next to sa.pub");
            assertFalse(path.endsWith(".key"), volume.path("name") + " mounts a private key file");
        }
        assertTrue(DeployFiles.text(manifest).lines().noneMatch(l -> l.contains("sa.key")), "no mention of sa.key");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void hostMountsAreReadOnlyExceptTheStateDirectory(String manifest) {
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(manifest));
        JsonNode container = DeployFiles.onlyContainer(spec);
        Map<String, JsonNode> volumes = new HashMap<>();
        spec.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        String stateDir = flagsOf(spec).get("--state-dir").get(0);
        int writableHostMounts = 0;
        for (JsonNode mount : container.path("volumeMounts")) {
            JsonNode volume = volumes.get(mount.path("name").asText());
            assertTrue(volume != null, "volume " + mount.path("name") + " is declared");
            if (volume.has("hostPath") && !mount.path("readOnly").asBoolean(false)) {
                assertEquals(stateDir, mount.path("mountPath").asText(), "only --state-dir is writable");
                assertEquals("Directory", volume.path("hostPath").path("type").asText());
                writableHostMounts++;
            }
        }
        assertEquals(1, writableHostMounts, "the state directory survives restarts on the host");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void runsAsNonRootWithNoPrivileges(String manifest) {
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(manifest));
        JsonNode pod = spec.path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean());
        assertTrue(pod.path("runAsUser").asInt() > 0 && pod.path("runAsGroup").asInt() > 0);
        assertEquals("RuntimeDefault", pod.path("seccompProfile").path("type").asText());
        JsonNode container = DeployFiles.onlyContainer(spec).path("securityContext");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true));
        assertFalse(container.path("privileged").asBoolean(false));
        assertEquals(
                List.of("ALL"),
                DeployFiles.strings(container.path("capabilities").path("drop")));
        assertTrue(container.path("capabilities").path("add").isMissingNode());
        assertFalse(spec.path("automountServiceAccountToken").asBoolean(true));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void isNodeCriticalWithRequestsAndLimits(String manifest) {
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(manifest));
        assertEquals("system-node-critical", spec.path("priorityClassName").asText());
        assertTrue(spec.path("hostNetwork").asBoolean(), "reachable on the node's address, like kube-apiserver");
        JsonNode resources = DeployFiles.onlyContainer(spec).path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(resources.path(kind).path(resource).asText().isEmpty(), kind + "." + resource);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void probesUseTheHealthEndpointsOnTheServingPort(String manifest) {
        JsonNode spec = DeployFiles.podSpec(DeployFiles.yaml(manifest));
        JsonNode container = DeployFiles.onlyContainer(spec);
        Map<String, List<String>> flags = flagsOf(spec);
        int port = Integer.parseInt(flags.get("--port").get(0));
        String scheme = flags.containsKey("--tls-cert-file") ? "HTTPS" : "HTTP";
        assertEquals(port, container.path("ports").get(0).path("containerPort").asInt());
        assertEquals(
                "/healthz",
                container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals(
                "/readyz",
                container.path("readinessProbe").path("httpGet").path("path").asText());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            if (get.isMissingNode() && probe.equals("startupProbe")) {
                continue;
            }
            assertTrue(HEALTH_PATHS.contains(get.path("path").asText()), probe + " path");
            assertEquals(port, get.path("port").asInt(), probe + " port is --port");
            assertEquals(scheme, get.path("scheme").asText(), probe + " scheme");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DeployFiles.STATIC_POD, DeployFiles.DAEMON_SET})
    void everyFlagIsARealServeFlag(String manifest) {
        JsonNode container = DeployFiles.onlyContainer(DeployFiles.podSpec(DeployFiles.yaml(manifest)));
        List<String> args = DeployFiles.strings(container.path("args"));
        assertEquals("serve", args.get(0));
        assertTrue(container.path("command").isMissingNode(), "the image's entrypoint (and JVM flags) is kept");
        Set<String> real = DeployFiles.serveFlagNames();
        for (String flag : DeployFiles.flags(args.subList(1, args.size())).keySet()) {
            assertTrue(real.contains(flag), flag + " is not a flag of sa-issuer serve " + real);
        }
        assertEquals(
                args.size() - 1,
                args.stream().filter(a -> a.startsWith("--") && a.contains("=")).count(),
                "every argument is one --flag=value");
    }

    @Test
    void daemonSetRunsTheStaticPodsContainerOnControlPlaneNodes() {
        JsonNode staticPod = DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD));
        JsonNode daemonSet = DeployFiles.yaml(DeployFiles.DAEMON_SET);
        JsonNode spec = DeployFiles.podSpec(daemonSet);
        assertEquals(staticPod.path("containers"), spec.path("containers"));
        assertEquals(staticPod.path("volumes"), spec.path("volumes"));
        assertEquals(staticPod.path("securityContext"), spec.path("securityContext"));
        assertEquals(
                "",
                spec.path("nodeSelector")
                        .path("node-role.kubernetes.io/control-plane")
                        .asText(null));
        List<String> tolerated = spec.path("tolerations").findValuesAsText("key");
        assertTrue(tolerated.contains("node-role.kubernetes.io/control-plane"), "tolerates " + tolerated);
        assertEquals(
                daemonSet.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name"),
                daemonSet
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels")
                        .path("app.kubernetes.io/name"));
        assertEquals("kube-system", daemonSet.path("metadata").path("namespace").asText());
    }

    static Map<String, List<String>> flagsOf(JsonNode podSpec) {
        List<String> args =
                DeployFiles.strings(DeployFiles.onlyContainer(podSpec).path("args"));
        return DeployFiles.flags(args);
    }
}
