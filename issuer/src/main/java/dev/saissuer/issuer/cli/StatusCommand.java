package dev.saissuer.issuer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.issuer.server.StatusReport;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.FileTimelineStore;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.RotationRules;
import dev.saissuer.keys.TimelineStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Print the key timeline as a table: from a state directory, or from a running server's admin listener.")
final class StatusCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(
            names = "--cache-max-age",
            paramLabel = "DURATION",
            defaultValue = Defaults.CACHE_MAX_AGE,
            description = "With --state-dir: the server's --cache-max-age, to tell when each key is safe to sign with.")
    String cacheMaxAge;

    @Spec
    CommandSpec spec;

    /** Where the timeline comes from. */
    static final class Source {
        @Option(names = "--state-dir", paramLabel = "DIR", description = "The --state-dir of a server (read only).")
        Path stateDir;

        @Option(
                names = "--server",
                paramLabel = "URL",
                description = "A server's admin listener, e.g. http://127.0.0.1:9090.")
        URI server;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode status = source.stateDir != null ? fromStateDir(source.stateDir) : fromServer(source.server);
        print(status, spec.commandLine().getOut());
        return SaIssuerCommand.OK;
    }

    private JsonNode fromStateDir(Path dir) {
        TimelineStore.State state = new FileTimelineStore(dir).load();
        if (state.entries().isEmpty()) {
            throw new BadInputException(dir.resolve(FileTimelineStore.FILE_NAME) + ": no key timeline here");
        }
        RotationRules rules =
                new RotationRules(state.retention(), RotationOptions.duration("--cache-max-age", cacheMaxAge));
        return StatusReport.timeline(
                KeyTimeline.published(state.entries(), rules), state.retention(), List.of(), Instant.now());
    }

    private static JsonNode fromServer(URI server) throws IOException, InterruptedException {
        URI uri = server.resolve("/status");
        HttpResponse<byte[]> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return new ObjectMapper().readTree(response.body());
    }

    static void print(JsonNode status, PrintWriter out) {
        Instant now = Instant.parse(status.path("now").asText());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KID", "ALG", "SOURCE", "FIRST PUBLISHED", "STATE"});
        for (JsonNode key : status.path("keys")) {
            rows.add(new String[] {
                key.path("kid").asText(),
                key.path("alg").asText(),
                key.path("source").asText(),
                key.path("firstPublished").asText().replaceAll("\\.\\d+Z$", "Z"),
                state(key, now)
            });
        }
        printTable(rows, out);
        if (status.has("sources")) {
            out.println();
            List<String[]> sources = new ArrayList<>();
            sources.add(new String[] {"SOURCE", "KEYS", "LAST READ"});
            for (JsonNode s : status.path("sources")) {
                String result = s.path("ok").asBoolean()
                        ? "ok at " + s.path("lastSuccess").asText().replaceAll("\\.\\d+Z$", "Z")
                        : "FAILING since " + s.path("errorSince").asText().replaceAll("\\.\\d+Z$", "Z") + ": "
                                + s.path("error").asText();
                sources.add(
                        new String[] {s.path("name").asText(), s.path("keys").asText(), result});
            }
            printTable(sources, out);
        }
        out.flush();
    }

    private static String state(JsonNode key, Instant now) {
        StringBuilder state = new StringBuilder(key.path("state").asText());
        if (key.has("retireAt")) {
            state.append(" until ").append(key.path("retireAt").asText().replaceAll("\\.\\d+Z$", "Z"));
        }
        if (key.has("safeToSignFrom") && key.path("state").asText().equals("current")) {
            Instant safe = Instant.parse(key.path("safeToSignFrom").asText());
            state.append(key.path("signing").asBoolean() ? ", signing: " : ", ")
                    .append(
                            safe.isAfter(now)
                                    ? "NOT yet safe to sign with; wait " + wait(Duration.between(now, safe))
                                            + " (until " + safe + ")"
                                    : "safe to sign with since "
                                            + safe.toString().replaceAll("\\.\\d+Z$", "Z"));
        }
        return state.toString();
    }

    private static String wait(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s >= 3600
                ? (s / 3600) + "h" + (s % 3600 / 60) + "m"
                : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }

    private static void printTable(List<String[]> rows, PrintWriter out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
