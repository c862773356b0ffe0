package dev.saissuer.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar sa-issuer-conformance.jar ISSUER [--token T --audience A] [--cacert F] [--profile NAME]...
 * [--proxy HOST:PORT] [--junit-xml FILE]}: fetches the issuer's documents as a relying party would and holds them to
 * the specs, and to each named relying party's documented constraints. Exit 0 when every check passes (skipped ones
 * aside), 1 when any fails, 2 on bad usage (one line on stderr).
 */
@Command(
        name = "sa-issuer-conformance",
        mixinStandardHelpOptions = true,
        version = "sa-issuer conformance kit",
        description = "Checks a service-account issuer (any URL) against OpenID Connect Discovery 1.0, RFC 7517, "
                + "RFC 7518, RFC 8414 and the Kubernetes discovery contract.")
public final class ConformanceKit implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ISSUER", description = "The issuer URL exactly as tokens carry it in iss.")
    String issuer;

    @Option(names = "--token", paramLabel = "JWT", description = "A token from this issuer: also check verification.")
    String token;

    @Option(names = "--audience", paramLabel = "AUD", description = "The audience the token must carry.")
    String audience;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "PEM CA certificate(s) trusted in addition to the system's.")
    Path caCertificates;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junitXml;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "Also hold the issuer to this relying party's documented constraints (repeatable): "
                    + "aws, gcp, azure, vault, go-oidc, rabbitmq-3.10, rabbitmq-4, opensearch.")
    List<String> profileNames = new ArrayList<>();

    @Option(
            names = "--proxy",
            paramLabel = "HOST:PORT",
            description = "Fetch through this HTTP proxy (https by CONNECT), as a relying party behind one does.")
    String proxy;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its one place for usage errors: one line on stderr, exit 2. */
    static CommandLine commandLine() {
        CommandLine command = new CommandLine(new ConformanceKit());
        command.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("sa-issuer-conformance: " + e.getMessage());
            return 2;
        });
        return command;
    }

    /** Runs every spec check against the issuer; the token checks are skipped when token is null. */
    public static Report run(String issuer, String token, String audience, Path caCertificates) {
        return run(issuer, token, audience, caCertificates, List.of(), null);
    }

    /** The spec checks, then each profile's checks, fetching through the proxy when one is given. */
    static Report run(
            String issuer,
            String token,
            String audience,
            Path caCertificates,
            List<Profile> profiles,
            InetSocketAddress proxy) {
        Instant start = Instant.now();
        Observed observed = Observed.fetch(issuer, new HttpFetcher(caCertificates, proxy));
        List<CheckResult> results = new ArrayList<>();
        results.addAll(HttpChecks.run(observed));
        results.addAll(DiscoveryChecks.run(observed));
        results.addAll(JwksChecks.run(observed));
        results.addAll(KeyParameterChecks.run(observed));
        results.addAll(KubernetesChecks.run(observed));
        results.addAll(TokenChecks.run(observed, token, audience, Instant.now()));
        for (Profile profile : profiles) {
            results.addAll(profile.run().apply(observed));
        }
        return new Report(issuer, results, Duration.between(start, Instant.now()));
    }

    @Override
    public Integer call() throws IOException {
        if (token != null && audience == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token needs --audience");
        }
        java.net.URI uri = Urls.parse(issuer)
                .orElseThrow(
                        () -> new CommandLine.ParameterException(spec.commandLine(), "ISSUER is not a URL: " + issuer));
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "ISSUER must be an absolute URL with a host: " + issuer);
        }
        List<Profile> profiles = new ArrayList<>();
        for (String name : profileNames) {
            Profile profile = Profile.named(name)
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(), "unknown --profile " + name + "; valid: " + Profile.names()));
            if (!profiles.contains(profile)) {
                profiles.add(profile);
            }
        }
        Report report = run(issuer, token, audience, caCertificates, profiles, proxyAddress());
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        out.flush();
        if (junitXml != null) {
            Files.writeString(junitXml, report.junitXml(), StandardCharsets.UTF_8);
        }
        return report.passed() ? 0 : 1;
    }

    private InetSocketAddress proxyAddress() {
        if (proxy == null) {
            return null;
        }
        int colon = proxy.lastIndexOf(':');
        try {
            int port = Integer.parseInt(proxy.substring(colon + 1));
            if (colon > 0 && port > 0 && port < 65536) {
                return new InetSocketAddress(proxy.substring(0, colon), port);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--proxy must be HOST:PORT, not " + proxy);
    }
}
