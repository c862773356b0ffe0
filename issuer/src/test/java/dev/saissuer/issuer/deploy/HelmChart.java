package dev.saissuer.issuer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * deploy/helm/sa-issuer, linted and rendered by real Helm: helm-java links Helm's Go code in (no helm binary, no
 * cluster), so {@code helm lint --strict} and {@code helm template} run in the test JVM.
 */
final class HelmChart {
    static final String CHART = "deploy/helm/sa-issuer";
    static final String RELEASE = "issuer";
    static final String NAMESPACE = "identity";
    /** The fullname of the release: the release name already contains no "sa-issuer", so both are joined. */
    static final String FULLNAME = RELEASE + "-sa-issuer";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private HelmChart() {}

    /** {@code helm template} with {@code --set} values; a {@code fail} or {@code required} throws. */
    static Rendered render(Map<String, ?> values) {
        return render(RELEASE, NAMESPACE, values);
    }

    static Rendered render(String release, String namespace, Map<String, ?> values) {
        TemplateCommand template =
                new Helm(DeployFiles.file(CHART)).template().withName(release).withNamespace(namespace);
        values.forEach(template::set);
        return Rendered.parse(template.call());
    }

    /**
     * {@code helm lint --strict} with the given values. helm-java's lint takes no values, so it lints a copy of the
     * chart whose values.yaml has them merged in (the way --set merges).
     */
    static LintResult lint(Map<String, ?> values, Path scratch) {
        Path copy = scratch.resolve("sa-issuer");
        try {
            copyTree(DeployFiles.file(CHART), copy);
            ObjectNode merged =
                    (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
            values.forEach((key, value) -> put(merged, key, value));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    /** Sets a dotted --set key (a.b.c) in a values tree. */
    private static void put(ObjectNode values, String dottedKey, Object value) {
        String[] path = dottedKey.split("\\.");
        ObjectNode node = values;
        for (int i = 0; i < path.length - 1; i++) {
            node = node.withObjectProperty(path[i]);
        }
        node.set(path[path.length - 1], YAML.valueToTree(value));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** The objects of one rendering, in Helm's order. */
    record Rendered(List<JsonNode> objects) {
        static Rendered parse(String manifests) {
            List<JsonNode> objects = new ArrayList<>();
            try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isEmpty()) {
                        objects.add(document);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("helm template produced unparsable YAML:\n" + manifests, e);
            }
            return new Rendered(List.copyOf(objects));
        }

        List<String> kinds() {
            return objects.stream().map(o -> o.path("kind").asText()).sorted().toList();
        }

        List<JsonNode> all(String kind) {
            return objects.stream()
                    .filter(o -> kind.equals(o.path("kind").asText()))
                    .toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> found = all(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", found " + found.size() + " in " + kinds());
            }
            return found.get(0);
        }

        /** The pod specs of every workload (Deployment, DaemonSet, CronJob). */
        List<JsonNode> podSpecs() {
            List<JsonNode> specs = new ArrayList<>();
            for (JsonNode object : objects) {
                switch (object.path("kind").asText()) {
                    case "Deployment", "DaemonSet" -> specs.add(DeployFiles.podSpec(object));
                    case "CronJob" ->
                        specs.add(object.path("spec")
                                .path("jobTemplate")
                                .path("spec")
                                .path("template")
                                .path("spec"));
                    default -> {}
                }
            }
            return specs;
        }
    }
}
