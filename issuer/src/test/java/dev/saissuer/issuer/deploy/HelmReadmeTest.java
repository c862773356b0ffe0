package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every {@code helm install} in deploy/helm/README.md renders as written, and the URLs it gives are the chart's. */
class HelmReadmeTest {
    static final String README = "deploy/helm/README.md";

    /** A README command as bash splits it, and what Helm would make of it. */
    record Install(String line, String release, String namespace, Map<String, String> set) {
        @Override
        public String toString() {
            return release + " " + set;
        }
    }

    static Stream<Install> installs() throws Exception {
        List<Install> installs = new ArrayList<>();
        for (String line : DeployFiles.text(README).lines().toList()) {
            if (line.startsWith("helm install ")) {
                installs.add(parse(line, words(line.substring("helm ".length()))));
            }
        }
        assertTrue(installs.size() >= 5, "the README's install commands: " + installs);
        return installs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void rendersAsWritten(Install install) {
        HelmChart.Rendered rendered = HelmChart.render(install.release(), install.namespace(), install.set());
        assertEquals(1, rendered.podSpecs().size(), install.line());
        for (JsonNode object : rendered.objects()) {
            if (!object.path("metadata").path("namespace").isMissingNode()) {
                assertEquals(
                        install.namespace(),
                        object.path("metadata").path("namespace").asText());
            }
        }
    }

    /** The first install is the "inside any cluster" one: the URLs the README gives are the Service's. */
    @Test
    void insideAnyClusterGivesTheServiceUrlTheMirrorPublishes() throws Exception {
        Install first = installs().findFirst().orElseThrow();
        HelmChart.Rendered rendered = HelmChart.render(first.release(), first.namespace(), first.set());
        List<String> args = DeployFiles.strings(
                DeployFiles.onlyContainer(rendered.podSpecs().get(0)).path("args"));
        String jwksUri =
                DeployFiles.flags(args).get("--service-account-jwks-uri").get(0);
        String readme = DeployFiles.text(README);
        assertTrue(readme.contains("auth_oauth2.jwks_url = " + jwksUri), jwksUri);
        String serviceUrl = jwksUri.substring(0, jwksUri.length() - "/openid/v1/jwks".length());
        assertTrue(readme.contains("openid_connect_url: " + serviceUrl + "/.well-known/openid-configuration"));
        String secret =
                rendered.one("Certificate").path("spec").path("secretName").asText();
        assertTrue(readme.contains("get secret " + secret + " "), "the README reads the CA from " + secret);
        assertFalse(args.stream().anyMatch(a -> a.startsWith("--service-account-issuer=")), "the upstream's issuer");
    }

    /** The top README's short version is the same command and the same URLs, not a second one to keep true. */
    @Test
    void topReadmeRepeatsTheTestedCommand() {
        String chartReadme = DeployFiles.text(README);
        List<String> lines = DeployFiles.text("README.md").lines().toList();
        List<String> installs =
                lines.stream().filter(l -> l.startsWith("helm install ")).toList();
        assertFalse(installs.isEmpty(), "README.md shows the install");
        for (String install : installs) {
            assertTrue(chartReadme.lines().anyMatch(install::equals), install + " is in " + README);
        }
        for (String line : lines) {
            if (line.contains(".identity.svc/")) {
                String url = line.substring(line.indexOf("https://")).split("[ ,]")[0];
                assertTrue(chartReadme.contains(url), url + " is in " + README);
            }
        }
    }

    private static Install parse(String line, List<String> words) {
        assertEquals("install", words.get(0), line);
        assertEquals(HelmChart.CHART, words.get(2), line);
        String namespace = "default";
        Map<String, String> set = new LinkedHashMap<>();
        for (int i = 3; i < words.size(); i++) {
            switch (words.get(i)) {
                case "--namespace" -> namespace = words.get(++i);
                case "--create-namespace" -> {}
                case "--set" -> {
                    String[] keyValue = words.get(++i).split("=", 2);
                    set.put(keyValue[0], keyValue[1]);
                }
                default -> throw new AssertionError("unexpected " + words.get(i) + " in " + line);
            }
        }
        return new Install(line, words.get(1), namespace, set);
    }

    /** The words of a command line, split by bash itself (quotes and backslashes as a user's shell reads them). */
    private static List<String> words(String commandLine) throws IOException, InterruptedException {
        Process bash = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", "printf '%s\\0' " + commandLine)
                .redirectErrorStream(true)
                .start();
        byte[] out = bash.getInputStream().readAllBytes();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash split the line");
        assertEquals(0, bash.exitValue(), new String(out, StandardCharsets.UTF_8));
        return Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\0"));
    }
}
