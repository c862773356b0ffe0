package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/helm/sa-issuer in every mode, linted and rendered by real Helm: the objects each mode makes, the static
 * pod's hardening in every pod, probes, and container args that the real CLI accepts.
 */
class HelmChartTest {
    static final String ISSUER = "https://issuer.example.com";

    /** A named set of --set values, one per mode and variant a user would install. */
    record Values(String name, Map<String, Object> set) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Values> everyMode() {
        return Stream.of(
                new Values("mirror, defaults", Map.of()),
                new Values(
                        "mirror, TLS, metrics, 3 replicas, issuer",
                        Map.of(
                                "issuer",
                                ISSUER,
                                "replicaCount",
                                3,
                                "tls.existingSecret",
                                "issuer-tls",
                                "metrics.enabled",
                                true,
                                "metrics.serviceMonitor.enabled",
                                true,
                                "networkPolicy.enabled",
                                true,
                                "keyPollInterval",
                                "30s",
                                "logFormat",
                                "json")),
                new Values(
                        "mirror, cert-manager, PVC, ingress",
                        Map.of(
                                "issuer",
                                ISSUER,
                                "tls.certManager.enabled",
                                true,
                                "tls.certManager.issuerRef.name",
                                "cluster-ca",
                                "stateDir.persistentVolumeClaim.enabled",
                                true,
                                "ingress.enabled",
                                true,
                                "ingress.host",
                                "issuer.example.com")),
                new Values("controlPlane", Map.of("mode", "controlPlane", "issuer", ISSUER)),
                new Values(
                        "controlPlane, metrics",
                        Map.of("mode", "controlPlane", "issuer", ISSUER, "metrics.enabled", true)),
                new Values("publish, CronJob", Map.of("mode", "publish", "issuer", ISSUER, "publish.to", "s3://b/p")),
                new Values(
                        "publish --watch, Deployment",
                        Map.of(
                                "mode", "publish",
                                "publish.region", "eu-west-1",
                                "issuer", ISSUER,
                                "publish.to", "azblob://container",
                                "publish.endpoint", "http://127.0.0.1:10000/devstoreaccount1",
                                "publish.watch", true)));
    }

    static Stream<Arguments> kindsOfEachMode() {
        return Stream.of(
                Arguments.of(
                        "mirror", Map.of(), List.of("ClusterRoleBinding", "Deployment", "Service", "ServiceAccount")),
                Arguments.of(
                        "mirror, 2 replicas",
                        Map.of("replicaCount", 2),
                        List.of(
                                "ClusterRoleBinding",
                                "Deployment",
                                "PodDisruptionBudget",
                                "Service",
                                "ServiceAccount")),
                Arguments.of("controlPlane", Map.of("mode", "controlPlane", "issuer", ISSUER), List.of("DaemonSet")),
                Arguments.of(
                        "publish",
                        Map.of("mode", "publish", "issuer", ISSUER, "publish.to", "s3://b"),
                        List.of("ClusterRoleBinding", "CronJob", "ServiceAccount")),
                Arguments.of(
                        "publish --watch",
                        Map.of("mode", "publish", "issuer", ISSUER, "publish.to", "s3://b", "publish.watch", true),
                        List.of("ClusterRoleBinding", "Deployment", "ServiceAccount")));
    }

    static Stream<Arguments> valuesThatDoNotFitTheMode() {
        return Stream.of(
                Arguments.of(
                        "controlPlane without issuer",
                        Map.of("mode", "controlPlane"),
                        "issuer is required in mode controlPlane"),
                Arguments.of(
                        "publish without issuer",
                        Map.of("mode", "publish", "publish.to", "s3://b"),
                        "issuer is required in mode publish"),
                Arguments.of(
                        "publish without publish.to",
                        Map.of("mode", "publish", "issuer", ISSUER),
                        "publish.to is required in mode publish"),
                Arguments.of("an unknown mode", Map.of("mode", "sidecar"), "mode"),
                Arguments.of(
                        "a ServiceMonitor without metrics",
                        Map.of("metrics.serviceMonitor.enabled", true),
                        "metrics.serviceMonitor.enabled needs metrics.enabled"),
                Arguments.of(
                        "a PVC shared by replicas",
                        Map.of("replicaCount", 2, "stateDir.persistentVolumeClaim.enabled", true),
                        "stateDir.persistentVolumeClaim is for replicaCount 1"),
                Arguments.of(
                        "an ingress in controlPlane mode",
                        Map.of("mode", "controlPlane", "issuer", ISSUER, "ingress.enabled", true, "ingress.host", "x"),
                        "ingress and httpRoute are for mode mirror"),
                Arguments.of(
                        "metrics of a CronJob",
                        Map.of("mode", "publish", "issuer", ISSUER, "publish.to", "s3://b", "metrics.enabled", true),
                        "metrics.enabled in mode publish needs publish.watch"),
                Arguments.of("a misspelt value (values.schema.json)", Map.of("replicacount", 2), "replicacount"),
                Arguments.of(
                        "a duration kube-apiserver would not parse", Map.of("keyRetention", "1 day"), "keyRetention"),
                Arguments.of(
                        "cert-manager without an issuerRef",
                        Map.of("tls.certManager.enabled", true),
                        "tls.certManager.issuerRef.name is required"));
    }

