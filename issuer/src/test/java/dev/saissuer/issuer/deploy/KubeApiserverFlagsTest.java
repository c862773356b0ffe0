package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kube-apiserver side (kubeadm-config.yaml) agrees with what the sa-issuer manifests serve. */
class KubeApiserverFlagsTest {
    @Test
    void publicIssuerComesFirstAndTheOldOneIsKept() {
        List<String> issuers = extraArgs("service-account-issuer");
        assertEquals(2, issuers.size(), "public issuer, then the old one: " + issuers);
        assertEquals(servedIssuer(), issuers.get(0), "new tokens' iss is what sa-issuer serves");
        assertEquals("https://kubernetes.default.svc.cluster.local", issuers.get(1), "kubeadm's default, kept");
        assertNotEquals(issuers.get(0), issuers.get(1));
    }

    @Test
    void jwksUriIsTheOneSaIssuerAnnounces() {
        Map<String, List<String>> served =
                ControlPlaneManifestsTest.flagsOf(DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD)));
        assertEquals(served.get("--service-account-jwks-uri"), extraArgs("service-account-jwks-uri"));
        assertTrue(served.get("--service-account-jwks-uri").get(0).startsWith(servedIssuer() + "/"));
    }

    @Test
    void usesTheKubeadmApiThatCanRepeatAFlag() {
        JsonNode config = DeployFiles.yaml(DeployFiles.KUBEADM_CONFIG);
        assertEquals("kubeadm.k8s.io/v1beta4", config.path("apiVersion").asText());
        assertEquals("ClusterConfiguration", config.path("kind").asText());
        assertTrue(config.path("apiServer").path("extraArgs").isArray());
    }

    private static String servedIssuer() {
        return ControlPlaneManifestsTest.flagsOf(DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD)))
                .get("--service-account-issuer")
                .get(0);
    }

    private static List<String> extraArgs(String name) {
        List<String> values = new ArrayList<>();
        for (JsonNode arg :
                DeployFiles.yaml(DeployFiles.KUBEADM_CONFIG).path("apiServer").path("extraArgs")) {
            if (name.equals(arg.path("name").asText())) {
                values.add(arg.path("value").asText());
            }
        }
        return values;
    }
}
