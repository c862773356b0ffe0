package dev.saissuer.issuer.cli;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.saissuer.issuer.DiscoveryClient;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.Durations;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.TokenVerification;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Verify a token as a relying party does (as Kubernetes' conformance test does with go-oidc):",
            "fetch <issuer>/.well-known/openid-configuration, require its issuer to equal the token's iss,",
            "fetch jwks_uri, select the key by kid, then check algorithm, signature, aud, exp and nbf.",
            "Exit 0 printing the subject and claims, or 1 naming the first failing check."
        })
final class VerifyCommand implements Callable<Integer> {
    private static final int MAX_TOKEN_CHARS = 64 * 1024;

    @Option(
            names = "--issuer",
            paramLabel = "URL",
            required = true,
            description = "The issuer URL the token must come from, exactly.")
    String issuer;

    @Option(
            names = "--audience",
            paramLabel = "AUD",
            required = true,
            description = "The audience this relying party is.")
    String audience;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "PEM CA certificate(s) to trust in addition to the system's, for a private CA.")
    Path caCertificates;

    @Option(
            names = "--algorithms",
            paramLabel = "ALG",
            split = ",",
            defaultValue = "RS256,ES256",
            description = "Signature algorithms to accept.")
    List<String> algorithms;

    @Option(
            names = "--leeway",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "Clock skew allowed for exp and nbf.")
    String leeway;

    @Option(
            names = "--insecure-http-loopback",
            description = "Allow an http issuer on a loopback host. For local tests only.")
    boolean insecureHttpLoopback;

    @Parameters(arity = "0..1", paramLabel = "TOKEN", description = "The token; read from standard input when absent.")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        IssuerUrl issuerUrl = IssuerUrl.parse(issuer, insecureHttpLoopback);
        TokenVerification.Expectations expected = new TokenVerification.Expectations(
                issuer, audience, algorithms, Instant.now(), Durations.parse(leeway));
        DiscoveryClient client = new DiscoveryClient(caCertificates);
        String jwt = token != null ? token : readStandardInput();
        TokenVerification.parse(jwt);
        TokenVerification.Result result =
                TokenVerification.verify(jwt, client.fetch(issuerUrl, insecureHttpLoopback), expected);
        PrintWriter out = spec.commandLine().getOut();
        if (!result.accepted()) {
            spec.commandLine().getErr().println("sa-issuer: token rejected: " + result.reason());
            return SaIssuerCommand.FAILURE;
        }
        out.println("subject: " + result.subject());
        out.println("claims: " + JSONObjectUtils.toJSONString(result.claims()));
        return SaIssuerCommand.OK;
    }

    private static String readStandardInput() throws IOException {
        InputStream in = System.in;
        byte[] bytes = in.readNBytes(MAX_TOKEN_CHARS + 1);
        if (bytes.length > MAX_TOKEN_CHARS) {
            throw new BadInputException("token on standard input is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new BadInputException("no token: give it as an argument or on standard input");
        }
        return text;
    }
}