    /** The image tag defaults to appVersion, so both follow the project's version (pom.xml), as the manifests do. */
    @Test
    void chartVersionIsTheProjectVersion() throws IOException {
        Properties project = new Properties();
        try (InputStream in = HelmChartTest.class.getResourceAsStream("/sa-issuer-version.properties")) {
            project.load(in);
        }
        JsonNode chart = DeployFiles.yaml(HelmChart.CHART + "/Chart.yaml");
        assertEquals(project.getProperty("version"), chart.path("version").asText(), "Chart.yaml version");
        assertEquals(project.getProperty("version"), chart.path("appVersion").asText(), "Chart.yaml appVersion");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMode")
    void lintsStrictly(Values values, @TempDir Path scratch) {
        LintResult lint = HelmChart.lint(values.set(), scratch);
        assertFalse(lint.isFailed(), "helm lint --strict: " + lint.getMessages());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMode")
    void everyPodIsHardenedWithRequestsAndLimits(Values values) {
        List<JsonNode> pods = HelmChart.render(values.set()).podSpecs();
        assertEquals(1, pods.size(), "one workload per mode");
        for (JsonNode pod : pods) {
            PodChecks.assertHardened(pod);
            PodChecks.assertRequestsAndLimits(DeployFiles.onlyContainer(pod));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMode")
    void everyArgumentIsARealOptionOfTheRealCommand(Values values) {
        for (JsonNode pod : HelmChart.render(values.set()).podSpecs()) {
            JsonNode container = DeployFiles.onlyContainer(pod);
            assertTrue(container.path("command").isMissingNode(), "the image's entrypoint (and JVM flags) is kept");
            List<String> args = DeployFiles.strings(container.path("args"));
            assertTrue(List.of("serve", "publish").contains(args.get(0)), "subcommand " + args.get(0));
            PodChecks.assertRealCommandLine(args);
        }
    }

    /** Long-running pods probe where they listen: serve on --port, publish --watch on its admin listener. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMode")
    void longRunningPodsProbeTheHealthEndpoints(Values values) {
        HelmChart.Rendered rendered = HelmChart.render(values.set());
        for (JsonNode pod : rendered.podSpecs()) {
            JsonNode container = DeployFiles.onlyContainer(pod);
            List<String> args = DeployFiles.strings(container.path("args"));
            Map<String, List<String>> flags = DeployFiles.flags(args);
            if (args.get(0).equals("serve")) {
                int port = Integer.parseInt(flags.get("--port").get(0));
                PodChecks.assertProbes(container, port, flags.containsKey("--tls-cert-file") ? "HTTPS" : "HTTP");
            } else if (flags.containsKey("--watch")) {
                String admin = flags.get("--metrics-bind-address").get(0);
                assertTrue(admin.startsWith("0.0.0.0:"), "kubelet reaches the admin listener: " + admin);
                PodChecks.assertProbes(container, Integer.parseInt(admin.substring(8)), "HTTP");
            } else {
                assertEquals("Never", pod.path("restartPolicy").asText(), "a CronJob's run exits; it has no listener");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void kindsOfEachMode(String name, Map<String, Object> values, List<String> kinds) {
        assertEquals(kinds, HelmChart.render(values).kinds());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void valuesThatDoNotFitTheMode(String name, Map<String, Object> values, String message) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HelmChart.render(values));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }
}
