package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart's mirror mode: kube-apiserver's two documents read with a token, served from a Service. */
class HelmMirrorTest {
    private static final String SERVICE_URL = "https://" + HelmChart.FULLNAME + "." + HelmChart.NAMESPACE + ".svc";
    private static final Map<String, Object> TLS = Map.of("tls.existingSecret", "issuer-tls");

    @Test
    void bindsItsOwnServiceAccountToTheBuiltInDiscoveryRoleOnly() {
        HelmChart.Rendered rendered = HelmChart.render(Map.of());
        JsonNode binding = rendered.one("ClusterRoleBinding");
        assertEquals("ClusterRole", binding.path("roleRef").path("kind").asText());
        assertEquals(
                "system:service-account-issuer-discovery",
                binding.path("roleRef").path("name").asText());
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals(1, binding.path("subjects").size());
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals(HelmChart.NAMESPACE, subject.path("namespace").asText());
        String account =
                rendered.one("ServiceAccount").path("metadata").path("name").asText();
        assertEquals(account, subject.path("name").asText());
        assertEquals(account, pod(rendered).path("serviceAccountName").asText());
        assertTrue(rendered.all("ClusterRole").isEmpty() && rendered.all("Role").isEmpty(), "no role of its own");
    }

    @Test
    void readsTheUpstreamWithAProjectedTokenThatKubeletRotates() {
        JsonNode pod = pod(HelmChart.render(Map.of()));
        Map<String, List<String>> flags = flags(pod);
        assertEquals(List.of("https://kubernetes.default.svc"), flags.get("--upstream-url"));
        JsonNode projected = volume(pod, "upstream-token").path("projected").path("sources");
        JsonNode token = projected.get(0).path("serviceAccountToken");
        assertTrue(token.path("expirationSeconds").asInt() >= 600, "a bound, expiring token");
        assertTrue(token.path("audience").isMissingNode(), "the API server's own audience");
        assertEquals(
                "kube-root-ca.crt",
                projected.get(1).path("configMap").path("name").asText());
        String dir = mountPath(pod, "upstream-token");
        assertEquals(List.of(dir + "/" + token.path("path").asText()), flags.get("--upstream-token-file"));
        assertEquals(List.of(dir + "/ca.crt"), flags.get("--upstream-ca-file"));
    }

    @Test
    void issuerIsOptionalAndPassedAsGiven() {
        assertFalse(flags(pod(HelmChart.render(Map.of()))).containsKey("--service-account-issuer"));
        String issuer = "https://kubernetes.default.svc.cluster.local";
        assertEquals(
                List.of(issuer),
                flags(pod(HelmChart.render(Map.of("issuer", issuer)))).get("--service-account-issuer"));
    }

    @ParameterizedTest(name = "replicaCount={0}")
    @ValueSource(ints = {1, 2, 3})
    void podDisruptionBudgetOnlyWithMoreThanOneReplica(int replicas) {
        HelmChart.Rendered rendered = HelmChart.render(Map.of("replicaCount", replicas));
        assertEquals(
                replicas,
                rendered.one("Deployment").path("spec").path("replicas").asInt());
        if (replicas == 1) {
            assertTrue(rendered.all("PodDisruptionBudget").isEmpty());
            return;
        }
        JsonNode budget = rendered.one("PodDisruptionBudget");
        assertEquals(1, budget.path("spec").path("maxUnavailable").asInt());
        assertSelects(budget.path("spec").path("selector").path("matchLabels"), rendered);
    }

    @Test
    void tlsFromASecretServesHttpsAndPublishesTheServiceUrlAsJwksUri() {
        HelmChart.Rendered rendered = HelmChart.render(TLS);
        JsonNode pod = pod(rendered);
        Map<String, List<String>> flags = flags(pod);
        assertEquals(
                "issuer-tls",
                volume(pod, "tls").path("secret").path("secretName").asText());
        assertEquals(List.of(mountPath(pod, "tls") + "/tls.crt"), flags.get("--tls-cert-file"));
        assertEquals(List.of(mountPath(pod, "tls") + "/tls.key"), flags.get("--tls-private-key-file"));
        assertEquals(List.of("8443"), flags.get("--port"));
        JsonNode port = rendered.one("Service").path("spec").path("ports").get(0);
        assertEquals(443, port.path("port").asInt());
        assertEquals("https", port.path("targetPort").asText());
        assertEquals(List.of(SERVICE_URL + "/openid/v1/jwks"), flags.get("--service-account-jwks-uri"));
    }

