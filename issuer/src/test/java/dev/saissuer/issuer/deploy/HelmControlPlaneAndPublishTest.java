package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's controlPlane mode (the DaemonSet of deploy/daemonset/) and publish mode (CronJob or --watch). */
class HelmControlPlaneAndPublishTest {
    /** The issuer the DaemonSet manifest is written for. */
    private static final String MANIFEST_ISSUER = "https://issuer.example.com";

    private static final Map<String, Object> PUBLISH =
            Map.of("mode", "publish", "issuer", HelmChartTest.ISSUER, "publish.to", "s3://issuer-bucket/cluster-1");

    @Test
    void controlPlaneRendersTheDaemonSetOfDeployDaemonset() {
        JsonNode manifest = DeployFiles.yaml(DeployFiles.DAEMON_SET);
        JsonNode rendered = HelmChart.render(Map.of("mode", "controlPlane", "issuer", MANIFEST_ISSUER))
                .one("DaemonSet");
        JsonNode expected = DeployFiles.podSpec(manifest);
        JsonNode actual = DeployFiles.podSpec(rendered);
        for (String field : List.of(
                "containers",
                "volumes",
                "securityContext",
                "nodeSelector",
                "tolerations",
                "hostNetwork",
                "priorityClassName",
                "automountServiceAccountToken",
                "enableServiceLinks")) {
            assertEquals(expected.path(field), actual.path(field), field);
        }
        assertEquals(
                manifest.path("spec").path("updateStrategy"),
                rendered.path("spec").path("updateStrategy"));
    }

    @Test
    void controlPlaneMetricsListenOnTheNodeBehindAServicePortOfTheirOwn() {
        HelmChart.Rendered rendered =
                HelmChart.render(Map.of("mode", "controlPlane", "issuer", MANIFEST_ISSUER, "metrics.enabled", true));
        JsonNode container = DeployFiles.onlyContainer(DeployFiles.podSpec(rendered.one("DaemonSet")));
        Map<String, List<String>> flags = DeployFiles.flags(DeployFiles.strings(container.path("args")));
        assertEquals(List.of("0.0.0.0:10291"), flags.get("--metrics-bind-address"));
        JsonNode ports = rendered.one("Service").path("spec").path("ports");
        assertEquals(1, ports.size(), "only the admin port: the public one is the nodes' own");
        assertEquals("metrics", ports.get(0).path("name").asText());
        assertEquals(10291, ports.get(0).path("port").asInt());
    }

    @Test
    void publishIsACronJobThatNeverRunsTwiceAtOnce() {
        HelmChart.Rendered rendered = HelmChart.render(PUBLISH);
        JsonNode cronJob = rendered.one("CronJob");
        assertEquals("Forbid", cronJob.path("spec").path("concurrencyPolicy").asText(), "one publisher per prefix");
        List<String> args = args(rendered);
        assertEquals("publish", args.get(0));
        Map<String, List<String>> flags = DeployFiles.flags(args);
        assertEquals(List.of("s3://issuer-bucket/cluster-1"), flags.get("--to"));
        assertEquals(List.of(HelmChartTest.ISSUER), flags.get("--service-account-issuer"));
        assertEquals(List.of("https://kubernetes.default.svc"), flags.get("--upstream-url"));
        assertFalse(flags.containsKey("--watch"));
        assertFalse(flags.containsKey("--endpoint"));
        assertFalse(flags.containsKey("--state-dir"), "the timeline lives in the store");
        assertTrue(
                rendered.all("ClusterRoleBinding").size() == 1, "the publisher reads the upstream with its own token");
    }

    @Test
    void publishWatchIsOneDeploymentRunningWatch() {
        Map<String, Object> values = new java.util.HashMap<>(PUBLISH);
        values.put("publish.watch", true);
        values.put("publish.endpoint", "https://minio.storage.svc:9000");
        HelmChart.Rendered rendered = HelmChart.render(values);
        JsonNode deployment = rendered.one("Deployment");
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
        assertEquals(
                "Recreate",
                deployment.path("spec").path("strategy").path("type").asText(),
                "never two publishers during a rollout");
        Map<String, List<String>> flags = DeployFiles.flags(args(rendered));
        assertTrue(flags.containsKey("--watch"));
        assertEquals(List.of("https://minio.storage.svc:9000"), flags.get("--endpoint"));
        assertFalse(flags.containsKey("--region"), "the SDK's chain unless publish.region is set");
    }

