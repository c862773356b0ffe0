package dev.saissuer.issuer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.saissuer.issuer.cli.SaIssuerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Reads the files under deploy/ and knows the real flags of {@code sa-issuer serve}. */
final class DeployFiles {
    static final String STATIC_POD = "deploy/kubeadm/sa-issuer.yaml";
    static final String DAEMON_SET = "deploy/daemonset/sa-issuer.yaml";
    static final String KUBEADM_CONFIG = "deploy/kubeadm/kubeadm-config.yaml";
    static final String SYSTEMD_UNIT = "deploy/systemd/sa-issuer.service";
    static final String SYSTEMD_ENV = "deploy/systemd/sa-issuer.env";
    static final String DOCKERFILE = "deploy/image/Dockerfile";

    private DeployFiles() {}

    /** The repository root: tests run in the issuer module's directory. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/ directory above " + dir);
    }

    static Path file(String relative) {
        return repoRoot().resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a one-document YAML file strictly (duplicate keys are an error, as kubectl treats them). */
    static JsonNode yaml(String relative) {
        try {
            YAMLMapper mapper = YAMLMapper.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();
            return mapper.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pod spec of a Pod, or of a workload's pod template. */
    static JsonNode podSpec(JsonNode manifest) {
        return "Pod".equals(manifest.path("kind").asText())
                ? manifest.path("spec")
                : manifest.path("spec").path("template").path("spec");
    }

    static JsonNode onlyContainer(JsonNode podSpec) {
        JsonNode containers = podSpec.path("containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** Container args as flag name -> values (flags written as --name=value, as kubeadm writes them). */
    static Map<String, List<String>> flags(List<String> args) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            flags.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : arg.substring(eq + 1));
        }
        return flags;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The long option names of the real serve command, from its picocli model. */
    static Set<String> serveFlagNames() {
        return flagNames("serve");
    }

    /** The long option names of a real subcommand (serve, publish, ...), from its picocli model. */
    static Set<String> flagNames(String command) {
        CommandLine subcommand = SaIssuerCommand.commandLine().getSubcommands().get(command);
        if (subcommand == null) {
            throw new AssertionError("sa-issuer has no " + command + " command (it has "
                    + SaIssuerCommand.commandLine().getSubcommands().keySet() + ")");
        }
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : subcommand.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** SA_ISSUER_SERVICE_ACCOUNT_ISSUER for --service-account-issuer (the documented environment rule). */
    static String environmentName(String flag) {
        return "SA_ISSUER_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