    @Test
    void withoutTlsServesHttpAndLeavesJwksUriToTheServer() {
        Map<String, List<String>> flags = flags(pod(HelmChart.render(Map.of())));
        assertFalse(flags.containsKey("--tls-cert-file"));
        assertFalse(flags.containsKey("--service-account-jwks-uri"), "an http jwks_uri would be refused");
        assertEquals(List.of("8080"), flags.get("--port"));
    }

    @Test
    void certManagerCertificateNamesTheServiceAndFeedsTheTlsVolume() {
        HelmChart.Rendered rendered = HelmChart.render(
                Map.of("tls.certManager.enabled", true, "tls.certManager.issuerRef.name", "cluster-ca"));
        JsonNode certificate = rendered.one("Certificate");
        assertEquals(
                volume(pod(rendered), "tls").path("secret").path("secretName").asText(),
                certificate.path("spec").path("secretName").asText());
        List<String> names = DeployFiles.strings(certificate.path("spec").path("dnsNames"));
        assertTrue(names.contains(SERVICE_URL.substring("https://".length())), names.toString());
        assertEquals(
                "cluster-ca",
                certificate.path("spec").path("issuerRef").path("name").asText());
    }

    @Test
    void adminListenerStaysOnLoopbackUnlessMetricsAreEnabled() {
        HelmChart.Rendered rendered = HelmChart.render(TLS);
        assertEquals(List.of("127.0.0.1:9090"), flags(pod(rendered)).get("--metrics-bind-address"));
        assertEquals(1, rendered.one("Service").path("spec").path("ports").size(), "the public port only");
    }

    @Test
    void metricsHaveTheirOwnServicePortNeverThePublicOne() {
        Map<String, Object> values = with(TLS, Map.of("metrics.enabled", true, "ingress.enabled", true));
        values.put("ingress.host", "issuer.example.com");
        HelmChart.Rendered rendered = HelmChart.render(values);
        JsonNode pod = pod(rendered);
        assertEquals(List.of("0.0.0.0:9090"), flags(pod).get("--metrics-bind-address"));
        Map<String, Integer> containerPorts = new HashMap<>();
        DeployFiles.onlyContainer(pod)
                .path("ports")
                .forEach(p -> containerPorts.put(
                        p.path("name").asText(), p.path("containerPort").asInt()));
        assertEquals(Map.of("https", 8443, "metrics", 9090), containerPorts);
        Map<String, String> servicePorts = new HashMap<>();
        rendered.one("Service")
                .path("spec")
                .path("ports")
                .forEach(p -> servicePorts.put(
                        p.path("port").asText(), p.path("targetPort").asText()));
        assertEquals(Map.of("443", "https", "9090", "metrics"), servicePorts);
        for (JsonNode path : rendered.one("Ingress").findValues("paths").get(0)) {
            assertEquals(
                    "https",
                    path.path("backend")
                            .path("service")
                            .path("port")
                            .path("name")
                            .asText());
        }
    }

