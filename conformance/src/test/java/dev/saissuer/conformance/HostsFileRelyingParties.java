package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Nimbus and Spring, as {@link RelyingPartyPanel} runs them, in a JVM of their own that resolves names through a
 * hosts file ({@code -Djdk.net.hosts.file}, read once when the JVM starts, so the test JVM cannot take it up):
 * for an issuer whose host name only that file knows, such as a virtual-hosted bucket's.
 */
final class HostsFileRelyingParties {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HostsFileRelyingParties() {}

    /** The verdicts, keyed {@code "nimbus NAME"} and {@code "spring NAME"}, on each named token. */
    static Map<String, RelyingParty.Verdict> verify(
            Path hostsFile, String issuer, String audience, Path caFile, Map<String, String> tokens, Path scratch)
            throws Exception {
        List<String> lines = new ArrayList<>();
        tokens.forEach((name, token) -> lines.add(name + " " + token));
        Path in = Files.write(scratch.resolve("tokens.txt"), lines);
        Path out = scratch.resolve("verdicts.txt");
        Path log = scratch.resolve("relying-parties.log");
        Process process = ChildProcesses.start(
                new ProcessBuilder(
                        JavaJar.java(),
                        "-Djdk.net.hosts.file=" + hostsFile.toAbsolutePath(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HostsFileRelyingParties.class.getName(),
                        issuer,
                        audience,
                        caFile.toAbsolutePath().toString(),
                        in.toString(),
                        out.toString()),
                log);
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "Nimbus and Spring did not finish within " + TIMEOUT + "\n" + ChildProcesses.tail(log, 40));
            }
        } finally {
            ChildProcesses.stop(process, Duration.ofSeconds(5));
        }
        assertEquals(0, process.exitValue(), ChildProcesses.tail(log, 40));
        Map<String, RelyingParty.Verdict> verdicts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.split("\t", 4);
            verdicts.put(parts[0] + " " + parts[1], new RelyingParty.Verdict("accepted".equals(parts[2]), parts[3]));
        }
        return verdicts;
    }

    /** {@code ISSUER AUDIENCE CA_FILE TOKENS_FILE OUT_FILE}: one tab-separated verdict line per library and token. */
    public static void main(String[] args) throws Exception {
        String issuer = args[0];
        String audience = args[1];
        SSLContext tls = TestCa.trusting(readCertificate(Path.of(args[2])));
        NimbusRelyingParty nimbus = new NimbusRelyingParty(issuer, audience, tls);
        List<String> verdicts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            String name = line.substring(0, line.indexOf(' '));
            String token = line.substring(line.indexOf(' ') + 1);
            verdicts.add(line("nimbus", name, nimbus.verify(token)));
            verdicts.add(line("spring", name, SpringRelyingParty.verify(issuer, audience, tls, token)));
        }
        Files.write(Path.of(args[4]), verdicts);
        System.exit(0); // not waiting for idle client threads to time out
    }

    private static String line(String library, String name, RelyingParty.Verdict verdict) {
        return String.join(
                "\t",
                library,
                name,
                verdict.accepted() ? "accepted" : "rejected",
                verdict.detail().replaceAll("\\s+", " "));
    }

    private static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot read the CA certificate " + file, e);
        }
    }
}
