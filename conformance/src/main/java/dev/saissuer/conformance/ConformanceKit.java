package dev.saissuer.conformance;

import java.io.IOException;
import java.io.PrintWriter;
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
 * {@code java -jar sa-issuer-conformance.jar ISSUER [--token T --audience A] [--cacert F] [--junit-xml FILE]}:
 * fetches the issuer's documents as a relying party would and holds them to the specs. Exit 0 when every check
 * passes (skipped ones aside), 1 when any fails, 2 on bad usage.
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

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceKit()).execute(args));
    }

    /** Runs every check against the issuer; the token checks are skipped when token is null. */
    public static Report run(String issuer, String token, String audience, Path caCertificates) {
        Instant start = Instant.now();
        Observed observed = Observed.fetch(issuer, new HttpFetcher(caCertificates));
        List<CheckResult> results = new ArrayList<>();
        results.addAll(HttpChecks.run(observed));
        results.addAll(DiscoveryChecks.run(observed));
        results.addAll(JwksChecks.run(observed));
        results.addAll(KeyParameterChecks.run(observed));
        results.addAll(KubernetesChecks.run(observed));
        results.addAll(TokenChecks.run(observed, token, audience, Instant.now()));
        return new Report(issuer, results, Duration.between(start, Instant.now()));
    }

    @Override
    public Integer call() throws IOException {
        if (token != null && audience == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token needs --audience");
        }
        try {
            java.net.URI uri = new java.net.URI(issuer);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "ISSUER must be an absolute URL with a host: " + issuer);
            }
        } catch (java.net.URISyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "ISSUER is not a URL: " + e.getMessage());
        }
        Report report = run(issuer, token, audience, caCertificates);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        out.flush();
        if (junitXml != null) {
            Files.writeString(junitXml, report.junitXml(), StandardCharsets.UTF_8);
        }
        return report.passed() ? 0 : 1;
    }
}
