package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saissuer.issuer.cli.SaIssuerCommand;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * What every sa-issuer pod is, whether it comes from a file under deploy/ or from the Helm chart: the static pod's
 * hardening, requests and limits, probes on the health endpoints, and a command line the real CLI accepts.
 */
final class PodChecks {
    /** Served on the public listener and on the admin listener (DESIGN.md); the probes must use these. */
    static final Set<String> HEALTH_PATHS = Set.of("/healthz", "/readyz");

    private PodChecks() {}

    /** Non-root, read-only root file system, no capabilities, no privilege escalation, RuntimeDefault seccomp. */
    static void assertHardened(JsonNode podSpec) {
        JsonNode pod = podSpec.path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertTrue(pod.path("runAsUser").asInt() > 0 && pod.path("runAsGroup").asInt() > 0, "non-root uid and gid");
        assertEquals("RuntimeDefault", pod.path("seccompProfile").path("type").asText());
        JsonNode container = DeployFiles.onlyContainer(podSpec).path("securityContext");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertFalse(container.path("privileged").asBoolean(false), "privileged");
        assertEquals(
                List.of("ALL"),
                DeployFiles.strings(container.path("capabilities").path("drop")));
        assertTrue(container.path("capabilities").path("add").isMissingNode(), "no capability added");
        assertFalse(podSpec.path("automountServiceAccountToken").asBoolean(true), "no token at the default path");
    }

    static void assertRequestsAndLimits(JsonNode container) {
        JsonNode resources = container.path("resources");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(resources.path(kind).path(resource).asText().isEmpty(), kind + "." + resource);
            }
        }
    }

    /** Liveness on /healthz, readiness on /readyz, every probe (startup optional) on this port and scheme. */
    static void assertProbes(JsonNode container, int port, String scheme) {
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
            assertEquals(port, get.path("port").asInt(), probe + " port");
            assertEquals(scheme, get.path("scheme").asText(), probe + " scheme");
        }
    }

    /**
     * The container's args are a command line of the real sa-issuer: the first is a subcommand, every option is one
     * that subcommand's picocli model declares, and picocli parses the whole line (values, arity).
     */
    static void assertRealCommandLine(List<String> args) {
        Set<String> real = DeployFiles.flagNames(args.get(0));
        List<String> unknown = DeployFiles.flags(args.subList(1, args.size())).keySet().stream()
                .filter(flag -> !real.contains(flag))
                .toList();
        assertTrue(unknown.isEmpty(), unknown + " are not options of sa-issuer " + args.get(0) + " " + real);
        try {
            SaIssuerCommand.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            fail("sa-issuer refuses " + args + ": " + e.getMessage());
        }
    }
}