    /** Credentials only from the SDKs' chains: workload identity on the ServiceAccount, env from a Secret. */
    @Test
    void publishCredentialsComeFromTheServiceAccountOrSecretReferences() {
        Map<String, Object> values = new java.util.HashMap<>(PUBLISH);
        values.put("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/publisher");
        values.put("publish.envFrom[0].secretRef.name", "bucket-credentials");
        HelmChart.Rendered rendered = HelmChart.render(values);
        assertEquals(
                "arn:aws:iam::1:role/publisher",
                rendered.one("ServiceAccount")
                        .path("metadata")
                        .path("annotations")
                        .path("eks.amazonaws.com/role-arn")
                        .asText());
        JsonNode container = DeployFiles.onlyContainer(rendered.podSpecs().get(0));
        assertEquals(
                "bucket-credentials",
                container.path("envFrom").get(0).path("secretRef").path("name").asText());
        for (String option : DeployFiles.flags(args(rendered)).keySet()) {
            assertFalse(option.matches(".*(secret|password|credential|access-key).*"), option + " on the command line");
        }
        assertTrue(args(rendered).stream().noneMatch(a -> a.contains("bucket-credentials")));
    }

    /** publish.oauthMetadata renders --oauth-metadata, a real option of publish, in the CronJob and the Deployment. */
    @Test
    void publishOauthMetadataRendersTheFlag() {
        assertFalse(
                DeployFiles.flags(args(HelmChart.render(PUBLISH))).containsKey("--oauth-metadata"), "off by default");
        for (boolean watch : List.of(false, true)) {
            Map<String, Object> values = new java.util.HashMap<>(PUBLISH);
            values.put("issuer", "https://issuer-bucket.s3.eu-west-1.amazonaws.com/cluster-1/");
            values.put("publish.oauthMetadata", true);
            values.put("publish.watch", watch);
            List<String> args = args(HelmChart.render(values));
            assertEquals(List.of(""), DeployFiles.flags(args).get("--oauth-metadata"), "watch " + watch);
            PodChecks.assertRealCommandLine(args);
        }
    }

    /** The command's rule at install time: the issuer's path must be /PREFIX (RFC 8414, section 3). */
    @Test
    void publishOauthMetadataRefusesAnIssuerBelowTheBucketRoot() {
        Map<String, Object> values = new java.util.HashMap<>(PUBLISH);
        values.put("issuer", "https://s3.eu-west-1.amazonaws.com/issuer-bucket/cluster-1");
        values.put("publish.oauthMetadata", true);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HelmChart.render(values));
        assertTrue(
                refused.getMessage()
                        .contains("publish.oauthMetadata needs the issuer's path to be \"/cluster-1\", the prefix of"
                                + " publish.to, not \"/issuer-bucket/cluster-1\""),
                refused.getMessage());
        Map<String, Object> rootOnly = new java.util.HashMap<>(values);
        rootOnly.put("issuer", "https://issuer.example.com/");
        rootOnly.put("publish.to", "s3://issuer-bucket/");
        assertTrue(DeployFiles.flags(args(HelmChart.render(rootOnly))).containsKey("--oauth-metadata"));
        Map<String, Object> schema = new java.util.HashMap<>(PUBLISH);
        schema.put("publish.oauthMetadata", "yes");
        IllegalStateException notBoolean = assertThrows(IllegalStateException.class, () -> HelmChart.render(schema));
        assertTrue(notBoolean.getMessage().contains("oauthMetadata"), "values.schema.json: " + notBoolean.getMessage());
    }

    private static List<String> args(HelmChart.Rendered rendered) {
        return DeployFiles.strings(
                DeployFiles.onlyContainer(rendered.podSpecs().get(0)).path("args"));
    }
}