    @Test
    void serviceMonitorScrapesTheMetricsPortOfThisService() {
        HelmChart.Rendered rendered =
                HelmChart.render(Map.of("metrics.enabled", true, "metrics.serviceMonitor.enabled", true));
        JsonNode monitor = rendered.one("ServiceMonitor");
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("metrics", endpoint.path("port").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        JsonNode serviceLabels = rendered.one("Service").path("metadata").path("labels");
        monitor.path("spec")
                .path("selector")
                .path("matchLabels")
                .properties()
                .forEach(e -> assertEquals(e.getValue(), serviceLabels.path(e.getKey()), e.getKey()));
    }

    @Test
    void networkPolicyOpensThePublicPortAndKeepsMetricsInTheNamespace() {
        HelmChart.Rendered rendered =
                HelmChart.render(with(TLS, Map.of("networkPolicy.enabled", true, "metrics.enabled", true)));
        JsonNode policy = rendered.one("NetworkPolicy");
        assertSelects(policy.path("spec").path("podSelector").path("matchLabels"), rendered);
        assertEquals(List.of("Ingress"), DeployFiles.strings(policy.path("spec").path("policyTypes")));
        Map<String, JsonNode> fromByPort = new HashMap<>();
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            fromByPort.put(rule.path("ports").get(0).path("port").asText(), rule.path("from"));
        }
        assertEquals(
                List.of("https", "metrics"),
                fromByPort.keySet().stream().sorted().toList());
        assertTrue(fromByPort.get("https").isMissingNode(), "relying parties anywhere in the cluster");
        assertFalse(fromByPort.get("metrics").isMissingNode(), "metrics not open to all");
    }

    @Test
    void stateDirIsAnEmptyDirOrAPersistentVolumeClaim() {
        JsonNode pod = pod(HelmChart.render(Map.of()));
        assertEquals(List.of(mountPath(pod, "state")), flags(pod).get("--state-dir"));
        assertTrue(volume(pod, "state").has("emptyDir"));

        HelmChart.Rendered persistent = HelmChart.render(Map.of("stateDir.persistentVolumeClaim.enabled", true));
        JsonNode claim = persistent.one("PersistentVolumeClaim");
        assertEquals(
                claim.path("metadata").path("name").asText(),
                volume(pod(persistent), "state")
                        .path("persistentVolumeClaim")
                        .path("claimName")
                        .asText());
        assertEquals(
                "Recreate",
                persistent
                        .one("Deployment")
                        .path("spec")
                        .path("strategy")
                        .path("type")
                        .asText(),
                "a ReadWriteOnce volume is not attached to two pods during a rollout");
    }

    @Test
    void httpRouteRoutesOnlyTheTwoDocumentsToThePublicPort() {
        HelmChart.Rendered rendered = HelmChart.render(with(
                TLS,
                Map.of("httpRoute.enabled", true, "httpRoute.parentRefs[0].name", "public", "issuer", "https://x")));
        JsonNode rule = rendered.one("HTTPRoute").path("spec").path("rules").get(0);
        assertEquals(
                List.of("/.well-known/openid-configuration", "/openid/v1/jwks"),
                rule.path("matches").findValuesAsText("value"));
        JsonNode backend = rule.path("backendRefs").get(0);
        assertEquals(HelmChart.FULLNAME, backend.path("name").asText());
        assertEquals(443, backend.path("port").asInt());
        assertFalse(
                flags(pod(rendered)).containsKey("--service-account-jwks-uri"),
                "re-homed: jwks_uri is the public issuer's, not the in-cluster Service");
    }

    private static JsonNode pod(HelmChart.Rendered rendered) {
        return DeployFiles.podSpec(rendered.one("Deployment"));
    }

    private static Map<String, List<String>> flags(JsonNode pod) {
        return DeployFiles.flags(
                DeployFiles.strings(DeployFiles.onlyContainer(pod).path("args")));
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static String mountPath(JsonNode pod, String volume) {
        for (JsonNode mount : DeployFiles.onlyContainer(pod).path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                assertTrue(mount.path("readOnly").asBoolean(false) || volume.equals("state"), volume + " read-only");
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    /** The selector picks the Deployment's pods. */
    private static void assertSelects(JsonNode matchLabels, HelmChart.Rendered rendered) {
        JsonNode podLabels = rendered.one("Deployment")
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels");
        assertNotEquals(0, matchLabels.size());
        matchLabels.properties().forEach(e -> assertEquals(e.getValue(), podLabels.path(e.getKey()), e.getKey()));
    }

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> values = new HashMap<>(base);
        values.putAll(more);
        return values;
    }
}
