package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The two image recipes (Jib profile in issuer/pom.xml, deploy/image/Dockerfile) agree with each other and
 * with the manifests: same entrypoint and JVM flags, the user the pods run as, only the jar added.
 * .ci/image-test.sh builds and runs both images; this test keeps the recipes in step without an engine.
 */
class ImageRecipeTest {
    @Test
    void jibAndDockerfileHaveTheSameEntrypoint() throws Exception {
        assertEquals(dockerfileEntrypoint(), jibConfiguration("entrypoint"));
        assertEquals(List.of("java"), dockerfileEntrypoint().subList(0, 1));
        assertEquals(
                List.of("-jar", "/app/sa-issuer.jar"),
                dockerfileEntrypoint()
                        .subList(
                                dockerfileEntrypoint().size() - 2,
                                dockerfileEntrypoint().size()));
    }

    @Test
    void imageUserIsThePodsUser() throws Exception {
        JsonNode pod =
                DeployFiles.podSpec(DeployFiles.yaml(DeployFiles.STATIC_POD)).path("securityContext");
        String podUser =
                pod.path("runAsUser").asText() + ":" + pod.path("runAsGroup").asText();
        assertEquals(List.of(podUser), jibConfiguration("user"));
        assertEquals(List.of(podUser), instructions("USER"));
        assertTrue(
                DeployFiles.text("deploy/image/build-base.sh").contains("nonroot:x:" + podUser + ":"),
                "the base image has a passwd entry for " + podUser);
    }

    @Test
    void dockerfileAddsTheJarAndTheClassArchiveTheEntrypointNames() throws Exception {
        assertEquals(List.of("sa-issuer.jar sa-issuer.js[a] /app/"), instructions("COPY"));
        assertEquals(List.of(), instructions("ADD"));
        assertEquals(List.of(), instructions("RUN"));
        assertTrue(
                dockerfileJvmFlags().contains("-XX:SharedArchiveFile=/app/sa-issuer.jsa"),
                dockerfileJvmFlags()::toString);
        assertEquals(
                "sa-issuer.jar,sa-issuer.jsa",
                pom().getElementsByTagName("includes").item(0).getTextContent().strip(),
                "Jib adds the same two files");
    }

    /** bench/run.sh measures "as shipped" with the flags it parses from the Dockerfile: the same list. */
    @Test
    void benchReadsTheShippedFlagsFromTheDockerfile() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/jq")), "jq not installed: bench/run.sh's parser not run");
        }
        Path root = DeployFiles.repoRoot();
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -euo pipefail; ROOT=\"$1\"; . \"$1/bench/lib/common.sh\"; . \"$1/bench/lib/saissuer.sh\";"
                                + " shipped_flags; echo \"major $(shipped_java_major)\"",
                        "bash",
                        root.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "bench's parser finished");
        List<String> lines = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(0, bash.exitValue(), lines::toString);
        List<String> expected = new ArrayList<>(dockerfileJvmFlags());
        expected.add("major " + System.getProperty("java.specification.version"));
        assertEquals(expected, lines, "bench/run.sh's shipped flags and runtime are the Dockerfile's");
    }

    /** The JVM flags between "java" and "-jar" in the Dockerfile's entrypoint. */
    static List<String> dockerfileJvmFlags() {
        List<String> entrypoint = dockerfileEntrypoint();
        return entrypoint.subList(1, entrypoint.indexOf("-jar"));
    }

    static List<String> dockerfileEntrypoint() {
        List<String> entrypoint = instructions("ENTRYPOINT");
        assertEquals(1, entrypoint.size(), "one ENTRYPOINT");
        try {
            return DeployFiles.strings(new ObjectMapper().readTree(entrypoint.get(0)));
        } catch (IOException e) {
            throw new AssertionError("ENTRYPOINT is not exec (JSON) form: " + entrypoint.get(0), e);
        }
    }

    /** Arguments of every Dockerfile instruction with this keyword (no line continuations are used). */
    static List<String> instructions(String keyword) {
        List<String> found = new ArrayList<>();
        for (String line : DeployFiles.text(DeployFiles.DOCKERFILE).split("\n")) {
            if (line.startsWith(keyword + " ")) {
                found.add(line.substring(keyword.length() + 1).strip());
            }
        }
        return found;
    }

    /** Values under the Jib plugin's <container><NAME> in the image profile of issuer/pom.xml. */
    static List<String> jibConfiguration(String name) throws Exception {
        NodeList containers = pom().getElementsByTagName("container");
        assertEquals(1, containers.getLength(), "one Jib <container> in issuer/pom.xml");
        Element element = (Element)
                ((Element) containers.item(0)).getElementsByTagName(name).item(0);
        NodeList args = element.getElementsByTagName("arg");
        List<String> values = new ArrayList<>();
        if (args.getLength() == 0) {
            values.add(element.getTextContent().strip());
        }
        for (int i = 0; i < args.getLength(); i++) {
            values.add(args.item(i).getTextContent().strip());
        }
        return values;
    }

    static org.w3c.dom.Document pom() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder()
                .parse(DeployFiles.file("issuer/pom.xml").toFile());
    }
}
